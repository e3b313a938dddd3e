"""Edits made to pages before an engine sees them, so no engine plugin has to.

:func:`apply` takes the docs tree that :mod:`scaledown.site.content_build`
is about to write (path -> bytes) and returns it with:

* the home page's highlights marker filled with the blog's hero, featured and
  latest posts (:func:`scaledown.site.home.highlights_markdown`);
* each blog post's cover image (front matter ``image:``) placed under its
  title (:func:`scaledown.site.home.insert_cover`);
* each blog post's explicit ``slug:`` (:mod:`scaledown.site.post_slugs`), so
  its URL is its file name's slug on every engine, also for a non-ASCII title.

Both used to happen in the MkDocs plugin's page hooks; as edits of the files
they work the same on every engine.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> post = b"---\\ntitle: T\\nimage: assets/c.svg\\n---\\n# T\\n\\nText\\n"
    >>> tree = apply(root, {"blog/posts/t.md": post})
    >>> print(tree["blog/posts/t.md"].decode())
    ---
    title: T
    image: assets/c.svg
    slug: 't'
    ---
    # T
    <BLANKLINE>
    ![T](../../assets/c.svg){ .sd-cover }
    <BLANKLINE>
    Text
    <BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from . import home
from .frontmatter import front_matter_mapping
from .post_slugs import with_explicit_slug
from .siteconfig import blog_settings


def apply(root: Path, tree: Mapping[str, bytes]) -> dict[str, bytes]:
    """``tree`` with the home highlights filled, the posts' cover images and slugs placed.

    Args:
        root: The project folder (its posts feed the highlights).
        tree: Path (relative to the docs folder) -> file content.

    Returns:
        A new mapping; files that need no edit are the same objects.

    Example:
        >>> apply(Path("/nonexistent"), {"about.md": b"# About"})
        {'about.md': b'# About'}
    """
    edited = dict(tree)
    page = edited.get(home.HOME_PAGE)
    if page is not None and home.MARKER.encode() in page:
        text = page.decode("utf-8")
        edited[home.HOME_PAGE] = home.fill_marker(
            text, home.highlights_markdown(root, home.HOME_PAGE)).encode("utf-8")
    posts = f"{blog_settings(root).blog_dir}/posts/"
    for path, data in tree.items():
        if path.startswith(posts) and path.endswith(".md"):
            text = data.decode("utf-8")
            changed = with_explicit_slug(text)
            if b"image:" in data:
                changed = with_cover(changed, path)
            if changed != text:
                edited[path] = changed.encode("utf-8")
    return edited


def with_cover(text: str, path: str) -> str:
    """A post's text with its front matter's ``image`` shown under its title.

    A post without a string ``image`` (or with unreadable front matter, which
    ``scaledown check`` reports) comes back unchanged.

    Example:
        >>> with_cover("No front matter", "blog/posts/a.md")
        'No front matter'
    """
    _, meta, body = front_matter_mapping(text)
    image = meta.get("image") if meta is not None else None
    if not isinstance(image, str) or not text.endswith(body):
        return text
    title = meta.get("title", "")
    covered = home.insert_cover(body, image, path, title if isinstance(title, str) else "")
    return text[: len(text) - len(body)] + covered
