"""Scaffold a paper review with every front-matter field, offline.

Writes ``paper_reviews/<slug>.md`` with every front-matter field and the
sections a review needs. Nothing is fetched from arXiv: the command fills in
what the id itself tells (the URL and the year of submission) and what you
pass on the command line, and leaves ``TODO`` markers everywhere else, which
``scaledown check`` reports until you replace them.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> path = scaffold_review(root, "1503.02531",
    ...                        title="Distilling the Knowledge in a Neural Network")
    >>> path.relative_to(root).as_posix()
    'paper_reviews/distilling-the-knowledge-in-a-neural-network.md'
    >>> from scaledown.site.frontmatter import read_markdown
    >>> meta = read_markdown(path).meta
    >>> meta["arxiv"], meta["year"], meta["url"]
    ('1503.02531', 2015, 'https://arxiv.org/abs/1503.02531')
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import InputError
from ..project import project_root
from .frontmatter import write_markdown
from .reviews import DIFFICULTIES, REVIEWS_DIR, TOPICS, arxiv_problem, arxiv_year, clean_arxiv

TODO_BODY = """\
# {heading}

## The problem

TODO: what problem does the paper attack, and why does it matter to someone
deploying models on small devices? Two or three short paragraphs, in your own
words; never copy the paper's sentences.

## The key idea in plain words

TODO: explain the idea so that a reader who has trained one model can follow.

## What the paper reports

TODO: the main results with figures exactly as the paper reports them, naming
the table, figure or section each figure comes from. If you are not sure of a
number, describe the result without it.

## Limitations

TODO: what the paper does not show, and where its results may not carry over.

## What it means on a microcontroller

TODO: flash, RAM, latency, toolchains: what should a practitioner take away?

## Try it

TODO: one or two sentences on what the block shows, and why our numbers differ
from the paper's (smaller model, smaller data, different hardware).

