"""The ``#anchor`` ids a Markdown page will have once MkDocs renders it.

MkDocs refuses (in ``--strict``) a link such as ``faq.md#lending`` when the
rendered ``faq.md`` has no element with ``id="lending"``. The ids come from:

* headings: the ``toc`` extension turns each heading's text into an id with
  the slug function configured in ``mkdocs.yml`` (Python-Markdown's own by
  default), adding ``_1``, ``_2``... to repeats;
* attribute lists: ``## Title {#custom}`` or ``{: #custom }`` after a block;
* raw HTML: ``id="..."`` on any tag, ``name="..."`` on ``<a>``;
* mkdocstrings blocks (``::: scaledown.load``): one id per documented object.

This module computes that set with markdown-it-py (already installed with
``rich``) and no MkDocs import, so ``scaledown check`` can judge anchors on a
machine without the site toolchain.

Example:
    >>> ids = page_anchors("# Hello world\\n\\n## Hello world\\n\\n## Set up {#setup}\\n")
    >>> sorted(ids.ids)
    ['hello-world', 'hello-world_1', 'setup']
"""

from __future__ import annotations

import functools
import html
import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Slugify = Callable[[str, str], str]

_ATTR_LIST = re.compile(r"\{:?\s*([^{}\n]*)\}")
_TRAILING_ATTRS = re.compile(r"\s*\{:?\s*([^{}\n]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s=}]+)")  # attr_list: '#' and a word (dots included)
_ATTR_ID_KEY = re.compile(r"""(?:^|\s)id=(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HTML_NAME = re.compile(r"""<a\s[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_AUTODOC = re.compile(r"^:::[ \t]+([\w.]+)", re.MULTILINE)
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s")


def default_slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's ``toc`` slug: ASCII-folded, punctuation dropped, lower case.

    Written here so the check needs no Markdown package; tests compare it with
    the real one.

    Example:
        >>> default_slugify("Will it fit? Ça va: `sd.fit`")
        'will-it-fit-ca-va-sdfit'
    """
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def unique_id(wanted: str, used: set[str]) -> str:
    """``wanted``, or ``wanted_1``, ``wanted_2``... as the ``toc`` extension numbers repeats.

    Adds the id it returns to ``used``.

    Example:
        >>> used = {"intro"}
        >>> unique_id("intro", used), unique_id("intro", used), unique_id("", used)
        ('intro_1', 'intro_2', '_1')
    """
    if wanted in used or not wanted:
        match = _COUNTED.match(wanted)
        base, count = (match.group(1), int(match.group(2))) if match else (wanted, 0)
        while True:
            count += 1
            candidate = f"{base}_{count}"
            if candidate not in used:
                wanted = candidate
                break
    used.add(wanted)
    return wanted


@dataclass(frozen=True)
class Anchors:
    """The ids of one page; ``autodoc`` holds the mkdocstrings objects it documents."""

    ids: frozenset[str]
    autodoc: tuple[str, ...] = ()

    def __contains__(self, anchor: object) -> bool:
        if not isinstance(anchor, str):
            return False
        if anchor in self.ids:
            return True
        # mkdocstrings gives every documented member an id under its object's dotted path
        roots = {name.split(".", 1)[0] for name in self.autodoc}
        return any(anchor == root or anchor.startswith(root + ".") for root in roots)


def toc_settings(config: dict[str, Any]) -> tuple[Slugify | None, str]:
    """The slug function and separator the ``toc`` extension uses in a parsed ``mkdocs.yml``.

    ``slugify: !!python/name:module.function`` is imported when set. A slug
    function this cannot reproduce (a name that does not import, or one built
    with ``!!python/object/apply``) gives ``None``: heading anchors are then
    unknown, and links to them are not judged.

    Example:
        >>> slug, sep = toc_settings({"markdown_extensions": [{"toc": {"permalink": True}}]})
        >>> slug("A B", sep)
        'a-b'
        >>> toc_settings({"markdown_extensions": [{"toc": {"slugify": None}}]})[0] is None
        True
    """
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict) and "toc" in entry and isinstance(entry["toc"], dict):
            options = entry["toc"]
    separator = str(options.get("separator", "-"))
    if "slugify" not in options:
        return default_slugify, separator
    configured = options["slugify"]
    if isinstance(configured, str) and "python/name:" in configured:
        return _import_name(configured.split("python/name:", 1)[1]), separator
    return None, separator


@functools.cache
def _import_name(dotted: str) -> Slugify | None:
    module_name, _, attribute = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError):
        return None


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def flatten_admonitions(text: str) -> str:
    """Un-indent the bodies of ``!!! note`` and ``??? tip`` blocks, keeping line numbers.

    CommonMark reads an admonition's four-space-indented body as a code block;
    Python-Markdown renders it as Markdown, with its links and headings.

    Example:
        >>> flatten_admonitions('!!! note "N"\\n    See [a](a.md).\\n\\nAfter.\\n')
        '\\nSee [a](a.md).\\n\\nAfter.\\n'
    """
    out: list[str] = []
    depth: list[int] = []  # how far each open admonition's body is indented
    for line in text.split("\n"):
        if not line.strip():
            out.append("")
            continue
        indent = len(line) - len(line.lstrip(" "))
        while depth and indent < depth[-1]:
            depth.pop()
        header = _ADMONITION.match(line)
        if header:
            depth.append(indent + 4)
            out.append("")
            continue
        out.append(line[depth[-1]:] if depth else line)
    return "\n".join(out)


_MARKDOWN_ATTR = re.compile(r"""<[A-Za-z][^>]*\smarkdown(?:\s*=\s*["']?[a-z0-9]*["']?)?[\s/>]""",
                            re.IGNORECASE)


def markdown_in_html(block: str) -> str | None:
    """The Markdown inside an HTML block that ``md_in_html`` converts, or None.

    A block whose tags carry a ``markdown`` attribute (``<div markdown>``) has
    its content rendered as Markdown; the tags are blanked out here so the
    text keeps its lines.

    Example:
        >>> markdown_in_html('<div markdown>\\n[a](a.md)\\n</div>')
        '\\n[a](a.md)\\n'
        >>> markdown_in_html('<div>\\n[a](a.md)\\n</div>') is None
        True
    """
    if not _MARKDOWN_ATTR.search(block):
        return None
    return "\n".join(_HTML_TAG.sub("", line).strip() for line in block.split("\n"))


def _heading_text(inline: Any) -> str:
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _attr_ids(attrs: str) -> list[str]:
    found = [m.group(1) for m in _ATTR_ID.finditer(attrs)]
    found += [next(g for g in m.groups() if g is not None) for m in _ATTR_ID_KEY.finditer(attrs)]
    return found


def _html_ids(text: str) -> set[str]:
    # MkDocs counts id="..." on any tag, and name="..." only on <a>
    matches = [*_HTML_ID.finditer(text), *_HTML_NAME.finditer(text)]
    return {next(g for g in m.groups() if g is not None) for m in matches}


def page_anchors(markdown: str, slugify: Slugify = default_slugify,
                 separator: str = "-", *, emoji: bool = True) -> Anchors:
    """Every id the rendered page will carry (see the module docstring).

    Args:
        markdown: The page's Markdown, without front matter.
        slugify: The ``toc`` slug function (:func:`toc_settings`).
        separator: The ``toc`` separator.
        emoji: Whether ``pymdownx.emoji`` turns ``:shortcode:`` into images (which
            leave no text for the slug).

    Example:
        >>> text = "## `sd.fit` & friends\\n\\nText {: #note }\\n\\n<a name='old'></a>\\n"
        >>> sorted(page_anchors(text).ids)
        ['note', 'old', 'sdfit-friends']
    """
    text = flatten_admonitions(markdown)
    headings: list[tuple[str, str | None]] = []  # (text, explicit id)
    used: set[str] = set()
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            raw = _heading_text(tokens[index + 1])
            explicit = None
            trailing = _TRAILING_ATTRS.search(raw)
            if trailing:
                raw = raw[: trailing.start()]
                ids = _attr_ids(trailing.group(1))
                explicit = ids[-1] if ids else None
            headings.append((raw, explicit))
        elif token.type == "inline":
            children = token.children or []
            prose = "".join(c.content for c in children if c.type == "text")  # not code spans
            for attrs in _ATTR_LIST.findall(prose):
                used.update(_attr_ids(attrs))
            used.update(_html_ids("".join(c.content for c in children
                                          if c.type == "html_inline")))
        elif token.type == "html_block":
            used.update(_html_ids(token.content))
            # md_in_html: a heading on the lines of an HTML block is Markdown too
            for line in token.content.splitlines():
                atx = _ATX.match(line)
                if atx:
                    headings.append((_HTML_TAG.sub("", atx.group(2)), None))
    used.update(e for _, e in headings if e)
    for raw, explicit in headings:
        if explicit:
            continue
        name = " ".join(_HTML_TAG.sub("", raw).split())
        if emoji and _EMOJI.search(name):
            name = " ".join(_EMOJI.sub("", name).split())
        unique_id(slugify(html.unescape(name), separator), used)
    return Anchors(frozenset(used), tuple(_AUTODOC.findall(text)))


def uses_emoji(config: dict[str, Any]) -> bool:
    """Whether a parsed ``mkdocs.yml`` enables ``pymdownx.emoji``.

    Example:
        >>> uses_emoji({"markdown_extensions": ["toc", {"pymdownx.emoji": {}}]})
        True
    """
    for entry in config.get("markdown_extensions") or []:
        if entry == "pymdownx.emoji" or (isinstance(entry, dict) and "pymdownx.emoji" in entry):
            return True
    return False


def site_toc(root: Path) -> tuple[Slugify | None, str, bool]:
    """:func:`toc_settings` and :func:`uses_emoji` of the project at ``root``.

    Example:
        >>> site_toc(Path("/nonexistent"))[1:]
        ('-', False)
    """
    from .siteconfig import read_site_config

    config = read_site_config(root)
    return (*toc_settings(config), uses_emoji(config))
