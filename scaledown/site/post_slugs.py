"""Explicit slugs in blog posts, so a post's URL is the same on every engine.

A post's URL is its ``slug:`` field, else :func:`scaledown.site.slugs.slugify`
of its title (``Post.slug`` in :mod:`scaledown.site.blog`); ``scaledown new
post`` names the file after the same slug. Zensical runs no Python slug
function of ours: its blog accepts only Material's Unicode lowercase slug
(``pymdownx.slugs.slugify``), which keeps accents, so "Quantização em 8 bits —
ESP32" would become ``quantização-em-8-bits--esp32``. The generated docs tree
therefore gives every post an explicit ``slug:`` line holding the slug we
publish (:mod:`scaledown.site.page_edits` applies :func:`with_explicit_slug`
to every post that ``scaledown build-content`` writes); both engines use an
explicit slug as it is.

Example:
    >>> print(with_explicit_slug("---\\ntitle: Quantização em 8 bits — ESP32\\n---\\nHi\\n"))
    ---
    title: Quantização em 8 bits — ESP32
    slug: 'quantizacao-em-8-bits-esp32'
    ---
    Hi
    <BLANKLINE>
"""

from __future__ import annotations

from .frontmatter import front_matter_mapping
from .slugs import slugify


def published_slug(meta: dict) -> str | None:
    """The slug a post with this front matter is published under, or None without a title.

    Example:
        >>> published_slug({"title": "Hello, World"})
        'hello-world'
        >>> published_slug({"title": "Hello", "slug": "hi"})
        'hi'
        >>> published_slug({}) is None
        True
    """
    if isinstance(meta.get("slug"), str) and meta["slug"]:
        return meta["slug"]
    title = meta.get("title")
    if not isinstance(title, str):
        return None
    return slugify(title) or None


def with_explicit_slug(text: str) -> str:
    """A post's text with a ``slug:`` line added to its front matter, if it has none.

    Text without front matter, with unreadable front matter, without a title
    or already holding a ``slug`` comes back unchanged (``scaledown check``
    reports what is wrong with such a post).

    Args:
        text: The whole Markdown file of a post.

    Returns:
        The same text, with ``slug: '...'`` as the last front-matter line.

    Example:
        >>> kept = "---\\ntitle: A\\nslug: b\\n---\\n"
        >>> with_explicit_slug(kept) == kept
        True
        >>> with_explicit_slug("no front matter")
        'no front matter'
    """
    front, meta, _ = front_matter_mapping(text)
    if front is None or meta is None or "slug" in meta:
        return text
    slug = published_slug(meta)
    if slug is None:
        return text
    lines = text.splitlines(keepends=True)
    closing = 1 + front.count("\n")  # the fence line, then the front matter's lines
    # A slug holds only a-z, 0-9 and '-': single quotes always keep it a string ("2024").
    lines.insert(closing, f"slug: '{slug}'\n")
    return "".join(lines)

