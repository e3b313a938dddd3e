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
  excerpt could use.

The MkDocs plugin (:mod:`scaledown.site.plugin`) applies it; the site tests
build a blog of tricky posts both ways and compare every HTML file byte for
byte.

Example:
    >>> post = "Intro with a [link][docs].\\n\\n<!-- more -->\\n\\n## Body\\n\\nMore text.\\n"
    >>> excerpt_source(post, "<!-- more -->")
    'Intro with a [link][docs].\\n\\n<!-- more -->\\n'
    >>> excerpt_source(post + "\\n[docs]: https://example.org\\n", "<!-- more -->") is None
    True
"""

from __future__ import annotations

import re

__all__ = ["excerpt_source"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_BLOCK = re.compile(r"^ {0,3}<")
_ONE_LINE_COMMENT = re.compile(r"^ {0,3}<!--.*-->\s*$")
_DEFINITION = re.compile(r"^ {0,3}\*?\[[^\]\n]+\]:", re.MULTILINE)


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
            if not rest.strip() or _DEFINITION.search(rest):
                return None
            head = "".join(lines[:index])
            return head + separator + "\n"
        elif _HTML_BLOCK.match(line) and not _ONE_LINE_COMMENT.match(line):
            return None
        previous_blank = not line.strip()
    return None
