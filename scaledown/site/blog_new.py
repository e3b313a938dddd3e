"""Create a blog post with complete front matter and a skeleton body.

``scaledown new post "Title" --author ID [--category C] [--tags a,b]`` writes
``docs/blog/posts/YYYY-MM-DD-slug.md``. It refuses an unknown author or a
category outside the allowed list before writing anything.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "docs/blog").mkdir(parents=True)
    >>> _ = (root / "docs/blog/.authors.yml").write_text(
    ...     "authors:\\n  ada:\\n    name: Ada\\n    description: x\\n    avatar: a.svg\\n")
    >>> path = create_post(root, "Hello, World!", "ada", date=dt.date(2024, 5, 1))
    >>> path.relative_to(root).as_posix()
    'docs/blog/posts/2024-05-01-hello-world.md'
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
from pathlib import Path

from ..errors import InputError
from .authors import AUTHORS_FILE, load_authors
from .frontmatter import write_markdown
from .siteconfig import blog_settings
from .slugs import post_filename, slugify

DEFAULT_CATEGORY = "Community"

SKELETON = """# {title}

Say in two or three sentences what the reader will learn or get from this
post. This paragraph is the excerpt shown on the blog index.

<!-- more -->

## Why it matters

## What we did

<!-- scaledown: skip -->
```python
# Python blocks run in the test suite (offline, a few seconds).
# Remove the 'skip' comment above once this block runs on its own.
```

## What to try next
"""


def _suggest(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1)
    return f"did you mean '{match[0]}'? " if match else ""


def create_post(
    root: Path,
    title: str,
    author: str,
    *,
    category: str | None = None,
    tags: list[str] | None = None,
    date: dt.date | None = None,
    draft: bool = True,
) -> Path:
    """Write a new post and return its path.

    Args:
        root: The project folder.
        title: The post's title; its slug names the file.
        author: An id from ``docs/blog/.authors.yml``.
        category: One of the allowed categories (default ``Community``).
        tags: Free tags.
        date: The post date (default today).
        draft: Start as a draft (not published until set to false).

    Raises:
        InputError: unknown author or category, an empty title, or the file exists.
    """
    root = Path(root)
    settings = blog_settings(root)
    slug = slugify(title)
    if not slug:
        raise InputError(f"the title {title!r} has no letters or digits",
                         fix='give the post a title such as "Keyword spotting on an ESP32"')
    authors = load_authors(root)
    if author not in authors:
        raise InputError(
            f"unknown author '{author}' (argument --author)",
            why=f"authors are the ids in {AUTHORS_FILE}: {', '.join(authors) or 'none yet'}",
            fix=f"{_suggest(author, list(authors))}add yourself to {AUTHORS_FILE} first",
        )
    category = category or DEFAULT_CATEGORY
    allowed = list(settings.categories_allowed)
    if allowed and category not in allowed:
        raise InputError(
            f"category '{category}' is not allowed (argument --category)",
            why=f"allowed categories: {', '.join(allowed)}",
            fix=f"{_suggest(category, allowed)}pick one of the allowed categories",
        )
    date = date or dt.date.today()
    path = root / settings.posts_dir / post_filename(date.isoformat(), title)
    if path.exists():
        raise InputError(f"{path.relative_to(root)} already exists",
                         fix="choose another title, or edit the existing post")
    meta: dict[str, object] = {
        "title": title,
        "date": date,
        "authors": [author],
        "categories": [category],
        "tags": list(tags or []),
        "description": "",
        "draft": draft,
    }
    write_markdown(path, meta, SKELETON.format(title=title))
    return path


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Add the ``scaledown new post`` arguments.

    Example:
        >>> p = argparse.ArgumentParser(); configure_new(p)
        >>> p.parse_args(["T", "--author", "ada", "--tags", "a,b"]).tags
        'a,b'
    """
    parser.add_argument("title", help="the post's title, in quotes")
    parser.add_argument("--author", required=True, help="your id in docs/blog/.authors.yml")
    parser.add_argument("--category", default=None,
                        help=f"allowed category (default {DEFAULT_CATEGORY})")
    parser.add_argument("--tags", default="", help="comma-separated tags, e.g. esp32,quantization")
    parser.add_argument("--date", default=None, help="YYYY-MM-DD (default today)")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--json", action="store_true", help="print the created path as JSON")


def parse_date_option(value: str | None) -> dt.date | None:
    """Read a ``--date YYYY-MM-DD`` option; ``None`` when it was not given.

    Example:
        >>> parse_date_option("2024-05-01")
        datetime.date(2024, 5, 1)
        >>> parse_date_option("May 1st")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: --date 'May 1st' is not a date
          fix: write it as YYYY-MM-DD, e.g. --date 2024-05-01
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--date {value!r} is not a date", fix="write it as YYYY-MM-DD, e.g. --date 2024-05-01"
        ) from None


def run_new(args: argparse.Namespace) -> int:
    """Run ``scaledown new post``; returns the exit code."""
    from ..project import project_root

    date = parse_date_option(args.date)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    root = project_root(args.root)
    path = create_post(root, args.title, args.author, category=args.category, tags=tags, date=date)
    rel = path.relative_to(root).as_posix()
    if args.json:
        print(json.dumps({"path": rel, "slug": slugify(args.title)}))
    else:
        print(f"created {rel} (a draft: set 'draft: false' when it is ready)")
    return 0
