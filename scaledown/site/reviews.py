"""Paper reviews: the front-matter model, its checks, and citations.

A review is one Markdown file in ``paper_reviews/``; the file name (without
``.md``) is its slug and its URL. The front matter describes the paper::

    ---
    title: "Distilling the Knowledge in a Neural Network"
    authors: [Geoffrey Hinton, Oriol Vinyals, Jeff Dean]
    venue: NIPS 2014 Deep Learning Workshop
    year: 2015
    arxiv: "1503.02531"          # or  doi: 10.xxxx/yyyy  (quote the arXiv id!)
    url: https://arxiv.org/abs/1503.02531
    topics: [distillation]
    reviewer: scaledown-team     # an author id from docs/blog/.authors.yml
    difficulty: beginner         # or mid-career
    implemented_in: knowledge-distillation   # optional: scaledown.methods.names()
    summary: One or two sentences for the index page.   # optional
    ---

:func:`check_reviews` is registered in :data:`scaledown.site.pipeline.CHECKERS`
as ``"reviews"``, so ``scaledown check`` and the site build report every problem
with its file and line. :func:`bibtex` and :func:`plain_citation` turn a review
into the citation block shown on its page.

Example:
    >>> review = Review(path=Path("paper_reviews/kd.md"), slug="kd",
    ...     title="Distilling the Knowledge in a Neural Network",
    ...     authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
    ...     venue="NIPS 2014 Deep Learning Workshop", year=2015, arxiv="1503.02531",
    ...     url="https://arxiv.org/abs/1503.02531", topics=("distillation",),
    ...     reviewer="scaledown-team", difficulty="beginner")
    >>> print(plain_citation(review)[:71])
    Hinton, G., Vinyals, O., & Dean, J. (2015). Distilling the Knowledge in
    >>> bibtex(review).splitlines()[0]
    '@inproceedings{hinton2015distilling,'
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..vocabulary.problem import Problem
from .citations import bibtex as bibtex  # re-exported: citations belong to reviews
from .citations import citation_key as citation_key
from .citations import plain_citation as plain_citation
from .frontmatter import Document, read_markdown

REVIEWS_DIR = "paper_reviews"
TOPICS: tuple[str, ...] = (
    "quantization",
    "pruning",
    "distillation",
    "architecture",
    "hardware",
    "benchmarking",
    "deployment",
)
DIFFICULTIES: tuple[str, ...] = ("beginner", "mid-career")
REQUIRED: tuple[str, ...] = (
    "title", "authors", "venue", "year", "url", "topics", "reviewer", "difficulty",
)
OPTIONAL: tuple[str, ...] = ("arxiv", "doi", "implemented_in", "summary")
MIN_YEAR = 1950
MIN_WORDS = 600

# New-style arXiv ids: YYMM.NNNN until December 2014, YYMM.NNNNN from January 2015.
_ARXIV = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?P<version>v[1-9]\d*)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_TODO = re.compile(r"\bTODO\b")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019.-]*")
_FIX_TEMPLATE = "compare with 'scaledown new review --arxiv ID', which writes every field"


@dataclass(frozen=True)
class Review:
    """One paper review, with front matter that passed :func:`validate`."""

    path: Path
    slug: str
    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    url: str
    topics: tuple[str, ...]
    reviewer: str
    difficulty: str
    arxiv: str | None = None
    doi: str | None = None
    implemented_in: str | None = None
    summary: str = ""
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def page(self) -> str:
        """The generated page, relative to the site root.

        Example:
            >>> _example().page
            'reviews/kd.md'
        """
        return f"reviews/{self.slug}.md"


def arxiv_problem(value: Any) -> str | None:
    """Why ``value`` is not a valid arXiv id, or None when it is fine.

    Example:
        >>> arxiv_problem("1510.00149") is None, arxiv_problem("1704.04861v3") is None
        (True, True)
        >>> arxiv_problem("1510.149")
        "'1510.149' is not an arXiv id: expected YYMM.NNNNN such as 2106.07597 (optionally v2)"
        >>> arxiv_problem("1412.12345")
        "'1412.12345' has 5 digits after the dot; ids before 2015 have 4 (YYMM.NNNN)"
    """
    if isinstance(value, float):
        return (f"the arXiv id {value!r} was read as a number, which can drop digits "
                "(1510.00140 would become 1510.0014)")
    match = _ARXIV.match(clean_arxiv(value))
    if not match:
        return (f"'{value}' is not an arXiv id: expected YYMM.NNNNN such as 2106.07597 "
                "(optionally v2)")
    if not 1 <= int(match["mm"]) <= 12:
        return f"'{value}' has month {match['mm']}; the first four digits are YYMM"
    yymm = match["yy"] + match["mm"]
    digits = len(match["num"])
    if yymm >= "1501" and digits != 5:
        return f"'{value}' has {digits} digits after the dot; ids from 2015 on have 5 (YYMM.NNNNN)"
    if yymm < "1501" and digits != 4:
        return f"'{value}' has {digits} digits after the dot; ids before 2015 have 4 (YYMM.NNNN)"
    if int(yymm[:2]) < 7:  # the YYMM.NNNN scheme started in April 2007
        return f"'{value}' would date from 20{yymm[:2]}; new-style arXiv ids start in 2007"
    return None


def clean_arxiv(value: Any) -> str:
    """An arXiv id as written in front matter, without spaces or an ``arXiv:`` prefix.

    Example:
        >>> clean_arxiv(" arXiv:1503.02531v1 ")
        '1503.02531v1'
    """
    return str(value).strip().removeprefix("arXiv:").removeprefix("arxiv:")


def arxiv_year(arxiv: str) -> int:
    """The year an arXiv id was first submitted.

    Example:
        >>> arxiv_year("1503.02531v1")
        2015
    """
    return 2000 + int(clean_arxiv(arxiv)[:2])


def review_files(root: Path) -> list[Path]:
    """The review sources under ``root/paper_reviews`` (README and ``_*`` files skipped).

    Example:
        >>> review_files(Path("/nonexistent"))
        []
    """
    folder = Path(root) / REVIEWS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md")
                  if not p.name.startswith(("_", ".")) and p.name.lower() != "readme.md")


def _close(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _todo_problems(doc: Document, rel: str) -> list[Problem]:
    problems = []
    for key, value in doc.meta.items():
        if _TODO.search(str(value)):
            problems.append(Problem(rel, doc.line_of(key), f"'{key}' still has a TODO marker",
                                    fix=f"replace the TODO in '{key}' with the real value"))
    for offset, line in enumerate(doc.body.splitlines()):
        if _TODO.search(line):  # in prose and in code: the scaffold puts TODOs in both
            problems.append(Problem(rel, doc.body_line + offset,
                                    "the review text still has a TODO marker",
                                    fix="write this part of the review, then remove 'TODO'"))
    return problems


def word_count(markdown: str) -> int:
    """Words of prose in a Markdown body, not counting fenced code.

    Example:
        >>> word_count("Two words.\\n```python\\nprint('not counted')\\n```\\n")
        2
    """
    prose, in_fence = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if not in_fence:
            prose.append(line)
    return len(_WORD.findall("\n".join(prose)))


def validate(doc: Document, rel: str, *, reviewers: Iterable[str] | None,
             methods: Iterable[str], today: dt.date | None = None) -> list[Problem]:
    """Every problem in one review's front matter and body.

    Args:
        doc: The review as read by :func:`~scaledown.site.frontmatter.read_markdown`.
        rel: The path to print in problems (relative to the project root).
        reviewers: Known author ids; ``None`` skips the reviewer check.
        methods: Names registered in :mod:`scaledown.methods`.
        today: The date used for the "year in the future" check.

    Returns:
        Problems, each with the line of the field at fault.

    Example:
        >>> from scaledown.site.frontmatter import Document
        >>> doc = Document(Path("r.md"), {"title": "T", "authors": ["A B"], "venue": "V",
        ...     "year": 1900, "arxiv": "15.1", "url": "https://x", "topics": ["pruning"],
        ...     "reviewer": "bob", "difficulty": "beginner", "implemented_in": "magic"},
        ...     "", 14, {"year": 5, "arxiv": 6, "reviewer": 9, "implemented_in": 11})
        >>> for p in validate(doc, "r.md", reviewers={"ada"}, methods={"int8-ptq"}):
        ...     if p.severity == "error":
        ...         print(p.line, p.message)
        5 year 1900 is impossible: it must be between 1950 and the current year
        6 '15.1' is not an arXiv id: expected YYMM.NNNNN such as 2106.07597 (optionally v2)
        9 unknown reviewer 'bob'
        11 implemented_in 'magic' is not a registered scaledown method
        14 the review has no '## Try it' section
    """
    meta, today = doc.meta, today or dt.date.today()
    problems: list[Problem] = []
    # a field still holding a scaffold TODO gets one problem (the TODO), not several
    todo_keys = {key for key, value in meta.items() if _TODO.search(str(value))}

    def add(key: str, message: str, fix: str, severity: str = "error") -> None:
        if key in todo_keys:
            return
        problems.append(Problem(rel, doc.line_of(key), message, fix=fix, severity=severity))  # type: ignore[arg-type]

    if not meta:
        return [Problem(rel, 1, "the review has no front matter",
                        fix="start the file with '---', the fields, and '---'; " + _FIX_TEMPLATE)]
    for key in REQUIRED:
        if meta.get(key) in (None, "", []):
            add(key, f"missing required field '{key}'", f"add '{key}:' to the front matter; "
                + _FIX_TEMPLATE)
    if not meta.get("arxiv") and not meta.get("doi"):
        add("arxiv", "the review needs an 'arxiv' id or a 'doi'",
            "add 'arxiv: \"YYMM.NNNNN\"' (in quotes) or 'doi: 10.xxxx/yyyy'")
    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            add(key, f"unknown field '{key}'{_close(key, REQUIRED + OPTIONAL)}",
                "remove it or correct the name; allowed: " + ", ".join(REQUIRED + OPTIONAL),
                severity="warning")

    for key in ("title", "venue", "reviewer", "difficulty", "url"):
        if meta.get(key) not in (None, "") and not isinstance(meta.get(key), str):
            add(key, f"'{key}' must be text, got {meta[key]!r}", f"write '{key}: some text'")
    if meta.get("authors") not in (None, "", []) and _strings(meta.get("authors")) is None:
        add("authors", "'authors' must be a list of names",
            "write one name per line under 'authors:', each starting with '- '")

    year = meta.get("year")
    if year not in (None, ""):
        if isinstance(year, bool) or not isinstance(year, int):
            add("year", f"year must be a whole number, got {year!r}", "write e.g. 'year: 2018'")
        elif not MIN_YEAR <= year <= today.year:
            add("year", f"year {year} is impossible: it must be between {MIN_YEAR} and the "
                "current year", "use the year the paper was published")

    if meta.get("arxiv") not in (None, ""):
        reason = arxiv_problem(meta["arxiv"])
        if reason:
            add("arxiv", reason, "write the id in quotes, e.g. arxiv: \"1712.05877\"")
    doi = meta.get("doi")
    if doi not in (None, "") and not (isinstance(doi, str) and _DOI.match(doi.strip())):
        add("doi", f"'{doi}' is not a DOI", "write it as 10.NNNN/suffix, without https://doi.org/")
    url = meta.get("url")
    if isinstance(url, str) and url and not url.startswith(("https://", "http://")):
        add("url", f"url '{url}' is not a web address", "start it with https://")

    topics = meta.get("topics")
    if topics not in (None, "", []):
        listed = _strings(topics)
        if listed is None:
            add("topics", "'topics' must be a list", "write e.g. 'topics: [quantization]'")
        else:
            for topic in listed:
                if topic not in TOPICS:
                    add("topics", f"unknown topic '{topic}'{_close(topic, TOPICS)}",
                        "choose from: " + ", ".join(TOPICS))
    difficulty = meta.get("difficulty")
    if isinstance(difficulty, str) and difficulty and difficulty not in DIFFICULTIES:
        add("difficulty", f"unknown difficulty '{difficulty}'{_close(difficulty, DIFFICULTIES)}",
            "choose from: " + ", ".join(DIFFICULTIES))

    reviewer = meta.get("reviewer")
    if reviewers is not None and isinstance(reviewer, str) and reviewer:
        known = sorted(reviewers)
        if reviewer not in known:
            add("reviewer", f"unknown reviewer '{reviewer}'{_close(reviewer, known)}",
                "use an author id from docs/blog/.authors.yml (known: "
                + (", ".join(known) or "none") + ") or add yourself there")

    method = meta.get("implemented_in")
    if method not in (None, ""):
        names = sorted(methods)
        if not isinstance(method, str) or method not in names:
            add("implemented_in",
                f"implemented_in '{method}' is not a registered scaledown method"
                f"{_close(str(method), names)}",
                "use one of " + ", ".join(names) + ", or delete the line if scaledown does not "
                "implement this paper")

    problems.extend(_todo_problems(doc, rel))
    words = word_count(doc.body)
    if words < MIN_WORDS:
        problems.append(Problem(rel, doc.body_line, f"the review has {words} words; reviews "
                                f"have at least {MIN_WORDS}", severity="warning",
                                fix="cover the problem, key idea, results, limitations and "
                                "what it means on a microcontroller"))
    problems.extend(_try_it_problems(doc, rel))
    return problems


_TRY_IT = re.compile(r"^##\s+Try it\b.*$", re.MULTILINE)
_NEXT_SECTION = re.compile(r"^#{1,2}\s", re.MULTILINE)
_PYTHON_FENCE = re.compile(r"^\s*(```+|~~~+)\s*\{?\s*\.?(python|py)\b", re.MULTILINE)


def _try_it_problems(doc: Document, rel: str) -> list[Problem]:
    """The review contract's "Try it" rule: a '## Try it' section holding a Python block.

    Example:
        >>> doc = Document(Path("r.md"), {}, "# R\\n\\n## Try it\\n\\nSoon.\\n", 5)
        >>> [(p.line, p.severity, p.message) for p in _try_it_problems(doc, "r.md")]
        [(7, 'error', "the '## Try it' section has no ```python block")]
    """
    fix = ("end the review with '## Try it' and one short ```python block that runs offline "
           "and prints our numbers beside the paper's (paper_reviews/README.md)")
    heading = _TRY_IT.search(doc.body)
    if heading is None:
        return [Problem(rel, doc.body_line, "the review has no '## Try it' section", fix=fix)]
    after = doc.body[heading.end():]
    following = _NEXT_SECTION.search(after)
    section = after[: following.start()] if following else after
    if _PYTHON_FENCE.search(section):
        return []
    return [Problem(rel, doc.line_in_body(heading.start()),
                    "the '## Try it' section has no ```python block", fix=fix)]


def to_review(doc: Document, slug: str) -> Review:
    """Build a :class:`Review` from a document that passed :func:`validate`.

    Example:
        >>> _example().authors[0]
        'Geoffrey Hinton'
    """
    meta = doc.meta
    return Review(
        path=doc.path, slug=slug, title=meta["title"].strip(),
        authors=_strings(meta["authors"]) or (), venue=str(meta["venue"]).strip(),
        year=int(meta["year"]), url=str(meta["url"]).strip(), topics=_strings(meta["topics"]) or (),
        reviewer=str(meta["reviewer"]), difficulty=str(meta["difficulty"]),
        arxiv=clean_arxiv(meta["arxiv"]) if meta.get("arxiv") else None,
        doi=str(meta["doi"]).strip() if meta.get("doi") else None,
        implemented_in=meta.get("implemented_in") or None,
        summary=" ".join(str(meta.get("summary") or "").split()),
        body=doc.body, body_line=doc.body_line, key_lines=dict(doc.key_lines),
    )


def _known_reviewers(root: Path) -> tuple[set[str] | None, list[Problem]]:
    from .authors import load_authors

    try:
        return set(load_authors(root)), []
    except ContentError as err:
        return None, list(err.problems)


def _method_names() -> set[str]:
    from .. import methods

    return set(methods.names())


def load_reviews(root: Path, *, today: dt.date | None = None) -> tuple[list[Review], list[Problem]]:
    """Read and validate every review; return the valid ones and all problems.

    A review with errors is left out of the list (warnings do not exclude it).

    Example:
        >>> load_reviews(Path("/nonexistent"))
        ([], [])
    """
    root = Path(root)
    files = review_files(root)
    if not files:
        return [], []
    reviewers, problems = _known_reviewers(root)
    methods = _method_names()
    reviews: list[Review] = []
    seen: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            doc = read_markdown(path)
        except ContentError as err:
            problems.extend(Problem(rel, p.line, p.message, fix=p.fix) for p in err.problems)
            continue
        found = validate(doc, rel, reviewers=reviewers, methods=methods, today=today)
        if not _SLUG.match(path.stem):
            found.append(Problem(rel, None, f"file name '{path.name}' is not a slug",
                                 fix="use lowercase letters, digits and dashes, e.g. "
                                 "'lottery-ticket.md'"))
        arxiv = doc.meta.get("arxiv")
        if isinstance(arxiv, str) and arxiv.strip():
            key = clean_arxiv(arxiv).split("v")[0]
            if key in seen:
                found.append(Problem(rel, doc.line_of("arxiv"),
                                     f"arXiv {key} is already reviewed in {seen[key]}",
                                     fix="extend the existing review instead of adding a second"))
            seen.setdefault(key, rel)
        problems.extend(found)
        if not any(p.severity == "error" for p in found):
            reviews.append(to_review(doc, path.stem))
    return reviews, problems


def _nav_pages(node: Any) -> set[str]:
    if isinstance(node, str):
        return {node}
    if isinstance(node, list):
        return set().union(*(_nav_pages(item) for item in node)) if node else set()
    if isinstance(node, dict):
        return set().union(*(_nav_pages(value) for value in node.values())) if node else set()
    return set()


def nav_problems(root: Path, reviews: Iterable[Review]) -> list[Problem]:
    """Reviews missing from the ``nav`` of ``mkdocs.yml``.

    A strict build fails on a page that is not in the nav, so a new review is
    reported here with the line to add. Nothing is checked when the nav lists
    no review page at all (only the index, or no nav).

    Example:
        >>> nav_problems(Path("/nonexistent"), [_example()])
        []
    """
    from .siteconfig import read_site_config

    listed = {p for p in _nav_pages(read_site_config(root).get("nav"))
              if p.startswith("reviews/")}
    if not listed - {"reviews/index.md"}:
        return []
    return [Problem(review.path.relative_to(root).as_posix() if review.path.is_absolute()
                    else review.path, None, f"{review.page} is not in the nav of mkdocs.yml",
                    fix=f"add '      - {review.title.split(':')[0]}: {review.page}' under "
                    "'Paper reviews:' in mkdocs.yml")
            for review in reviews if review.page not in listed]


def check_reviews(root: Path) -> list[Problem]:
    """The ``"reviews"`` checker: every problem in ``paper_reviews/``.

    Example:
        >>> check_reviews(Path("/nonexistent"))
        []
    """
    reviews, problems = load_reviews(root)
    return problems + nav_problems(Path(root), reviews)


def _example() -> Review:
    """A small review used by the docstring examples."""
    return Review(path=Path("paper_reviews/kd.md"), slug="kd",
                  title="Distilling the Knowledge in a Neural Network",
                  authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
                  venue="NIPS 2014 Deep Learning Workshop", year=2015, arxiv="1503.02531",
                  url="https://arxiv.org/abs/1503.02531", topics=("distillation",),
                  reviewer="scaledown-team", difficulty="beginner",
                  implemented_in="knowledge-distillation")
