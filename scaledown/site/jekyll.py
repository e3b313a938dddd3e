"""Convert posts written for a Jekyll blog into posts for this site's blog.

The ScaleDown community's first posts were Jekyll posts: front matter with
``layout``, ``title``, ``author``, ``categories``, ``tags``, ``image`` and
``comments``, Liquid tags such as ``{% post_url %}`` and
``{{ site.baseurl }}``, and the ``sticky``/``featured`` tags. This module turns
one such file into front matter and Markdown for ``docs/blog/posts/``, and
lists, with line numbers, everything it could not convert. It is pure: it
reads the source file and returns the result; the ``scaledown import jekyll``
command writes. A whole site (authors, images, redirects) is imported by
:mod:`scaledown.site.jekyll_site`, which hands each post to :func:`convert_post`
with a :class:`~scaledown.site.jekyll_site.links.PostLinks` that knows the other
posts and the site's files.

Example:
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()) / "2019-06-01-hello-tinyml.md"
    >>> _ = src.write_text("---\\nlayout: post\\ntitle: Hello\\nauthor: ada\\n"
    ...                    "tags: [sticky]\\n---\\nHi.\\n<!--more-->\\n"
    ...                    "See [next]({% post_url 2019-06-02-next %}).\\n")
    >>> post = convert_post(src)
    >>> post.filename, post.meta["date"], post.meta["pin"]
    ('2019-06-01-hello-tinyml.md', datetime.date(2019, 6, 1), True)
    >>> "<!-- more -->" in post.body, "(2019-06-02-next.md)" in post.body
    (True, True)
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ContentError, InputError
from ..vocabulary.problem import Problem
from .frontmatter import read_markdown, split_front_matter
from .jekyll_site.categories import map_category
from .slugs import slugify

if TYPE_CHECKING:
    from .jekyll_site.links import PostLinks

DATED_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+?)\.(?:md|markdown|mkd|mkdn|html)$")
MORE = "<!-- more -->"
_MORE_VARIANTS = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_HIDDEN = re.compile(r"\x00(\d+)(?:\x01\n)*\x00")
_TAG = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}")
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_MD_TARGET = re.compile(r"(\]\(\s*<?|\bsrc=[\"']|\bhref=[\"']|^\[[^\]]+\]:\s*)(/[^)\s\"'>]*)", re.M)
_PERMALINK = re.compile(r"^/(?:[\w-]+/)*(\d{4})/(\d{2})/(\d{2})/([\w-]+?)(?:\.html|/)?$")
# Front-matter keys dropped on purpose (Jekyll layout plumbing).
_DROPPED = {"layout", "permalink", "published", "excerpt_separator", "toc", "toc_sticky",
            "classes", "share", "related", "read_time", "header", "sidebar", "last_modified_at"}
POSTS_TO_DOCS = "../.."  # from docs/blog/posts/ back to docs/


@dataclass
class ConvertedPost:
    """One converted post, ready to write."""

    source: Path
    filename: str
    meta: dict[str, Any]
    body: str
    notes: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Notes that stop the import unless the user accepts them."""
        return [n for n in self.notes if n.severity == "error"]


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [w for w in re.split(r"[,\s]+", value) if w]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def find_date(path: Path, meta: dict[str, Any], fallback: dt.date | None = None) -> dt.date | None:
    """The post date: from the file name, else a ``date`` field, else ``fallback``.

    Example:
        >>> find_date(Path("2020-02-03-x.md"), {}, dt.date(1999, 1, 1))
        datetime.date(2020, 2, 3)
        >>> find_date(Path("x.md"), {"date": dt.datetime(2021, 1, 1, 9, 30)})
        datetime.date(2021, 1, 1)
        >>> find_date(Path("x.md"), {}, dt.date(2022, 3, 4))
        datetime.date(2022, 3, 4)
        >>> find_date(Path("x.md"), {}) is None
        True
    """
    match = DATED_NAME.match(path.name)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass  # an impossible date in the name: try the other sources
    value = meta.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    return fallback


