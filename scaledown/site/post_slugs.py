"""Explicit slugs in blog posts, so a post's URL is the same on every engine.

A post's URL is its ``slug:`` field, else :func:`scaledown.site.slugs.slugify`
of its title (``Post.slug`` in :mod:`scaledown.site.blog`); ``scaledown new
post`` names the file after the same slug. Zensical runs no Python slug
function of ours: its blog accepts only Material's Unicode lowercase slug
(``pymdownx.slugs.slugify``), which keeps accents, so "Quantização em 8 bits —
ESP32" would become ``quantização-em-8-bits--esp32``. The generated docs tree
therefore gives every post an explicit ``slug:`` line holding the slug we
publish; both engines use an explicit slug as it is.

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

from pathlib import Path

import yaml

from ..safe_write import write_file
from .frontmatter import split_front_matter
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
    front, _, _ = split_front_matter(text)
    if front is None:
        return text
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError:
        return text
    if not isinstance(meta, dict) or "slug" in meta:
        return text
    slug = published_slug(meta)
    if slug is None:
        return text
    lines = text.splitlines(keepends=True)
    closing = 1 + front.count("\n")  # the fence line, then the front matter's lines
    # A slug holds only a-z, 0-9 and '-': single quotes always keep it a string ("2024").
    lines.insert(closing, f"slug: '{slug}'\n")
    return "".join(lines)


def add_explicit_slugs(docs_dir: str | Path, blog_dir: str = "blog") -> list[Path]:
    """Give every post under ``docs_dir/blog_dir/posts`` its explicit slug, in place.

    Meant for a generated docs tree (``build/docs/``), never for ``docs/``
    itself. Only posts that change are rewritten, each atomically.

    Args:
        docs_dir: The docs tree to update.
        blog_dir: The blog folder inside it (``blog:`` ``blog_dir`` in mkdocs.yml).

    Returns:
        The posts that were rewritten.

    Example:
        >>> import tempfile
        >>> tree = Path(tempfile.mkdtemp())
        >>> post = tree / "blog" / "posts" / "2024-05-01-ola.md"
        >>> post.parent.mkdir(parents=True)
        >>> _ = post.write_text("---\\ntitle: Olá\\n---\\nHi\\n", encoding="utf-8")
        >>> [p.name for p in add_explicit_slugs(tree)], add_explicit_slugs(tree)
        (['2024-05-01-ola.md'], [])
        >>> "slug: 'ola'" in post.read_text(encoding="utf-8")
        True
    """
    changed = []
    posts = Path(docs_dir) / blog_dir / "posts"
    for path in sorted(posts.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        updated = with_explicit_slug(text)
        if updated != text:
            write_file(path, updated)
            changed.append(path)
    return changed
