"""Check that every internal link and image in the site's Markdown resolves.

Links are found with a real Markdown parser (markdown-it-py, already a
dependency of ``rich``), so links inside code blocks are ignored and reference
links are followed. A link target resolves when it names a file under
``docs/`` or a page a generator adds to the site.

Registered in :data:`scaledown.site.pipeline.CHECKERS` as ``"links"``.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "docs").mkdir()
    >>> _ = (root / "docs/index.md").write_text("See [about](about.md).\\n")
    >>> [p.message for p in check_links(root, generated=set())]
    ['broken link: about.md']
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .pipeline import Problem

DOCS = "docs"
_generated_cache: dict[Path, frozenset[str]] = {}


def remember_generated(root: Path, paths: set[str] | frozenset[str] | None) -> None:
    """Tell the checker which paths generators add (the plugin calls this once per build).

    Passing ``None`` forgets them, so the next check runs the generators itself.

    Example:
        >>> remember_generated(Path("/r"), {"hardware/index.md"})
        >>> remember_generated(Path("/r"), None)
    """
    key = Path(root).resolve()
    if paths is None:
        _generated_cache.pop(key, None)
    else:
        _generated_cache[key] = frozenset(paths)


def generated_paths(root: Path) -> frozenset[str]:
    """Paths (relative to the site root) that the registered generators add."""
    key = Path(root).resolve()
    if key not in _generated_cache:
        from .pipeline import generate_all
        from .placeholders import SECTIONS

        # section index pages always exist in a build: generated, or a stand-in
        return frozenset(f.path for f in generate_all(root)) | frozenset(SECTIONS)
    return _generated_cache[key]


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def iter_links(text: str, first_line: int = 1) -> Iterator[tuple[str, int]]:
    """Yield ``(target, line)`` for each link and image in Markdown text.

    Example:
        >>> text = "# T\\n\\n![a](img.png) and [b](b.md#x)\\n\\n```\\n[c](no.md)\\n```\\n"
        >>> list(iter_links(text))
        [('img.png', 3), ('b.md#x', 3)]
    """
    tokens = _parser().parse(text)
    lines = text.splitlines()
    for token in tokens:
        if token.type == "html_block" and token.map:
            yield from _html_links(token.content, first_line + token.map[0])
        if token.type != "inline" or not token.children or not token.map:
            continue
        start, end = token.map
        for child in token.children:
            if child.type == "link_open":
                target = str(child.attrGet("href") or "")
            elif child.type == "image":
                target = str(child.attrGet("src") or "")
            elif child.type == "html_inline":
                for target, _ in _html_links(child.content, 0):
                    yield target, first_line + start
                continue
            else:
                continue
            yield target, first_line + _line_of(lines, start, end, target)


def _line_of(lines: list[str], start: int, end: int, target: str) -> int:
    for index in range(start, min(end, len(lines))):
        if target in lines[index] or unquote(target) in lines[index]:
            return index
    return start


def _html_links(html: str, line: int) -> Iterator[tuple[str, int]]:
    import re

    for offset, row in enumerate(html.splitlines()):
        for match in re.finditer(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", row):
            yield match.group(1), line + offset


def resolve(source: str, target: str) -> str | None:
    """Path under ``docs/`` a relative link points at, or None for external links.

    Args:
        source: The linking page, relative to ``docs/`` (``blog/posts/a.md``).
        target: The link as written.

    Example:
        >>> resolve("blog/posts/a.md", "../../about.md#team")
        'about.md'
        >>> resolve("index.md", "https://example.org") is None
        True
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith(("mailto:", "#")):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return path.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def _exists(rel: str, docs: Path, generated: frozenset[str] | set[str]) -> bool:
    if rel.startswith("../"):
        return False
    candidates = [rel]
    if rel.endswith("/") or not posixpath.splitext(rel)[1]:
        candidates += [posixpath.join(rel, "index.md"), f"{rel.rstrip('/')}.md"]
    return any((docs / c).is_file() or c in generated for c in candidates)


def check_file(path: Path, root: Path, generated: frozenset[str] | set[str]) -> list[Problem]:
    """Broken internal links and images of one Markdown file under ``docs/``."""
    from .frontmatter import split_front_matter

    docs = Path(root) / DOCS
    source = path.relative_to(docs).as_posix()
    where = path.relative_to(root).as_posix()
    _, body, body_line = split_front_matter(path.read_text(encoding="utf-8"))
    problems = []
    for target, line in iter_links(body, body_line):
        rel = resolve(source, target)
        if rel is None or (not target.startswith("/") and _exists(rel, docs, generated)):
            continue
        if target.startswith("/"):
            fix = ("write links relative to this file (e.g. ../about.md) "
                   "so they work on any sub-path")
        else:
            fix = "check the spelling; link to the .md file relative to this page"
        problems.append(Problem(where, line, f"broken link: {target}", fix=fix))
    return problems


def check_links(root: Path, generated: set[str] | frozenset[str] | None = None) -> list[Problem]:
    """Every broken internal link or missing image in ``docs/**/*.md``.

    Args:
        root: The project folder.
        generated: Paths the generators add; by default asks the generators.
    """
    root = Path(root)
    docs = root / DOCS
    if not docs.is_dir():
        return []
    known = generated_paths(root) if generated is None else generated
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        problems.extend(check_file(path, root, known))
    return problems
