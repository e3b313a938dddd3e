"""Blog excerpts: convert only the Markdown before the separator, when that is safe.

Material's blog shows each post's excerpt (the part before ``<!-- more -->``)
on every list the post appears in: the blog index, the archive, its category
pages and its author's page. For each of those lists it converts the post's
*whole* Markdown again and then cuts the HTML at the separator, so the body of
every post (usually most of its text) is converted four or five times only to
be thrown away. On a blog of 300 posts that is most of the extra time the
site takes to build (``bench/site_build.py``).

:func:`excerpt_source` finds the part of a post that an excerpt needs and
says whether converting it alone gives exactly the HTML that converting the
whole post and cutting it would give. It answers ``None`` whenever that is
not certain, and the blog then converts the whole post as before:

* the separator must stand on a line of its own, not indented, after a blank
  line, outside a fenced code block (so it closes every list, admonition and
  indented block above it);
* no raw HTML block may start before it (a ``<div markdown>`` could still be
  open across the separator); one-line HTML comments are fine;
* the post must not use footnotes (their list is placed at the end of what is
  converted) and the text after the separator must not define link
  references or abbreviations (``[id]: url``, ``*[HTML]: ...``) that the
  excerpt could use, nor hold content tabs (``=== "Tab"``: the blog converts
  without resetting the parser, which numbers the tabs' ids across
  conversions, so the excerpt's ids depend on how many tabs were converted).

The MkDocs plugin (:mod:`scaledown.site.plugin`) applies it; the site tests
build a blog of tricky posts both ways and compare every HTML file byte for
byte.

Converting even the short excerpt again for every list gives the same HTML
each time apart from one thing: the address of the post relative to the list
page (the title and each heading's permalink point to the post). When an
excerpt holds no other link, no image and no HTML of its own
(:func:`only_post_links`), :func:`post_link_template` keeps its HTML once with
that address marked, and :func:`with_post_link` fills in the address for the
next list page, instead of converting the Markdown again. The plugin trusts a
template only once it predicted the second list's conversion exactly.

Example:
    >>> post = "Intro with a [link][docs].\\n\\n<!-- more -->\\n\\n## Body\\n\\nMore text.\\n"
    >>> excerpt_source(post, "<!-- more -->")
    'Intro with a [link][docs].\\n\\n<!-- more -->\\n'
    >>> excerpt_source(post + "\\n[docs]: https://example.org\\n", "<!-- more -->") is None
    True
"""

from __future__ import annotations

import re

__all__ = ["excerpt_source", "only_post_links", "post_link_template", "with_post_link"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_BLOCK = re.compile(r"^ {0,3}<")
_ONE_LINE_COMMENT = re.compile(r"^ {0,3}<!--.*-->\s*$")
_DEFINITION = re.compile(r"^ {0,3}\*?\[[^\]\n]+\]:", re.MULTILINE)
_TABS = re.compile(r"^[ \t]*===[!+]?\s", re.MULTILINE)  # pymdownx.tabbed: === "Title"
_HREF = re.compile(r' href="([^"]*)"')
# where the post's address goes in a template (HTML that holds a NUL gets no template)
_POST_LINK = "\x00post-link\x00"
# characters the HTML serializer would escape inside an attribute: such an address is not
# filled in as it is (the excerpt is converted again instead)
_ESCAPED_IN_ATTRIBUTE = re.compile(r'[&<>"\x00]')


def excerpt_source(markdown: str, separator: str) -> str | None:
    """The Markdown up to and including the excerpt separator, or ``None`` if unsure.

    Converting the returned text yields the same excerpt HTML as converting
    all of ``markdown`` and cutting the result at ``separator``. ``None``
    means the whole post must be converted (see the module docstring for the
    rules); it is also the answer when the separator is missing.

    Example:
        >>> excerpt_source("Short.\\n\\n<!-- more -->\\n\\nLong body.\\n", "<!-- more -->")
        'Short.\\n\\n<!-- more -->\\n'
        >>> excerpt_source("```\\n<!-- more -->\\n```\\n", "<!-- more -->") is None
        True
        >>> footnoted = "Text[^1].\\n\\n<!-- more -->\\n\\n[^1]: A note.\\n"
        >>> excerpt_source(footnoted, "<!-- more -->") is None
        True
    """
    if "[^" in markdown:
        return None
    lines = markdown.splitlines(keepends=True)
    fence: str | None = None
    previous_blank = True
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence) \
                    and not line[opener.end():].strip():
                fence = None
        elif opener:
            fence = opener.group(1)
        elif line.rstrip("\r\n") == separator:
            if not previous_blank:
                return None
            rest = "".join(lines[index + 1:])
            if not rest.strip() or _DEFINITION.search(rest) or _TABS.search(rest):
                return None
            head = "".join(lines[:index])
            return head + separator + "\n"
        elif _HTML_BLOCK.match(line) and not _ONE_LINE_COMMENT.match(line):
            return None
        previous_blank = not line.strip()
    return None


