"""Helpers for the tests that build one site with both engines (MkDocs and Zensical).

``page_record`` reads what the comparison compares from one built page (with
``meta_descriptions``), ``page_differences`` compares two builds page by page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Page(HTMLParser):
    """The <title>, the meta descriptions, and the text of the outermost <article> minus
    permalinks and tag lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.text: list[str] = []
        self.loads: list[str] = []
        self.descriptions: list[str] = []
        self._in_title = False
        self._articles = 0
        self._skipping: list[str] = []  # open tags whose text is left out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag in {"script", "img", "iframe"} and values.get("src"):
            self.loads.append(values["src"] or "")
        rels = set((values.get("rel") or "").split())
        if tag == "link" and rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.loads.append(values.get("href") or "")
        if tag == "title":
            self._in_title = True
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content") or "")
        if tag == "article":
            self._articles += 1
        if tag in _VOID:
            return
        # Permalink pilcrows; the post's tag list (MkDocs puts it above the title, Zensical
        # below); scripts and styles.
        if self._skipping or "headerlink" in classes or "md-tags" in classes \
                or tag in {"script", "style"}:
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "article" and self._articles:
            self._articles -= 1
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._articles and not self._skipping:
            self.text.append(data)


# "as of 01 December 2026, 09:14 UTC": the study-group page says when it was generated.
_BUILD_TIME = re.compile(r"\d{2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC")


def page_record(path: Path) -> tuple[str, str, list[str]]:
    """(title, normalized article text, URLs the page loads) of one built HTML page."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    text = " ".join(" ".join(page.text).split())
    return " ".join(page.title.split()), _BUILD_TIME.sub("<build time>", text), page.loads


def meta_descriptions(path: Path) -> list[str]:
    """The ``content`` of each ``<meta name="description">`` of one built page, unescaped."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page.descriptions


def html_pages(site: Path) -> dict[str, Path]:
    """Every HTML file of a built site, by path relative to it."""
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}


def external_loads(site: Path) -> dict[str, str]:
    """URL on another host that a page loads (script, image, stylesheet...) -> first page."""
    found: dict[str, str] = {}
    for rel, path in html_pages(site).items():
        for url in page_record(path)[2]:
            if url.startswith(("http:", "https:", "//")):
                found.setdefault(url, rel)
    return found


def page_differences(first: Path, second: Path, *, skip_titles: dict[str, str],
                     skip_text: dict[str, str],
                     only_in_first: dict[str, str] | None = None,
                     skip_descriptions: dict[str, str] | None = None) -> list[str]:
    """Each way two builds of one site differ: a page only one has, or another title,
    meta description or text.

    ``skip_titles``, ``skip_descriptions`` and ``skip_text`` map a page's path to the
    reason it is not compared, ``only_in_first`` a page the second build may lack to
    the reason.
    """
    one, two = html_pages(first), html_pages(second)
    allowed = only_in_first or {}
    problems = [f"only in {first.name}: {rel}" for rel in sorted(one.keys() - two.keys())
                if rel not in allowed]
    problems += [f"only in {second.name}: {rel}" for rel in sorted(two.keys() - one.keys())]
    for rel in sorted(one.keys() & two.keys()):
        (title_a, text_a, _), (title_b, text_b, _) = page_record(one[rel]), page_record(two[rel])
        if rel not in skip_titles and title_a != title_b:
            problems.append(f"{rel}: title {title_a!r} != {title_b!r}")
        described_a, described_b = meta_descriptions(one[rel]), meta_descriptions(two[rel])
        if rel not in (skip_descriptions or {}) and described_a != described_b:
            problems.append(f"{rel}: meta description {described_a!r} != {described_b!r}")
        if rel not in skip_text and text_a != text_b:
            pairs = zip(text_a, text_b, strict=False)
            at = next((i for i, (a, b) in enumerate(pairs) if a != b),
                      min(len(text_a), len(text_b)))
            problems.append(f"{rel}: article text differs at character {at}: "
                            f"{text_a[max(0, at - 40):at + 60]!r} != "
                            f"{text_b[max(0, at - 40):at + 60]!r}")
    return problems
