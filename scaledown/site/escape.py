"""Untrusted text made safe for the pages we generate: shown as written, never markup.

Every string that comes from content (post front matter, tutorial metadata,
the hardware catalogue, study groups, paper reviews) and goes into a page we
generate passes through one of these helpers, chosen by where it lands:

* :func:`html_text`: inside an HTML element we write ourselves (``<p>``, ``<li>``).
* :func:`html_attr`: inside a double-quoted HTML attribute value.
* :func:`markdown_text`: inside Markdown (headings, list items, table cells,
  link text), as rendered by Python-Markdown with the extensions in
  ``mkdocs.yml`` (attr_list, md_in_html, tables, emoji, tasklist, ...).
* :func:`markdown_url`: a link target inside ``[text](...)``.
* :func:`markdown_code`: a whole inline code span (``Core (`cortex-m0+`)``).
* :func:`yaml_text`: a value in a generated page's front matter, such as its
  ``title``; themes print those values without escaping them.
* :func:`theme_unsafe`: which characters of a front-matter value the theme
  would print as markup; checkers reject those fields instead.

This module imports nothing of ours, so any generator can use it.

Example:
    >>> markdown_text("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert&#40;1&#41;&gt;'
    >>> html_attr('"><script>x</script>')
    '&quot;&gt;&lt;script&gt;x&lt;/script&gt;'
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

# One table, one pass: HTML's special characters, and the characters Python-Markdown or
# one of our extensions reads as syntax anywhere in a line (emphasis, code, links and
# images, attribute lists, tables). Escaping in two passes would escape the first
# pass's entities again.
_MD_INLINE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                            **{c: f"&#{ord(c)};" for c in "'\\`*_{}[]()#+!|~"}})
# An emoji or icon shortcode starts with ':' followed by a name (":smile:").
_SHORTCODE = re.compile(r":(?=[\w+-])")
# Syntax that only counts at the start of a line: list items, rules, setext headings.
_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=])")
_URL_SPECIALS = str.maketrans({c: f"%{ord(c):02X}" for c in "()<>\"' \\`[]{}|"})
_SPACE = re.compile(r"\s+")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def html_text(value: Any) -> str:
    """Text for the inside of an HTML element: ``&``, ``<`` and ``>`` become entities.

    Args:
        value: Any value; ``None`` becomes an empty text.

    Returns:
        The text with HTML's special characters replaced by entities.

    Example:
        >>> html_text("<b>Pico</b> & co")
        '&lt;b&gt;Pico&lt;/b&gt; &amp; co'
    """
    return html.escape(_text(value), quote=False)


def html_attr(value: Any) -> str:
    """Text for a double- or single-quoted HTML attribute value.

    Args:
        value: Any value; ``None`` becomes an empty text.

    Returns:
        The text with ``&``, ``<``, ``>`` and both quotes replaced by entities.

    Example:
        >>> html_attr("a\\" onclick='x'")
        'a&quot; onclick=&#x27;x&#x27;'
    """
    return html.escape(_text(value), quote=True)


def one_line(value: Any) -> str:
    """The text with every run of white space (newlines too) made one space, trimmed.

    Example:
        >>> one_line("  two\\n\\n  lines\\t")
        'two lines'
    """
    return _SPACE.sub(" ", _text(value)).strip()


def markdown_text(value: Any) -> str:
    """Text for Markdown that renders as exactly this text, never as markup.

    The text is made one line (so it cannot start a block of its own), HTML's
    special characters become entities, and so does every character Markdown
    or one of the site's extensions reads as syntax. Python-Markdown keeps
    entities as they are, so the browser shows the original characters.

    Args:
        value: Any value; ``None`` becomes an empty text.

    Returns:
        Markdown source for the text, safe in a heading, a list item, a table
        cell, link text or an HTML element with ``markdown`` set.

    Example:
        >>> markdown_text("*bold* [link](javascript:alert(1))")
        '&#42;bold&#42; &#91;link&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;'
        >>> markdown_text("1. first {: .big } :smile:")
        '1&#46; first &#123;: .big &#125; &#58;smile:'
        >>> markdown_text("Note: a | b")
        'Note: a &#124; b'
        >>> markdown_text("10.1000/xyz"), markdown_text("- item")
        ('10.1000/xyz', '&#45; item')
    """
    text = one_line(value).translate(_MD_INLINE)
    text = _SHORTCODE.sub("&#58;", text)
    return _LINE_START.sub(
        lambda m: (f"{m[1]}&#{ord(m[2])};" if m[1] else f"&#{ord(m[3])};"), text, count=1)


def markdown_code(value: Any) -> str:
    """An inline code span showing exactly ``value`` (Markdown escapes code itself).

    Entities would show literally inside code, so the text is kept as it is;
    the span's fence is one backtick longer than any run of backticks in it.

    Example:
        >>> markdown_code("cortex-m0+"), markdown_code("a`b")
        ('`cortex-m0+`', '``a`b``')
    """
    text = one_line(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_url(url: Any) -> str:
    """A link target for ``[text](url)``: characters that would end it are percent-encoded.

    Python-Markdown escapes ``&`` and quotes in the ``href`` it writes; the
    characters encoded here are the ones that would end the link or start
    other syntax. Which schemes are allowed is each checker's rule.

    Example:
        >>> markdown_url("https://example.org/a_(b) c?x=1&y=2")
        'https://example.org/a_%28b%29%20c?x=1&y=2'
    """
    return one_line(url).translate(_URL_SPECIALS)


def yaml_text(value: Any) -> str:
    """A front-matter value, quoted for YAML, that themes may print without escaping.

    MkDocs themes put ``title`` and ``description`` into the page unescaped
    (``<title>``, the header, ``<meta content="...">``), so the value is made one
    line, HTML-escaped (quotes too), then written as a double-quoted YAML text.

    Example:
        >>> yaml_text('Pico <script> "co"')
        '"Pico &lt;script&gt; &quot;co&quot;"'
        >>> import yaml
        >>> yaml.safe_load("title: " + yaml_text("a: b # c\\nd"))["title"]
        'a: b # c d'
    """
    return json.dumps(html_attr(one_line(value)))


# Characters the Material theme prints as markup when a field holds them: its templates
# write post titles, tags and author names unescaped, descriptions and author names
# into double-quoted attributes, and an author's page has the name as Markdown heading.
_THEME_TEXT = "<>"
_THEME_ATTR = '"'
_THEME_MARKDOWN = "\\`*_{}[]|~:"


def theme_unsafe(value: Any, *, attribute: bool = False, markdown: bool = False) -> list[str]:
    """Characters of ``value`` the theme would print as markup (empty when it is safe).

    Args:
        value: A front-matter value the theme renders itself (a post title, a tag,
            an author's name).
        attribute: True for a value the theme also writes into an attribute
            (a post's description, an author's name): double quotes count too.
        markdown: True for a value the theme also renders as Markdown (an author's
            name, the heading of their page): Markdown's characters count too.

    Returns:
        The offending characters, each once, in the order they appear.

    Example:
        >>> theme_unsafe("<script>x</script> Hello")
        ['<', '>']
        >>> theme_unsafe('A "quoted" title'), theme_unsafe('A "quoted" one', attribute=True)
        ([], ['"'])
        >>> theme_unsafe("Ada *the* [first]", markdown=True)
        ['*', '[', ']']
    """
    unsafe = _THEME_TEXT + (_THEME_ATTR if attribute else "") + (
        _THEME_MARKDOWN if markdown else "")
    return list(dict.fromkeys(c for c in _text(value) if c in unsafe))


def theme_fix(characters: list[str]) -> str:
    """How to write a field without the characters :func:`theme_unsafe` found, for a fix line.

    Example:
        >>> print(theme_fix(["<", ">"]))
        write it without < and > (say 'less than' or use \u2039 \u203a instead of < >)
    """
    ways = []
    if {"<", ">"} & set(characters):
        ways.append("say 'less than' or use \u2039 \u203a instead of < >")
    if '"' in characters:
        ways.append("use \u201c \u201d or ' instead of \"")
    if set(characters) - {"<", ">", '"'}:
        ways.append("leave out Markdown's characters")
    return f"write it without {' and '.join(characters)} ({'; '.join(ways)})"
