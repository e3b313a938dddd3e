"""Find one kind of HTML tag in a rendered page, with the blanks that indent it.

The repairs of rendered pages (:mod:`.page_fixes`) remove a few tags together
with their indentation, which a pattern such as
``[ \\t]*<link rel="stylesheet" ...>\\n?`` describes. Python's ``re`` cannot skip
ahead to such a pattern: it tries it at every position of the page, and in
every run of indentation it counts the blanks again from each of them. On the
pages of this site (about 40 KB, deeply indented) that costs a millisecond per
pattern and page, which over a blog of 300 posts was the largest single cost
of our plugin (``bench/site_build.py``).

:func:`tag_spans` finds the same text as that pattern, faster: it searches for
the tag itself (a pattern that starts with literal text, which ``re`` finds
quickly) and then takes in the spaces and tabs right before it, as the leading
``[ \\t]*`` would, without reaching back into the previous match.

Example:
    >>> import re
    >>> page = "<head>\\n    <link rel=x>\\n  <p>\\n</head>"
    >>> remove_tags(re.compile(r"<link rel=x>\\n?"), page)
    '<head>\\n  <p>\\n</head>'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["remove_tags", "tag_spans"]

_BLANKS = " \t"


def tag_spans(pattern: re.Pattern[str], html: str) -> Iterator[tuple[int, int, re.Match[str]]]:
    """Each match of ``pattern`` in ``html``, widened to the blanks right before it.

    The spans are the ones ``re.finditer`` gives for ``[ \\t]*`` followed by
    ``pattern``, when ``pattern`` cannot match an empty string nor start with a
    space or a tab.

    Args:
        pattern: The tag to look for, starting with literal text (e.g. ``<link``).
        html: The page.

    Yields:
        ``(start, end, match)``: where the tag begins with its indentation, where
        it ends, and the match of ``pattern`` itself (for its groups).

    Example:
        >>> import re
        >>> [(s, e) for s, e, _ in tag_spans(re.compile("<b>"), "a  <b>\\t<b>")]
        [(1, 6), (6, 10)]
    """
    previous_end = 0
    for match in pattern.finditer(html):
        start = match.start()
        while start > previous_end and html[start - 1] in _BLANKS:
            start -= 1
        yield start, match.end(), match
        previous_end = match.end()


def remove_tags(pattern: re.Pattern[str], html: str) -> str:
    """``html`` without the matches of ``pattern`` and the blanks that indent them.

    The same result as ``re.sub(r"[ \\t]*" + pattern.pattern, "", html)``.

    Args:
        pattern: The tag to remove (see :func:`tag_spans`).
        html: The page.

    Returns:
        The page without those tags.

    Example:
        >>> import re
        >>> remove_tags(re.compile("<i>"), "x \\t<i>y<i>")
        'xy'
    """
    pieces, kept_from = [], 0
    for start, end, _ in tag_spans(pattern, html):
        pieces.append(html[kept_from:start])
        kept_from = end
    if not pieces:
        return html
    pieces.append(html[kept_from:])
    return "".join(pieces)
