"""A page's ``<meta name="description">``: its own words, not the site-wide sentence.

Search engines and link previews show this text. :func:`page_description`
picks, in order: the page's ``description`` front matter, else its first
paragraph of prose (headings, code, tables, lists, admonitions, HTML and
images are skipped), shortened at a word to :data:`LIMIT` characters. A page
with no prose of its own keeps the site's description.

The theme writes the value into an attribute without escaping it, so the
plugin passes it through :func:`attribute_text`.

Example:
    >>> page_description({}, "# Boards\\n\\nEvery board we lend, with its **RAM** and flash.\\n")
    'Every board we lend, with its RAM and flash.'
"""

from __future__ import annotations

import html
import re

LIMIT = 160
_FENCE = re.compile(r"^\s*(```|~~~)")
_SKIP = re.compile(r"^\s*(#|<|!|\||>|[-*+]\s|\d+[.)]\s|===|\?\?\?|:::|\{|\[\^|-{3,}$|\*{3,}$)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?|\[([^\]]*)\]\[[^\]]*\]")
_ATTRS = re.compile(r"\{[:.#][^}]*\}|\{\s*\.[^}]*\}")
_EMOJI = re.compile(r":[a-z0-9]+(?:-[a-z0-9]+)+:")
_MARKS = re.compile(r"(\*\*|__|\*|`|~~)")
_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def prose_paragraphs(markdown: str) -> list[str]:
    """The paragraphs of prose in a Markdown body, as plain text, in order.

    Headings, fenced and indented code, tables, lists, block quotes, admonitions,
    content tabs, HTML blocks and images are skipped.

    Example:
        >>> prose_paragraphs("# Title\\n\\n!!! note\\n    Aside.\\n\\n"
        ...                  "See [the API](api.md){ .md-button } and `sd.fit`.\\nMore.\\n\\n"
        ...                  "- a list\\n\\nSecond.")
        ['See the API and sd.fit. More.', 'Second.']
    """
    found: list[str] = []
    lines: list[str] = []
    in_fence = False
    in_block = False  # inside an indented block that belongs to something we skip
    for line in [*_COMMENT.sub("", markdown).splitlines(), ""]:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip():
            if lines:
                text = _plain(" ".join(lines))
                if text:
                    found.append(text)
                lines = []
            in_block = False
            continue
        if lines:
            lines.append(line.strip())
        elif in_block or line.startswith(("    ", "\t")) or _SKIP.match(line):
            in_block = True
        else:
            lines.append(line.strip())
    return found


def first_paragraph(markdown: str) -> str:
    """The first paragraph that reads as a sentence ('' if the body has no prose).

    A short line of facts (``**Raspberry Pi** · mcu · current``) is passed over
    for the first paragraph ending like a sentence; failing that, the first paragraph.

    Example:
        >>> first_paragraph("# Pico\\n\\n**Raspberry Pi** · mcu\\n\\nA cheap board; no FPU.\\n")
        'A cheap board; no FPU.'
    """
    paragraphs = prose_paragraphs(markdown)
    sentences = [p for p in paragraphs if p.endswith((".", "!", "?", "…", ":", ")"))]
    return (sentences or paragraphs or [""])[0]


def _plain(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(3), text)
    text = _ATTRS.sub("", _EMOJI.sub("", text))
    text = _MARKS.sub("", _TAG.sub("", text))
    return " ".join(html.unescape(text).split())


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` cut at a word so that it fits ``limit`` characters, with an ellipsis if cut.

    Example:
        >>> shorten("one two three", 9)
        'one two…'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def page_description(meta: dict, markdown: str, limit: int = LIMIT) -> str | None:
    """The description for a page: its front matter's, else its first paragraph; None if neither.

    Example:
        >>> page_description({"description": "Set by hand."}, "Ignored.")
        'Set by hand.'
        >>> page_description({}, "# Only a heading\\n") is None
        True
    """
    given = meta.get("description")
    if isinstance(given, str) and given.strip():
        return " ".join(given.split())
    text = first_paragraph(markdown)
    return shorten(text, limit) if text else None


_BLOG_VIEWS = {"category": "Posts about {title} on the {site} blog",
               "author": "Posts by {title} on the {site} blog",
               "archive": "Posts from {title} on the {site} blog"}


def blog_view_description(url: str, title: str, *, blog_dir: str = "blog",
                          site_name: str = "ScaleDown") -> str | None:
    """A description for the blog's generated lists (category, author, archive), else None.

    These pages have no text of their own; their title says what they list.

    Example:
        >>> blog_view_description("blog/category/hardware/", "Hardware")
        'Posts about Hardware on the ScaleDown blog'
        >>> blog_view_description("blog/how-to/", "How to") is None
        True
    """
    parts = url.strip("/").split("/")
    if len(parts) < 3 or parts[0] != blog_dir.strip("/") or parts[1] not in _BLOG_VIEWS:
        return None
    return _BLOG_VIEWS[parts[1]].format(title=" ".join(title.split()), site=site_name)


def attribute_text(text: str) -> str:
    """``text`` escaped for an HTML attribute value in double quotes.

    Example:
        >>> attribute_text('Fit "tiny" models & <run> them')
        'Fit &quot;tiny&quot; models &amp; &lt;run&gt; them'
    """
    return html.escape(text, quote=True)
