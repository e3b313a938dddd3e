"""One slug function for file names, post URLs and duplicate checks.

``scaledown build-content`` writes :func:`slugify` of each post's title into
its front matter as ``slug:`` (:mod:`scaledown.site.post_slugs`), which both
site engines publish as it is, so the slug that ``scaledown new post`` puts in
a file name, the one the duplicate check compares and the URL the site
publishes are the same string by construction.

Example:
    >>> slugify("Why TinyML is hard (and how to fix it)!")
    'why-tinyml-is-hard-and-how-to-fix-it'
"""

from __future__ import annotations

import re
import unicodedata

_TAGS = re.compile(r"</?[^>]*>")
_NOT_SLUG = re.compile(r"[^a-z0-9\s_-]")
_RUNS = re.compile(r"[\s_-]+")


def slugify(text: str, separator: str = "-") -> str:
    """Turn a title into a lowercase ASCII slug.

    Accents are folded (``é`` -> ``e``), HTML tags and punctuation removed,
    and runs of spaces, dashes and underscores become one ``separator``.

    Args:
        text: Any title.
        separator: What joins the words.

    Returns:
        The slug; empty if the text has no letters or digits at all.

    Example:
        >>> slugify("Quantização em  8 bits — ESP32")
        'quantizacao-em-8-bits-esp32'
        >>> slugify("<b>Hello</b>_World", "_")
        'hello_world'
    """
    text = _TAGS.sub("", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NOT_SLUG.sub("", text.lower())
    return _RUNS.sub(separator, text).strip(separator)


def post_filename(date: str, title: str) -> str:
    """File name for a blog post: ``YYYY-MM-DD-slug.md``.

    Example:
        >>> post_filename("2024-05-01", "Hello, World")
        '2024-05-01-hello-world.md'
    """
    return f"{date}-{slugify(title)}.md"
