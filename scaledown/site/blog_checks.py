"""``scaledown check`` for the blog: every post's front matter, authors and slugs.

Registered in :data:`scaledown.site.pipeline.CHECKERS` as ``"blog"``. Links and
images inside post bodies are checked by :mod:`scaledown.site.links`, which
covers every page.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> post = root / "docs/blog/posts/2024-01-01-x.md"
    >>> post.parent.mkdir(parents=True)
    >>> _ = post.write_text("---\\ntitle: X\\ndate: 2024-01-01\\nauthors: [nobody]\\n---\\nHi\\n")
    >>> [p.message for p in check_blog(root) if "nobody" in p.message]
    ["unknown author 'nobody'"]
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..vocabulary.problem import Problem
from .authors import AUTHORS_FILE, check_authors, load_authors
from .blog import Post, load_posts
from .escape import theme_fix, theme_unsafe
from .siteconfig import BlogSettings, blog_settings

FILENAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.md$")

# field -> (accepted Python types, how to write it)
FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), 'title: "My post"'),
    "date": ((dt.date, dict), "date: 2024-05-01"),
    "authors": ((list,), "authors: [your-id]"),
    "categories": ((list,), "categories: [Hardware]"),
    "tags": ((list,), "tags: [esp32, quantization]"),
    "description": ((str,), 'description: "One sentence for search engines"'),
    "draft": ((bool,), "draft: true"),
    "pin": ((bool,), "pin: true"),
    "image": ((str,), "image: assets/images/cover.svg"),
    "slug": ((str,), "slug: my-post"),
    "readtime": ((int,), "readtime: 5"),
    "links": ((list,), "links: [learn/index.md]"),
    "comments": ((bool,), "comments: true"),
    "search": ((dict,), "search: {exclude: true}"),
    "hide": ((list,), "hide: [toc]"),
}
REQUIRED = ("title", "date", "authors", "categories")
# Fields the theme prints itself, without escaping; True: also inside an attribute
# (<meta name="description" content="...">). Our own pages escape every field.
THEME_FIELDS = {"title": False, "tags": False, "description": True}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _close(word: str, options: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean '{match[0]}'? " if match else ""


def _check_fields(post: Post, settings: BlogSettings) -> list[Problem]:
    meta, doc, where = post.doc.meta, post.doc, post.rel_path
    problems = []
    if not meta:
        return [Problem(where, 1, "post has no front matter",
                        fix="start the file with '---', the fields title/date/authors/"
                            "categories, and another '---' (or use 'scaledown new post')")]
    for name in REQUIRED:
        if name not in meta:
            problems.append(Problem(where, 1, f"missing required field '{name}'",
                                    fix=f"add '{FIELDS[name][1]}' to the front matter"))
    for name, value in meta.items():
        if name not in FIELDS:
            problems.append(Problem(where, doc.line_of(name), f"unknown field '{name}'",
                                    fix=f"{_close(name, list(FIELDS))}known fields: "
                                        f"{', '.join(FIELDS)}", severity="warning"))
            continue
        types, example = FIELDS[name]
        if not isinstance(value, types) or (bool in types) != isinstance(value, bool):
            problems.append(Problem(where, doc.line_of(name),
                                    f"field '{name}' has the wrong type ({type(value).__name__})",
                                    fix=f"write it like: {example}"))
        elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
            problems.append(Problem(where, doc.line_of(name),
                                    f"field '{name}' must be a list of words",
                                    fix=f"write it like: {example}"))
    problems.extend(_check_theme_text(post))
    if "date" in meta and post.date is None:
        problems.append(Problem(where, doc.line_of("date"),
                                f"date {meta['date']!r} is not a valid date",
                                fix="write the date as YYYY-MM-DD, e.g. date: 2024-05-01"))
    if "authors" in meta and isinstance(meta["authors"], list) and not meta["authors"]:
        problems.append(Problem(where, doc.line_of("authors"), "the authors list is empty",
                                fix="add your id from docs/blog/.authors.yml"))
    if "categories" in meta and isinstance(meta["categories"], list) and not meta["categories"]:
        problems.append(Problem(where, doc.line_of("categories"), "the categories list is empty",
                                fix=f"pick one of: {', '.join(settings.categories_allowed)}"))
    return problems


def _check_theme_text(post: Post) -> list[Problem]:
    """Characters the theme would print as markup, in the fields it renders itself."""
    meta, doc, where = post.doc.meta, post.doc, post.rel_path
    problems = []
    for name, in_attribute in THEME_FIELDS.items():
        value = meta.get(name)
        values = value if isinstance(value, list) else [value]
        bad = list(dict.fromkeys(c for v in values if isinstance(v, str)
                                 for c in theme_unsafe(v, attribute=in_attribute)))
        if bad:
            shown = " ".join(repr(c) for c in bad)
            problems.append(Problem(
                where, doc.line_of(name),
                f"field '{name}' contains {shown}, which the theme would show as HTML markup",
                fix=theme_fix(bad)))
    slug = meta.get("slug")
    if isinstance(slug, str) and not SLUG.match(slug):
        problems.append(Problem(where, doc.line_of("slug"), f"slug {slug!r} is not a URL slug",
                                fix="use lower-case letters, digits and '-', e.g. slug: my-post"))
    return problems


def _check_references(post: Post, authors: dict[str, Any], settings: BlogSettings,
                      root: Path) -> list[Problem]:
    doc, where = post.doc, post.rel_path
    problems = []
    for author in post.authors:
        if author not in authors:
            problems.append(Problem(where, doc.line_of("authors"), f"unknown author '{author}'",
                                    fix=f"{_close(author, list(authors))}add '{author}' to "
                                        f"{AUTHORS_FILE} or use one of: {', '.join(authors)}"))
    if settings.categories_allowed:
        for category in post.categories:
            if category not in settings.categories_allowed:
                problems.append(Problem(
                    where, doc.line_of("categories"), f"category '{category}' is not allowed",
                    fix=f"{_close(category, settings.categories_allowed)}allowed: "
                        f"{', '.join(settings.categories_allowed)} (mkdocs.yml, "
                        "blog: categories_allowed)"))
    if post.image:
        image = root / settings.docs_dir / post.image.lstrip("/")
        if "://" in post.image:
            problems.append(Problem(where, doc.line_of("image"),
                                    f"cover image is on another host: {post.image}",
                                    fix="save the image under docs/assets/images/ "
                                        "and use that path"))
        elif not image.is_file():
            problems.append(Problem(where, doc.line_of("image"),
                                    f"cover image not found: {settings.docs_dir}/{post.image}",
                                    fix="add the file or correct the path (relative to docs/)"))
    if settings.excerpt_required and settings.excerpt_separator not in doc.body:
        problems.append(Problem(where, doc.body_line, "post has no excerpt separator",
                                fix=f"put '{settings.excerpt_separator}' on its own line after "
                                    "the first paragraph; the text above it is the excerpt"))
    return problems


def _check_filename(post: Post) -> list[Problem]:
    name = post.doc.path.name
    match = FILENAME.match(name)
    if not match:
        return [Problem(post.rel_path, None, f"file name '{name}' is not YYYY-MM-DD-slug.md",
                        fix="rename it, e.g. with the output of 'scaledown new post'",
                        severity="warning")]
    if post.date and match.group(1) != post.date.isoformat():
        return [Problem(post.rel_path, post.doc.line_of("date"),
                        f"date {post.date} differs from the file name's {match.group(1)}",
                        fix="make the file name and the date field agree", severity="warning")]
    return []


def _check_slugs(posts: list[Post]) -> list[Problem]:
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_slug[post.slug].append(post)
    problems = []
    for slug, same in by_slug.items():
        if len(same) > 1:
            for post in same:
                others = ", ".join(p.rel_path for p in same if p is not post)
                problems.append(Problem(
                    post.rel_path, post.doc.line_of("slug" if "slug" in post.doc.meta else "title"),
                    f"slug '{slug}' is also used by {others}",
                    fix="change the title or add a distinct 'slug:' field; "
                        "each post needs its own URL"))
    return problems


def check_blog(root: Path) -> list[Problem]:
    """Every problem with the blog posts and the authors file.

    Args:
        root: The project folder.

    Returns:
        Problems with file and line; an empty list when all is well.
    """
    root = Path(root)
    settings = blog_settings(root)
    problems = check_authors(root)
    try:
        authors = load_authors(root)
    except ContentError:
        authors = {}
    posts, unreadable = load_posts(root)
    problems.extend(unreadable)
    for post in posts:
        problems.extend(_check_fields(post, settings))
        if post.doc.meta:
            problems.extend(_check_references(post, authors, settings, root))
            problems.extend(_check_filename(post))
    problems.extend(_check_slugs(posts))
    return problems