def only_post_links(markdown: str, separator: str) -> bool:
    """Whether an excerpt's Markdown can link to nothing but the post itself.

    No ``[`` (links, images, reference links) and no ``<`` (raw HTML,
    autolinks) apart from the separator: the only links its HTML can hold are
    the permalinks of its headings, which the blog points at the post. No
    ``:::`` either: a documented object (mkdocstrings) is registered for the
    page each time it is converted.

    Example:
        >>> only_post_links("# Title\\n\\nJust *words*.\\n\\n<!-- more -->\\n", "<!-- more -->")
        True
        >>> only_post_links("See [the guide](guide.md).\\n", "<!-- more -->")
        False
        >>> only_post_links("::: scaledown.fit\\n", "<!-- more -->")
        False
    """
    text = markdown.replace(separator, "")
    return "[" not in text and "<" not in text and ":::" not in text


def post_link_template(html: str, post_link: str) -> str | None:
    """An excerpt's HTML with the post's relative address marked, or ``None`` if unsure.

    ``html`` is the excerpt converted for one list page, on which the post's
    address is ``post_link``. The template is returned only when every link of
    the HTML is an ``<a href>`` to that address (optionally with ``#anchor``)
    and nothing loads a file (``src``); then the HTML for another list page is
    this one with that page's address of the post (:func:`with_post_link`).

    Args:
        html: The excerpt's HTML as the blog converted it.
        post_link: The post's address relative to that list page (``../post/``).

    Returns:
        The HTML with each occurrence of the address marked, or ``None``.

    Example:
        >>> html = '<h2 id="t"><a href="../p/">T</a><a class="headerlink" href="../p/#t">#</a></h2>'
        >>> with_post_link(post_link_template(html, "../p/"), "p/")
        '<h2 id="t"><a href="p/">T</a><a class="headerlink" href="p/#t">#</a></h2>'
        >>> post_link_template('<p><a href="other/">x</a></p>', "../p/") is None
        True
    """
    if not post_link or _ESCAPED_IN_ATTRIBUTE.search(post_link) or "\x00" in html \
            or ' src="' in html:
        return None
    links = _HREF.findall(html)
    if len(links) != html.count("<a "):  # an href elsewhere, or quoted in text
        return None
    if any(link != post_link and not link.startswith(post_link + "#") for link in links):
        return None
    template = html.replace(f' href="{post_link}', f' href="{_POST_LINK}')
    return template if template.count(_POST_LINK) == len(links) else None


def with_post_link(template: str, post_link: str) -> str | None:
    """The HTML of :func:`post_link_template` for a list page where the post is at ``post_link``.

    ``None`` when the address holds a character the HTML would escape (then the
    excerpt must be converted for that page).

    Example:
        >>> with_post_link(post_link_template('<a href="p/">T</a>', "p/"), "../../p/")
        '<a href="../../p/">T</a>'
        >>> with_post_link(post_link_template('<a href="p/">T</a>', "p/"), "a&b/") is None
        True
    """
    if _ESCAPED_IN_ATTRIBUTE.search(post_link):
        return None
    return template.replace(_POST_LINK, post_link)
