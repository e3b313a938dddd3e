"""The method registry as Markdown, for the site and the README.

Pure text: no MkDocs, no ML framework. The site's reviews generator can pass
``review_links`` (arXiv id -> page URL) so each paper links to its review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ._types import Citation, Method


def _paper_link(paper: Citation, review_links: Mapping[str, str]) -> str:
    text = f"[{paper.short}]({paper.url})" if paper.url else paper.short
    review = review_links.get(paper.arxiv or "") if paper.arxiv else None
    return f"{text} ([review]({review}))" if review else text


def markdown_table(
    methods: Iterable[Method] | None = None, *, review_links: Mapping[str, str] | None = None
) -> str:
    """A Markdown table of methods: name, kind, what it does, the call, the papers.

    Args:
        methods: Methods to list (default: every registered method).
        review_links: Optional arXiv id -> URL of the site's review of that paper.

    Returns:
        Markdown text ending in a newline.

    Example:
        >>> from scaledown import methods
        >>> text = markdown_table([methods.get("knowledge-distillation")],
        ...                       review_links={"1503.02531": "../reviews/hinton-distillation.md"})
        >>> print(text.splitlines()[2].split(" | ")[1])
        distillation
        >>> "([review](../reviews/hinton-distillation.md))" in text
        True
    """
    if methods is None:
        from . import all_methods

        methods = all_methods()
    links = review_links or {}
    lines = ["| Method | Kind | What it does | Call | Paper |", "| --- | --- | --- | --- | --- |"]
    for m in methods:
        papers = "; ".join(_paper_link(p, links) for p in m.papers)
        call = f"`{m.api}`" if m.api else ""
        summary = m.summary.replace("|", "\\|")
        lines.append(f"| `{m.name}` | {m.kind} | {summary} | {call} | {papers} |")
    return "\n".join(lines) + "\n"
