"""Blog posts as plain data: read every post once, for checks and the home page.

A post is a Markdown file under ``docs/blog/posts/`` named
``YYYY-MM-DD-slug.md`` whose front matter follows the mkdocs-material blog
format, plus two community conventions kept from the Jekyll days: the
``sticky`` tag (the hero post on the home page) and the ``featured`` tag
(listed on the home page). ``image`` is an optional cover image, a path
relative to ``docs/``.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> from scaledown.site.frontmatter import write_markdown
    >>> write_markdown(root / "docs/blog/posts/2024-01-02-hi.md",
    ...                {"title": "Hi", "date": dt.date(2024, 1, 2), "authors": ["ada"],
    ...                 "categories": ["Community"], "tags": ["featured"]}, "Text")
    >>> [(p.slug, p.featured, p.sticky) for p in load_posts(root)[0]]
    [('hi', True, False)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..vocabulary.problem import Problem
from .frontmatter import Document, read_markdown
from .siteconfig import blog_settings
from .slugs import slugify

STICKY_TAG = "sticky"
FEATURED_TAG = "featured"


@dataclass(frozen=True)
class Post:
    """One blog post's metadata, with the document it came from."""

    doc: Document
    rel_path: str
    title: str
    date: dt.date | None
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    pin: bool
    image: str | None
    description: str | None

    @property
    def slug(self) -> str:
        """The URL slug: the ``slug`` field, else the slugified title."""
        return str(self.doc.meta.get("slug") or slugify(self.title))

    @property
    def sticky(self) -> bool:
        """True for the community's ``sticky`` tag: the home page hero."""
        return STICKY_TAG in self.tags

    @property
    def featured(self) -> bool:
        """True for the community's ``featured`` tag: listed on the home page."""
        return FEATURED_TAG in self.tags

    @property
    def docs_path(self) -> str:
        """Path relative to ``docs/``, as MkDocs links it: ``blog/posts/x.md``."""
        return self.rel_path.split("/", 1)[1] if "/" in self.rel_path else self.rel_path


def post_date(value: Any) -> dt.date | None:
    """The creation date of a post's ``date`` field (a date, datetime or mapping).

    Example:
        >>> post_date({"created": dt.date(2024, 3, 1)})
        datetime.date(2024, 3, 1)
        >>> post_date("soon") is None
        True
    """
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def post_files(root: Path) -> list[Path]:
    """Every Markdown file in the posts folder, sorted.

    Example:
        >>> post_files(Path("/nonexistent"))
        []
    """
    folder = Path(root) / blog_settings(root).posts_dir
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def to_post(doc: Document, root: Path) -> Post:
    """Build a :class:`Post` from a parsed document (lenient; checks come later).

    Example:
        >>> doc = Document(Path("/r/docs/blog/posts/a.md"), {"title": "A", "draft": True}, "")
        >>> to_post(doc, Path("/r")).draft
        True
    """
    meta = doc.meta
    title = meta.get("title")
    if not isinstance(title, str):
        title = doc.path.stem
    return Post(
        doc=doc,
        rel_path=doc.path.relative_to(root).as_posix(),
        title=title,
        date=post_date(meta.get("date")),
        authors=_strings(meta.get("authors")),
        categories=_strings(meta.get("categories")),
        tags=_strings(meta.get("tags")),
        draft=meta.get("draft") is True,
        pin=meta.get("pin") is True,
        image=meta.get("image") if isinstance(meta.get("image"), str) else None,
        description=meta.get("description") if isinstance(meta.get("description"), str) else None,
    )


_docs: dict[Path, tuple[tuple[int, int], Document]] = {}


def _read_cached(path: Path) -> Document:
    """read_markdown, reused while the file's size and mtime are unchanged.

    The build reads every post twice (checks, then the home page); a server
    rebuild re-reads only the posts that changed.
    """
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    hit = _docs.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    doc = read_markdown(path)
    _docs[path] = (stamp, doc)
    return doc


def load_posts(root: Path) -> tuple[list[Post], list[Problem]]:
    """Read every post; files that cannot be parsed become problems.

    Returns:
        (posts sorted newest first, problems for unreadable files).
    """
    root = Path(root)
    posts: list[Post] = []
    problems: list[Problem] = []
    for path in post_files(root):
        try:
            doc = _read_cached(path)
        except ContentError as err:
            problems.extend(
                Problem(path.relative_to(root).as_posix(), p.line, p.message, p.fix)
                for p in err.problems
            )
            continue
        except UnicodeDecodeError:
            problems.append(
                Problem(path.relative_to(root).as_posix(), None, "file is not UTF-8 text",
                        fix="save the file with UTF-8 encoding")
            )
            continue
        posts.append(to_post(doc, root))
    posts.sort(key=lambda p: (p.date or dt.date.min, p.rel_path), reverse=True)
    return posts, problems


def published(posts: list[Post]) -> list[Post]:
    """Posts that the site publishes: not drafts (newest first, as given).

    Example:
        >>> published([])
        []
    """
    return [p for p in posts if not p.draft]
