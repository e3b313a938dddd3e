"""A page's ``<meta name="description">``: its own words, not the site-wide sentence.

Search engines and link previews show this text. :func:`page_description`
picks, in order: the page's ``description`` front matter, else its first
paragraph of prose (headings, code, tables, lists, admonitions, HTML and
images are skipped), shortened at a word to :data:`LIMIT` characters. A page
with no prose of its own keeps the site's description.

The result is plain text. ``scaledown build-content`` writes it into each page
(:mod:`scaledown.site.page_meta`) and the theme (``overrides/main.html``)
escapes it once where it goes into an attribute. The blog's generated lists
(category, author, archive), which have no file of their own, get theirs from
the theme too: their title says what they list.

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

    The front matter's ``description`` is read as the theme prints it, as HTML
    text: character references (``&amp;``, ``&quot;``) become the characters
    they stand for. The result is plain text, to be escaped where it is written.

    Example:
        >>> page_description({"description": "Set by hand."}, "Ignored.")
        'Set by hand.'
        >>> page_description({"description": "R&amp;D &quot;lab&quot;"}, "")
        'R&D "lab"'
        >>> page_description({}, "# Only a heading\\n") is None
        True
    """
    given = meta.get("description")
    if isinstance(given, str) and given.strip():
        # Material prints this field into the page as it stands, so it is HTML text:
        # generated pages write it escaped (scaledown.site.escape.yaml_text).
        return " ".join(html.unescape(given).split())
    text = first_paragraph(markdown)
    return shorten(text, limit) if text else None