```python
import scaledown as sd

(x_train, y_train), (x_test, y_test) = sd.datasets.load_digits()
# TODO: demonstrate the idea in under a minute on two CPU cores, then state each
# comparison, e.g. sd.reviews.claim("int8 accuracy", ours=100 * acc, paper=..., unit="%",
#                                   source="Table 1", note="why they differ")
```
"""


def review_slug(arxiv: str, title: str | None) -> str:
    """The file name (without ``.md``) for a new review.

    Example:
        >>> review_slug("1803.03635", "The Lottery Ticket Hypothesis")
        'the-lottery-ticket-hypothesis'
        >>> review_slug("1803.03635v5", None)
        'arxiv-1803-03635'
    """
    from .slugs import slugify

    slug = slugify(title or "")
    return slug or "arxiv-" + clean_arxiv(arxiv).split("v")[0].replace(".", "-")


def _check_reviewer(root: Path, reviewer: str | None) -> str:
    from .authors import load_authors

    known = sorted(load_authors(root))
    if reviewer is None:
        return "TODO: your author id from docs/blog/.authors.yml"
    if reviewer not in known:
        raise InputError(
            f"unknown reviewer '{reviewer}' (--reviewer)",
            why="reviewers are author ids from docs/blog/.authors.yml; known: "
            + (", ".join(known) or "none"),
            fix="add yourself to docs/blog/.authors.yml first, or pass a known id",
        )
    return reviewer


def _already_reviewed(root: Path, arxiv: str) -> str | None:
    from ..errors import ContentError
    from .frontmatter import read_markdown
    from .reviews import review_files

    wanted = arxiv.split("v")[0]
    for path in review_files(root):
        try:
            found = read_markdown(path).meta.get("arxiv")
        except ContentError:
            continue  # a broken file is reported by 'scaledown check'
        if isinstance(found, str) and clean_arxiv(found).split("v")[0] == wanted:
            return path.relative_to(root).as_posix()
    return None


def scaffold_review(root: Path, arxiv: str, *, title: str | None = None,
                    reviewer: str | None = None, force: bool = False) -> Path:
    """Write a new review skeleton and return its path.

    Args:
        root: The project folder.
        arxiv: The paper's arXiv id, e.g. ``"2007.10319"``.
        title: The paper's title; becomes the file name too.
        reviewer: Your author id from ``docs/blog/.authors.yml``.
        force: Overwrite an existing file of the same name.

    Returns:
        The path of the new file.

    Raises:
        InputError: malformed arXiv id, paper already reviewed, unknown
            reviewer, or the file exists.

    Example:
        >>> import tempfile
        >>> try:
        ...     scaffold_review(Path(tempfile.mkdtemp()), "2007.1031")
        ... except InputError as err:
        ...     print(err.what)
        '2007.1031' has 4 digits after the dot; ids from 2015 on have 5 (YYMM.NNNNN) (--arxiv)
    """
    reason = arxiv_problem(arxiv)
    if reason:
        raise InputError(f"{reason} (--arxiv)",
                         fix="copy the id from the paper's arXiv page, e.g. --arxiv 2007.10319")
    arxiv = clean_arxiv(arxiv)
    root = Path(root)
    path = root / REVIEWS_DIR / f"{review_slug(arxiv, title)}.md"
    existing = _already_reviewed(root, arxiv)
    if existing is not None and existing != path.relative_to(root).as_posix():
        raise InputError(f"arXiv {arxiv.split('v')[0]} is already reviewed in {existing}",
                         why="each paper has one review, so readers find everything in one place",
                         fix=f"improve {existing} instead")
    who = _check_reviewer(root, reviewer)
    if path.exists() and not force:
        raise InputError(f"{path.relative_to(root).as_posix()} already exists",
                         why="a review of this paper (or one with the same title) is there",
                         fix="edit that file, pass a different --title, or add --force")
    meta = {
        "title": title or "TODO: the paper's title, as printed",
        "authors": ["TODO: first author", "TODO: second author"],
        "venue": "TODO: where it was published, e.g. NeurIPS 2020, or 'arXiv preprint'",
        "year": arxiv_year(arxiv),
        "arxiv": arxiv,
        "url": f"https://arxiv.org/abs/{arxiv}",
        "topics": [f"TODO: one or more of {', '.join(TOPICS)}"],
        "reviewer": who,
        "difficulty": f"TODO: {' or '.join(DIFFICULTIES)}",
        "implemented_in": "TODO: a name from scaledown.methods.names(), or delete this line",
        "summary": "TODO: one or two sentences for the index page",
    }
    write_markdown(path, meta, TODO_BODY.format(heading=title or "TODO: the paper's title"))
    return path


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``scaledown new review``.

    Example:
        >>> parser = argparse.ArgumentParser()
        >>> configure_new(parser)
        >>> parser.parse_args(["--arxiv", "1712.05877"]).arxiv
        '1712.05877'
    """
    parser.add_argument("--arxiv", required=True, metavar="ID",
                        help="the paper's arXiv id, e.g. 2007.10319 (nothing is downloaded)")
    parser.add_argument("--title", help="the paper's title (also names the file)")
    parser.add_argument("--reviewer", metavar="ID", help="your author id in docs/blog/.authors.yml")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing review file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run_new(args: argparse.Namespace) -> int:
    """Scaffold the review and tell the user what to fill in.

    Example:
        >>> import tempfile, contextlib, io
        >>> ns = argparse.Namespace(arxiv="1704.04861", title="MobileNets", reviewer=None,
        ...                         root=Path(tempfile.mkdtemp()), force=False, json=True)
        >>> out = io.StringIO()
        >>> with contextlib.redirect_stdout(out):
        ...     code = run_new(ns)
        >>> code, json.loads(out.getvalue())["path"]
        (0, 'paper_reviews/mobilenets.md')
    """
    root = project_root(args.root) if args.root is None else Path(args.root)
    path = scaffold_review(root, args.arxiv, title=args.title, reviewer=args.reviewer,
                           force=args.force)
    rel = path.relative_to(root).as_posix()
    todos = sum(line.count("TODO") for line in path.read_text(encoding="utf-8").splitlines())
    if args.json:
        print(json.dumps({"path": rel, "todo_markers": todos}))
    else:
        print(f"wrote {rel} with {todos} TODO markers")
        print("next: fill in every TODO (scaledown check --only reviews lists what is left)")
        print(f"then list it in mkdocs.yml under 'Paper reviews:': "
              f"- Short title: reviews/{path.stem}.md")
    return 0
