"""Turn ``paper_reviews/*.md`` into the site's "Paper reviews" section.

Generates ``reviews/index.md`` (a list filterable by topic, year and
difficulty), one ``reviews/<slug>.md`` per review (the review, a box with the
paper's details, a citation block with BibTeX and plain text, and links to the
framework's implementation and to the tutorials that use it), and the small
script and stylesheet the index needs, served from the site itself.

The list is plain HTML that works without JavaScript; the script only hides
items that do not match the chosen filters.

Registered in :data:`scaledown.site.pipeline.GENERATORS` as ``"reviews"``.

Example:
    >>> from scaledown.site.reviews import _example
    >>> page = review_page(_example(), reviewer_name="ScaleDown team", tutorials=[])
    >>> "```bibtex" in page and "knowledge-distillation" in page
    True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

from ..vocabulary.generated import GeneratedFile
from .escape import html_attr, markdown_text, markdown_url, one_line, yaml_text
from .reviews import DIFFICULTIES, TOPICS, Review, bibtex, load_reviews, plain_citation

SCRIPT = "reviews/reviews-filter.js"
STYLES = "reviews/reviews.css"
TOPIC_LABELS = {"quantization": "Quantization", "pruning": "Pruning",
                "distillation": "Distillation", "architecture": "Architecture",
                "hardware": "Hardware", "benchmarking": "Benchmarking",
                "deployment": "Deployment"}
_API_CALL = re.compile(r"\bsd\.(\w+)\(")
_MD_SYNTAX = re.compile(r"[\\`*_\[\]{}():!~^+|]")
_SCHEME = re.compile(r"""scheme\s*=\s*["']([\w-]+)["']""")

_JS = """\
// Filter the paper-review list by topic, year and difficulty (no other host is contacted).
(function () {
  function setup() {
    var form = document.getElementById("sd-review-filters");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll(".sd-review"));
    var count = document.getElementById("sd-review-count");
    function apply() {
      var topic = form.elements.topic.value;
      var year = form.elements.year.value;
      var level = form.elements.difficulty.value;
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!topic || item.dataset.topics.split(" ").indexOf(topic) >= 0) &&
                 (!year || item.dataset.year === year) &&
                 (!level || item.dataset.difficulty === level);
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + items.length + " reviews";
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else { setup(); }
})();
"""

_CSS = """\
/* Paper-review index: filter bar and list. Colours come from the Material theme. */
.sd-review-filters { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end;
  margin: 1rem 0; }
.sd-review-filters label { display: flex; flex-direction: column; font-size: .7rem; }
.sd-review-filters select, .sd-review-filters button { font: inherit; padding: .2rem .4rem;
  color: var(--md-default-fg-color); background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--lighter); border-radius: .2rem; }
.sd-review-list { list-style: none; padding: 0; margin-left: 0; }
.sd-review-list > li.sd-review { margin: 0 0 1rem; padding: .6rem .8rem; list-style: none;
  border-left: .2rem solid var(--md-primary-fg-color); }
.sd-review[hidden] { display: none; }
.sd-review-meta { font-size: .7rem; color: var(--md-default-fg-color--light); }
.sd-chip { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border-radius: .6rem;
  font-size: .65rem; background: var(--md-default-fg-color--lightest); }
"""


def _esc(text: object) -> str:
    return html_attr(text)


def api_anchor(function: str) -> str:
    """The anchor mkdocstrings gives ``sd.<function>`` on ``framework/api.md``.

    The API page documents each public name with ``::: scaledown.<module>.<name>``
    and mkdocstrings uses that dotted path as the element id.

    Example:
        >>> api_anchor("quantize")
        'scaledown.api.quantize.quantize'
    """
    import scaledown

    module, _, attr = scaledown._LAZY[function].partition(":")
    return f"scaledown.{module}" + (f".{attr}" if attr else "")


def api_documented(function: str) -> bool:
    """Whether ``sd.<function>`` has a section on the API page (its module exists).

    Example:
        >>> api_documented("load"), api_documented("no_such_verb")
        (True, False)
    """
    import scaledown

    target = scaledown._LAZY.get(function)
    if target is None:
        return False
    base = Path(scaledown.__file__).parent.joinpath(*target.partition(":")[0].split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def method_call(method_name: str) -> tuple[str | None, str | None]:
    """The ``sd`` function and scheme that apply a registered method.

    Example:
        >>> method_call("int8-ptq")
        ('quantize', 'int8')
        >>> method_call("magnitude-pruning")
        ('prune', None)
    """
    from .. import methods

    try:
        api = methods.get(method_name).api
    except Exception:  # unknown names are reported by the checker, not here
        return None, None
    call, scheme = _API_CALL.search(api), _SCHEME.search(api)
    return (call.group(1) if call else None), (scheme.group(1) if scheme else None)


def tutorials_using(root: Path, method_name: str) -> list[tuple[str, str]]:
    """(title, page) of each tutorial that applies ``method_name``.

    A tutorial uses a method when its source names the method, or calls the
    method's ``sd`` function (with the method's scheme, for quantization).

    Example:
        >>> tutorials_using(Path("/nonexistent"), "int8-ptq")
        []
    """
    try:
        from ..tutorials.metadata import parse_header, slug_and_order, tutorial_sources
    except ImportError:
        return []
    function, scheme = method_call(method_name)
    found = []
    for source in tutorial_sources(Path(root)):
        text = source.read_text(encoding="utf-8")
        uses = method_name in text
        if function and re.search(rf"\b{function}\(", text):
            uses = uses or scheme is None or re.search(rf"""["']{scheme}["']""", text) is not None
        named = slug_and_order(source)
        if not uses or named is None:
            continue
        title = parse_header(text, source).meta.get("title") or named[0]
        found.append((str(title).strip(), f"learn/tutorials/{named[0]}.md"))
    return found


def _details(review: Review, reviewer_name: str) -> str:
    # Front-matter texts are escaped: they show as written and never become markup.
    ident = (f"[arXiv:{markdown_text(review.arxiv)}]"
             f"({markdown_url(f'https://arxiv.org/abs/{review.arxiv}')})" if review.arxiv
             else f"[doi:{markdown_text(review.doi)}]"
                  f"({markdown_url(f'https://doi.org/{review.doi}')})")
    topics = ", ".join(markdown_text(TOPIC_LABELS.get(t, t)) for t in review.topics)
    venue = review.venue if str(review.year) in review.venue else f"{review.venue}, {review.year}"
    rows = [
        ("Authors", ", ".join(markdown_text(a) for a in review.authors)),
        ("Published", markdown_text(venue)),
        ("Paper", f"{ident} · [read it]({markdown_url(review.url)})"),
        ("Topics", topics),
        ("Level", markdown_text(review.difficulty.replace("-", " "))),
        ("Reviewed by", markdown_text(reviewer_name)),
    ]
    lines = "\n".join(f"    **{name}:** {value}  " for name, value in rows)
    return f'!!! abstract "About the paper"\n\n{lines}\n'


def _implementation(review: Review, tutorials: Sequence[tuple[str, str]]) -> str:
    if not review.implemented_in:
        return ""
    from .. import methods

    method = methods.get(review.implemented_in)
    function, _ = method_call(review.implemented_in)
    parts = ["## In ScaleDown\n",
             f"ScaleDown implements this idea as the method **`{method.name}`**: "
             f"{method.summary}\n"]
    if method.api:
        parts.append(f"```python\n{method.api}\n```\n")
    if function and api_documented(function):
        anchor = api_anchor(function)
        parts.append(f"API reference: [`sd.{function}`](../framework/api.md#{anchor}).\n")
    elif function:
        parts.append(f"`sd.{function}` is still being written; the [API reference]"
                     "(../framework/api.md) lists it once it lands.\n")
    if tutorials:
        links = "\n".join(f"- [{markdown_text(title)}]({markdown_url(f'../{page}')})"
                          for title, page in tutorials)
        parts.append(f"Tutorials that use it:\n\n{links}\n")
    else:
        parts.append("No tutorial uses it yet.\n")
    return "\n".join(parts)


def _split_title(body: str) -> tuple[str | None, str]:
    match = re.match(r"\s*(#\s+[^\n]+)\n", body)
    if match:
        return match.group(1), body[match.end():]
    return None, body


def review_page(review: Review, *, reviewer_name: str,
                tutorials: Sequence[tuple[str, str]]) -> str:
    """The Markdown of one review's page.

    Args:
        review: A valid review.
        reviewer_name: Display name of the reviewer (from the authors file).
        tutorials: (title, page) of tutorials that use the implementation.

    Returns:
        Markdown with front matter; the citation block sits at the end.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> review_page(_example(), reviewer_name="Ada", tutorials=[]).splitlines()[1]
        'title: "Distilling the Knowledge in a Neural Network"'
    """
    heading, rest = _split_title(review.body)
    description = review.summary or f"A plain-language review of {review.title}."
    head = f"---\ntitle: {yaml_text(review.title)}\ndescription: {yaml_text(description)}\n---\n\n"
    # Citations sit in code blocks: one line per field keeps a field from closing the block.
    cited = dataclasses.replace(review, title=one_line(review.title),
                                venue=one_line(review.venue),
                                authors=tuple(one_line(a) for a in review.authors))
    parts = [head, (heading or f"# {markdown_text(review.title)}") + "\n",
             _details(review, reviewer_name),
             rest.rstrip() + "\n", _implementation(review, tutorials),
             "## Cite this paper\n",
             "Generated from the review's front matter. Use the copy button on each block.\n",
             '=== "BibTeX"\n\n' + _indent(f"```bibtex\n{bibtex(cited)}\n```") + "\n",
             '=== "Plain text"\n\n' + _indent(f"```text\n{plain_citation(cited)}\n```") + "\n",
             "[All paper reviews](index.md)\n"]
    return "\n".join(p for p in parts if p)


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else line for line in text.splitlines())


def _options(name: str, label: str, values: Sequence[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{_esc(v)}">{_esc(t)}</option>' for v, t in values)
    return (f'<label>{_esc(label)}<select name="{name}"><option value="">All</option>'
            f"{opts}</select></label>")


def index_page(reviews: Sequence[Review], reviewer_names: dict[str, str] | None = None,
               guide_url: str | None = None) -> str:
    """The Markdown (with an HTML list) of ``reviews/index.md``.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> page = index_page([_example()])
        >>> 'data-topics="distillation"' in page and 'data-year="2015"' in page
        True
    """
    names = reviewer_names or {}
    ordered = sorted(reviews, key=lambda r: (r.year, r.title))
    topics = [t for t in TOPICS if any(t in r.topics for r in reviews)]
    years = sorted({r.year for r in reviews}, reverse=True)
    levels = [d for d in DIFFICULTIES if any(r.difficulty == d for r in reviews)]
    form = ('<form id="sd-review-filters" class="sd-review-filters" hidden>'
            + _options("topic", "Topic", [(t, TOPIC_LABELS.get(t, t)) for t in topics])
            + _options("year", "Year", [(str(y), str(y)) for y in years])
            + _options("difficulty", "Level", [(d, d.replace("-", " ")) for d in levels])
            + '<button type="reset">Show all</button>'
            + f'<span id="sd-review-count" aria-live="polite">{len(reviews)} reviews</span>'
            + "</form>")
    items = []
    for r in ordered:
        chips = "".join(f'<span class="sd-chip">{_md_text(TOPIC_LABELS.get(t, t))}</span>'
                        for t in r.topics)
        by = names.get(r.reviewer, r.reviewer)
        items.append(
            f'<li class="sd-review" data-topics="{_esc(" ".join(r.topics))}" '
            f'data-year="{r.year}" data-difficulty="{_esc(r.difficulty)}" markdown="span">'
            # a Markdown link, so MkDocs writes the right URL (directory or .html, offline)
            f'[**{_md_text(r.title)}**]({r.slug}.md)<br>'
            f'<span class="sd-review-meta">{_md_text(_short_authors(r.authors))} · '
            f"{_md_text(r.venue)} · {r.year} · {_md_text(r.difficulty.replace('-', ' '))} · "
            f"reviewed by {_md_text(by)}</span><br>{chips}"
            + (f"<p>{_md_text(r.summary)}</p>" if r.summary else "")
            + "</li>"
        )
    listing = '<ul class="sd-review-list" markdown="block">\n' + "\n".join(items) + "\n</ul>"
    intro = ("# Paper reviews\n\n"
             "Foundational TinyML papers explained for people who are not researchers: the "
             "problem, the idea in plain words, what the paper reports, its limits, and what "
             "it means on a microcontroller. Each review ends with a **Try it** section you "
             "can run on your laptop, printing our numbers beside the paper's.\n\n"
             "Want to review a paper? Run `scaledown new review --arxiv ID`"
             + (f" and follow the [guide for reviewers]({guide_url})" if guide_url else "")
             + ".\n")
    return (f'---\ntitle: Paper reviews\n---\n\n{intro}\n'
            f'<link rel="stylesheet" href="reviews.css">\n\n{form}\n\n{listing}\n\n'
            f'<script src="reviews-filter.js"></script>\n')


def _md_text(text: str) -> str:
    # Text inside a markdown="span" element: HTML-escaped, and every character Markdown
    # or its extensions could read as syntax (emphasis, code, links, emoji, attribute
    # lists) written as a character reference, which Markdown leaves alone.
    return _MD_SYNTAX.sub(lambda m: f"&#{ord(m.group(0))};", _esc(text))


def _short_authors(authors: Sequence[str]) -> str:
    if len(authors) > 3:
        return f"{authors[0]} et al."
    return ", ".join(authors)


def generate(root: Path) -> list[GeneratedFile]:
    """The ``"reviews"`` generator: index, one page per valid review, script and styles.

    Example:
        >>> [f.path for f in generate(Path("/nonexistent"))][:1]
        ['reviews/index.md']
    """
    root = Path(root)
    reviews, _ = load_reviews(root)
    try:
        from .authors import load_authors

        names = {k: str(v.get("name") or k) for k, v in load_authors(root).items()}
    except Exception:  # a broken authors file is reported by its own checker
        names = {}
    from .siteconfig import read_site_config

    repo = str(read_site_config(root).get("repo_url") or "").rstrip("/")
    guide = f"{repo}/blob/main/paper_reviews/README.md" if repo.startswith("https://") else None
    files = [GeneratedFile("reviews/index.md", index_page(reviews, names, guide)),
             GeneratedFile(SCRIPT, _JS), GeneratedFile(STYLES, _CSS)]
    for review in reviews:
        tutorials = tutorials_using(root, review.implemented_in) if review.implemented_in else []
        review = with_tryit_output(root, review)
        files.append(GeneratedFile(review.page, review_page(
            review, reviewer_name=names.get(review.reviewer, review.reviewer),
            tutorials=tutorials)))
    return files


# --- Try it: the block's output and our figures beside the paper's -----------------------


def with_tryit_output(root: Path, review: Review) -> Review:
    """The review with its Try-it block's last output (or a "not executed" note) under it.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> with_tryit_output(Path("/nonexistent"), _example()).body == _example().body
        True
    """
    import dataclasses

    from .tryit import find_tryit, load_result
    from .tryit_pages import insert_output, output_markdown

    job = find_tryit(review.path, review.slug, review.body, review.body_line)
    if job is None:
        return review
    markdown = output_markdown(load_result(root, job))
    body = insert_output(review.body, review.body_line, job.end_line, markdown)
    return dataclasses.replace(review, body=body)