def _slug_of(path: Path, title: str) -> str:
    match = DATED_NAME.match(path.name)
    return slugify(match.group(4)) if match else slugify(title or path.stem)


def convert_front_matter(
    src: Path, meta: dict[str, Any], lines: dict[str, int], date: dt.date,
    allowed: tuple[str, ...] = (), authors: dict[str, Any] | None = None,
    category_map: dict[str, str] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Map Jekyll front matter to this blog's fields; returns (meta, notes)."""
    notes: list[Problem] = []
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        title = _slug_of(src, "").replace("-", " ").capitalize()
        notes.append(Problem(src, lines.get("title", 1), f"no title; using '{title}'",
                             fix="check the title in the converted post", severity="warning"))
    author_ids = []
    for name in _words(meta.get("authors")) or _words(meta.get("author")) or []:
        author_ids.append(name if authors is None or name in authors else slugify(name))
    if not author_ids:
        notes.append(Problem(src, 1, "no author", fix="add 'authors: [your-id]' to the post",
                             severity="warning"))
    for author in author_ids:
        if authors is not None and author not in authors:
            notes.append(Problem(src, lines.get("author", lines.get("authors", 1)),
                                 f"author '{author}' is not in docs/blog/.authors.yml",
                                 fix=f"add '{author}' to docs/blog/.authors.yml",
                                 severity="warning"))
    tags = _words(meta.get("tags"))
    categories: list[str] = []
    for name in _words(meta.get("categories")) + _words(meta.get("category")):
        mapped = map_category(name, allowed, category_map)
        if mapped:
            categories.append(mapped)
        else:
            tags.append(slugify(name))
            notes.append(Problem(src, lines.get("categories", lines.get("category", 1)),
                                 f"category '{name}' is not allowed here; kept as a tag",
                                 fix=f"map it with --category-map '{name}=New' (New one of: "
                                     f"{', '.join(allowed)})", severity="warning"))
    if not categories:
        categories = ["Community"] if not allowed or "Community" in allowed else [allowed[0]]
    for flag in ("sticky", "featured"):
        if meta.get(flag) is True and flag not in tags:
            tags.append(flag)
    out: dict[str, Any] = {"title": title.strip(), "date": date, "authors": author_ids,
                           "categories": list(dict.fromkeys(categories)),
                           "tags": list(dict.fromkeys(tags))}
    if isinstance(meta.get("description") or meta.get("excerpt"), str):
        out["description"] = str(meta.get("description") or meta.get("excerpt")).strip()
    image = meta.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature") or image.get("thumbnail")
    if isinstance(image, str) and image:
        image = re.sub(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}", "", image)
        if "://" in image:
            notes.append(Problem(src, lines.get("image", 1),
                                 f"cover image on another host: {image}",
                                 fix="download it into docs/assets/images/ and set 'image:'",
                                 severity="warning"))
        else:
            out["image"] = image.lstrip("/")
    if "sticky" in out["tags"]:
        out["pin"] = True
    if isinstance(meta.get("comments"), bool):
        out["comments"] = meta["comments"]
    if meta.get("published") is False or meta.get("draft") is True:
        out["draft"] = True
    slug = _slug_of(src, title)
    if slug != slugify(title):
        out["slug"] = slug
    for key in meta:
        if key not in out and key not in _DROPPED and key not in (
                "author", "category", "sticky", "featured", "excerpt", "date", "image"):
            notes.append(Problem(src, lines.get(key, 1), f"front-matter field '{key}' was not kept",
                                 fix="add it back by hand if the new site needs it",
                                 severity="warning"))
    return out, notes


def _rewrite_tag(name: str, arg: str) -> str | None:
    if name == "post_url":
        return posixpath.basename(arg.strip("'\" ")) + ".md"
    if name == "link":
        target = arg.strip("'\" ")
        if target.startswith("_posts/"):
            return posixpath.basename(target)
        return f"{POSTS_TO_DOCS}/{target.lstrip('/')}"
    if name in ("raw", "endraw"):
        return ""
    if name == "highlight":
        return "```" + (arg.split()[0] if arg.split() else "")
    if name == "endhighlight":
        return "```"
    return None


def _rewrite_output(expr: str, title: str) -> str | None:
    expr = expr.strip()
    if expr in ("site.baseurl", "site.url", "site.url | append: site.baseurl"):
        return ""
    match = re.fullmatch(r"""["']([^"']*)["']\s*\|\s*"""
                         r"(?:relative_url|absolute_url|prepend:\s*site\.baseurl)", expr)
    if match:
        return match.group(1)
    if expr == "page.title":
        return title
    return None


def _rewrite_absolute(target: str, src: Path, line: int, root: Path | None,
                      notes: list[Problem], links: PostLinks | None = None) -> str:
    if target.startswith("/_posts/"):
        name = posixpath.basename(target)
        return links.post(name, line) if links else name
    match = _PERMALINK.match(target)
    if match:
        name = "-".join(match.group(1, 2, 3)) + f"-{slugify(match.group(4))}.md"
        return links.post(name, line) if links else name
    if links is not None:
        new = links.absolute(target, line)
        if new is not None:
            return new
    rel = target.lstrip("/")
    if root is not None and rel and not (root / "docs" / rel.split("#")[0]).exists():
        notes.append(Problem(src, line, f"link to /{rel} points at a file this site does not have",
                             fix=f"copy it to docs/{rel} or change the link", severity="warning"))
    return f"{POSTS_TO_DOCS}/{rel}"


def convert_body(src: Path, body: str, body_line: int, title: str,
                 root: Path | None = None,
                 links: PostLinks | None = None) -> tuple[str, list[Problem]]:
    """Rewrite Liquid and site-absolute links; returns (Markdown, notes)."""
    notes: list[Problem] = []
    out_lines = []
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        # {% raw %} content must reach the page untouched; keep its line count
        kept.append(match.group(1))
        return f"\x00{len(kept) - 1}" + "\x01\n" * match.group(1).count("\n") + "\x00"

    body = _RAW.sub(hide, body)
    for offset, line in enumerate(body.split("\n")):
        number = body_line + offset

        def tag(match: re.Match[str], number: int = number) -> str:
            new = _rewrite_tag(match.group(1), match.group(2))
            if links is not None and new is not None and new.endswith(".md") and (
                    match.group(1) == "post_url" or "/" not in new):
                new = links.post(new, number)
            if new is None:
                notes.append(Problem(src, number, f"unknown Liquid tag {match.group(0)}",
                                     fix="replace it with Markdown in the source, or re-run with "
                                         "--allow-unknown to import it kept as text"))
                return match.group(0)
            return new

        def output(match: re.Match[str], number: int = number) -> str:
            new = _rewrite_output(match.group(1), title)
            if new is None:
                notes.append(Problem(src, number, f"unknown Liquid output {match.group(0)}",
                                     fix="replace it with the text it produced, or re-run "
                                         "with --allow-unknown to keep it as text"))
                return match.group(0)
            return new

        line = _TAG.sub(tag, line)
        line = _OUTPUT.sub(output, line)
        line = _MD_TARGET.sub(
            lambda m, n=number: m.group(1) + _rewrite_absolute(m.group(2), src, n, root, notes,
                                                               links),
            line)
        out_lines.append(line)
    text = _HIDDEN.sub(lambda m: kept[int(m.group(1))], "\n".join(out_lines))
    text, count = _MORE_VARIANTS.subn(MORE, text)
    if count == 0:
        parts = text.strip("\n").split("\n\n", 1)
        text = parts[0] + f"\n\n{MORE}\n\n" + (parts[1] if len(parts) > 1 else "")
        notes.append(Problem(src, body_line,
                             "no <!--more--> marker; put one after the first paragraph",
                             fix="move '<!-- more -->' if the excerpt should end elsewhere",
                             severity="warning"))
    return text.strip("\n") + "\n", notes


def target_filename(src: Path, title: Any, date: dt.date) -> str:
    """The name the converted post gets: ``YYYY-MM-DD-slug.md``, slug from the file name.

    Example:
        >>> target_filename(Path("2019-5-4-Hello_World.md"), "Hi", dt.date(2019, 5, 4))
        '2019-05-04-hello-world.md'
        >>> target_filename(Path("notes.md"), "My notes", dt.date(2020, 1, 2))
        '2020-01-02-my-notes.md'
    """
    title = title.strip() if isinstance(title, str) and title.strip() else ""
    return f"{date.isoformat()}-{_slug_of(Path(src), title)}.md"


def convert_post(
    src: Path, *, date: dt.date | None = None, allowed: tuple[str, ...] = (),
    authors: dict[str, Any] | None = None, root: Path | None = None,
    category_map: dict[str, str] | None = None, links: PostLinks | None = None,
) -> ConvertedPost:
    """Convert one Jekyll post file.

    Args:
        src: The Jekyll post.
        date: The date for a post with none in its file name or front matter.
        allowed: This site's allowed categories (unknown ones become tags).
        authors: This site's authors, to flag unknown ones.
        root: The project folder, to flag links to files the site does not have.
        category_map: Jekyll category -> allowed category, checked first.
        links: Whole-site knowledge: other posts, images to copy (see jekyll_site).

    Raises:
        InputError: the file has no date in its name or front matter, and no ``date`` was given.
        ContentError: its front matter is malformed YAML.
    """
    src = Path(src)
    doc = read_markdown(src)
    found = find_date(src, doc.meta, date)
    if found is None:
        raise InputError(
            f"{src}:1: no date found for this post",
            why="Jekyll posts carry their date in the file name (YYYY-MM-DD-slug.md) "
                "or a 'date:' field",
            fix="rename the file to YYYY-MM-DD-slug.md, or pass --date YYYY-MM-DD",
        )
    meta, notes = convert_front_matter(src, doc.meta, doc.key_lines, found, allowed, authors,
                                       category_map)
    body, body_notes = convert_body(src, doc.body, doc.body_line, meta["title"], root, links)
    image = meta.get("image")
    if links is not None and image:
        new_image = links.cover(image, doc.line_of("image"))
        if new_image:
            meta["image"] = new_image
    elif root is not None and image and not (Path(root) / "docs" / image).is_file():
        notes.append(Problem(src, doc.line_of("image"), f"cover image docs/{image} does not exist",
                             fix=f"copy the image to docs/{image}", severity="warning"))
    filename = target_filename(src, doc.meta.get("title"), found)
    return ConvertedPost(src, filename, meta, body, notes + body_notes)


def skip_reason(path: Path) -> str | None:
    """Why a file is not a post to import (empty, no front matter), or None.

    Jekyll publishes only files that start with front matter as posts; an
    empty one would become an empty page here.

    Example:
        >>> import tempfile
        >>> empty = Path(tempfile.mkdtemp()) / "2020-01-01-empty.md"
        >>> _ = empty.write_text("  \\n")
        >>> skip_reason(empty)
        'empty file'
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "not a UTF-8 text file"
    if not text.strip():
        return "empty file"
    yaml_text, body, _ = split_front_matter(text)
    if yaml_text is None:
        return "no front matter (Jekyll does not publish such a file as a post)"
    if not body.strip():
        return "the post has no text after its front matter"
    return None


def convert_all(paths: list[Path], **options: Any) -> tuple[list[ConvertedPost], list[Problem]]:
    """Convert several posts; files that cannot be converted become problems.

    Empty files and files without front matter are skipped with a warning.

    Example:
        >>> convert_all([Path("/nonexistent/2020-01-01-a.md")])[1][0].message
        'file not found'
    """
    posts, problems = [], []
    for path in paths:
        if not Path(path).is_file():
            problems.append(Problem(path, None, "file not found", fix="check the path"))
            continue
        reason = skip_reason(Path(path))
        if reason:
            problems.append(Problem(path, 1, f"skipped: {reason}",
                                    fix="give it front matter and text if it is a post",
                                    severity="warning"))
            continue
        try:
            posts.append(convert_post(Path(path), **options))
        except InputError as err:
            problems.append(Problem(path, 1, err.what.split(": ", 1)[-1], fix=err.fix))
        except ContentError as err:
            problems.extend(err.problems)
    return posts, problems
