"""Check every internal link, image and ``#anchor`` the way ``mkdocs build --strict`` does.

Links are found with a real Markdown parser (markdown-it-py, already a
dependency of ``rich``), so links inside code blocks are ignored and reference
links are followed. Both the hand-written pages under ``docs/`` and the pages
generators add are checked. A link target resolves when, relative to the
linking page, it names a file under ``docs/`` or one a generator adds; an
``#anchor`` must be an id of the target page (:mod:`scaledown.site.anchors`).

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
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from ..vocabulary.problem import Problem
from .generation_run import generated_once as generated_once  # named here before it moved
from .generation_run import keep_run_result, run_result

if TYPE_CHECKING:
    from .anchors import Anchors

DOCS = "docs"
_generated_cache: dict[Path, dict[str, str | bytes | None]] = {}  # set by the plugin


def remember_generated(root: Path,
                       pages: Collection[str] | Mapping[str, str | bytes] | None) -> None:
    """Tell the checker which pages generators add (the plugin calls this once per build).

    ``pages`` is a mapping of path to content (anchors on those pages are then
    checked too) or just the paths. Passing ``None`` forgets them, so the next
    check runs the generators itself.

    Example:
        >>> remember_generated(Path("/r"), {"hardware/index.md": "# Hardware"})
        >>> sorted(generated_paths(Path("/r")))
        ['hardware/index.md']
        >>> remember_generated(Path("/r"), None)
    """
    key = Path(root).resolve()
    if pages is None:
        _generated_cache.pop(key, None)
    else:
        _generated_cache[key] = _as_pages(pages)


def generated_pages(root: Path) -> dict[str, str | bytes | None]:
    """Path (relative to the site root) -> content of every file the generators add.

    Section index pages always exist in a build (generated, or a stand-in), so
    they are included.
    """
    key = Path(root).resolve()
    earlier = known_generated(key)
    if earlier is not None:
        return earlier
    from .pipeline import generate_all
    from .placeholders import placeholders

    files: dict[str, str | bytes | None] = {f.path: f.content for f in generate_all(root)}
    docs = Path(root) / DOCS
    existing = set(files) | (site_files(docs) if docs.is_dir() else set())
    files.update({f.path: f.content for f in placeholders(existing)})
    keep_run_result(key, files)
    return files


def known_generated(root: Path) -> dict[str, str | bytes | None] | None:
    """The generated pages of the current build or check run, if known; never runs a generator.

    For a checker that can say more when the build's pages are known, but should
    not run every generator on its own (``scaledown check --only redirects``).

    Example:
        >>> known_generated(Path("/never-built")) is None
        True
    """
    key = Path(root).resolve()
    if key in _generated_cache:
        return _generated_cache[key]
    return run_result(key)


def generated_paths(root: Path) -> frozenset[str]:
    """Paths (relative to the site root) that the registered generators add."""
    return frozenset(generated_pages(root))


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # Blocks only: _inline_tokens parses the inline text of the blocks that can hold a link.
    return MarkdownIt("commonmark").disable("inline")


def _inline_tokens(parser: Any, token: Any, env: dict) -> list:
    # A link, an image, an autolink and inline HTML all need "[" or "<": text
    # without either (most paragraphs) is not parsed, and converts to no link.
    if "[" not in token.content and "<" not in token.content:
        return []
    children: list = []
    parser.inline.parse(token.content, parser, env, children)
    return children


def iter_links(text: str, first_line: int = 1) -> Iterator[tuple[str, int]]:
    """Yield ``(target, line)`` for each link and image in Markdown text.

    Example:
        >>> text = "# T\\n\\n![a](img.png) and [b](b.md#x)\\n\\n```\\n[c](no.md)\\n```\\n"
        >>> list(iter_links(text))
        [('img.png', 3), ('b.md#x', 3)]
    """
    for target, line, _ in _iter_links(text, first_line):
        yield target, line


_SCANNED: dict[tuple[str, int], tuple[tuple[str, int, bool], ...]] = {}
_SCANNED_MAX = 4000  # texts remembered; a long serve session forgets them all past that


def _iter_links(text: str, first_line: int = 1) -> Iterator[tuple[str, int, bool]]:
    """``(target, line, in_raw_html)``: MkDocs rewrites and checks only Markdown links.

    Remembered per text in this process: ``make serve`` checks every page again
    after each save, and parsing them all was most of the checks' time.
    """
    found = _SCANNED.get((text, first_line))
    if found is None:
        found = tuple(_scan_links(text, first_line))
        if len(_SCANNED) >= _SCANNED_MAX:
            _SCANNED.clear()
        _SCANNED[(text, first_line)] = found
    return iter(found)


def _scan_links(text: str, first_line: int) -> Iterator[tuple[str, int, bool]]:
    from .anchors import flatten_admonitions, markdown_in_html

    text = flatten_admonitions(text)  # an admonition's body is Markdown, not indented code
    parser, env = _parser(), {}
    tokens = parser.parse(text, env)  # env: the reference definitions the inline links use
    lines = text.splitlines()
    for token in tokens:
        if token.type == "html_block" and token.map:
            for target, line in _html_links(token.content, first_line + token.map[0]):
                yield target, line, True
            inner = markdown_in_html(token.content)  # <div markdown>: MkDocs checks these
            if inner is not None:
                for target, line, _ in _iter_links(inner, first_line + token.map[0]):
                    yield target, line, False
        if token.type != "inline" or not token.map:
            continue
        start, end = token.map
        for child in _inline_tokens(parser, token, env):
            if child.type == "link_open":
                target = str(child.attrGet("href") or "")
            elif child.type == "image":
                target = str(child.attrGet("src") or "")
            elif child.type == "html_inline":
                for target, _ in _html_links(child.content, 0):
                    yield target, first_line + start, True
                continue
            else:
                continue
            yield target, first_line + _line_of(lines, start, end, target), False


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


def site_files(docs: Path) -> set[str]:
    """Files MkDocs takes from ``docs/`` (it leaves out dot-files and ``templates/``).

    Example:
        >>> import tempfile
        >>> docs = Path(tempfile.mkdtemp())
        >>> for name in ("index.md", ".authors.yml", "img/a.png"):
        ...     (docs / name).parent.mkdir(exist_ok=True)
        ...     _ = (docs / name).write_text("x")
        >>> sorted(site_files(docs))
        ['img/a.png', 'index.md']
    """
    found = set()
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")) \
                and not rel.startswith("templates/"):
            found.add(rel)
    return found


class _Site:
    """The files a build will have and, on demand, the anchors of each page."""

    def __init__(self, root: Path, generated: Mapping[str, str | bytes | None]) -> None:
        from .anchors import site_toc

        self.root = Path(root)
        self.docs = self.root / DOCS
        self.generated = generated
        self.files = site_files(self.docs) | set(generated)
        self.slugify, self.separator, self.emoji = site_toc(self.root)
        self._anchors: dict[str, Anchors | None] = {}

    def page_text(self, rel: str) -> str | None:
        """The Markdown of page ``rel`` (a generated page wins over docs/), None if unknown."""
        if rel in self.generated:
            content = self.generated[rel]
            if content is None:
                return None
            return content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        try:
            return (self.docs / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def anchors(self, rel: str) -> Anchors | None:
        """The ids page ``rel`` will have; None when its text is unknown (anything goes)."""
        if self.slugify is None:  # mkdocs.yml sets a slug function we cannot reproduce
            return None
        if rel not in self._anchors:
            from .anchors import page_anchors
            from .frontmatter import split_front_matter

            text = self.page_text(rel)
            if text is None:
                self._anchors[rel] = None
            else:
                _, body, _ = split_front_matter(text)
                self._anchors[rel] = page_anchors(body, self.slugify, self.separator,
                                                  emoji=self.emoji)
        return self._anchors[rel]


def _link_problem(site: _Site, source: str, target: str) -> tuple[str, str] | None:
    """(message, fix) when MkDocs would refuse ``target`` on page ``source``, else None."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\x02amp\x03" in target:
        return None
    if target.startswith(("/", "\\")):
        return (f"broken link: {target}", "write links relative to this file (e.g. ../about.md) "
                "so they work on any sub-path")
    if not parts.path:
        if parts.fragment:
            return _anchor_problem(site, source, source, target, parts.fragment)
        return None
    path = unquote(parts.path)
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), path).lstrip("/"))
    if rel not in site.files:
        return f"broken link: {target}", _missing_fix(site, source, path, rel)
    if parts.fragment and rel.endswith(".md"):
        return _anchor_problem(site, source, rel, target, parts.fragment)
    return None


def _html_link_problem(site: _Site, source: str, target: str) -> tuple[str, str] | None:
    """Raw HTML links are left alone by MkDocs; they may name a page's URL (``mcunet/``)."""
    rel = resolve(source, target)
    if rel is None:
        return None
    if target.startswith("/"):
        return _link_problem(site, source, target)
    candidates = [rel]
    if rel.endswith("/") or not posixpath.splitext(rel)[1]:
        candidates += [posixpath.join(rel, "index.md"), f"{rel.rstrip('/')}.md"]
    if any(c in site.files for c in candidates if not c.startswith("../")):
        return None
    return f"broken link: {target}", "check the spelling; the link is relative to this page"


def _missing_fix(site: _Site, source: str, path: str, rel: str) -> str:
    guesses = []
    if not posixpath.splitext(rel)[1]:
        guesses += [posixpath.join(rel, "index.md"), posixpath.join(rel, "README.md")]
    if not path.endswith(".md"):
        guesses.append(rel.rstrip("/").removesuffix(".html") + ".md")
    for guess in guesses:
        if guess in site.files:
            better = posixpath.relpath(guess, posixpath.dirname(source) or ".")
            return f"link to the page's file: did you mean '{better}'?"
    return "check the spelling; link to the .md file relative to this page"


def _anchor_problem(site: _Site, source: str, rel: str, target: str,
                    anchor: str) -> tuple[str, str] | None:
    anchors = site.anchors(rel)
    if anchors is None or anchor in anchors:
        return None
    import difflib

    where = "this page" if rel == source else rel
    close = difflib.get_close_matches(anchor, sorted(anchors.ids), n=1)
    hint = f"did you mean '#{close[0]}'? " if close else ""
    return (f"link to a missing anchor: {target} ({where} has no heading or id '{anchor}')",
            f"{hint}a heading's anchor is its text in lower case with dashes "
            "('## Set up the board' -> #set-up-the-board); or give the heading one: "
            "'## Title {#my-id}'")


def _problems_in(site: _Site, source: str, text: str) -> list[tuple[int, str, str, str]]:
    """(line, target, message, fix) for each link MkDocs would refuse in one page's text."""
    from .frontmatter import split_front_matter

    _, body, body_line = split_front_matter(text)
    found = []
    for target, line, in_html in _iter_links(body, body_line):
        problem = _html_link_problem(site, source, target) if in_html \
            else _link_problem(site, source, target)
        if problem:
            found.append((line, target, *problem))
    return found


def check_file(path: Path, root: Path, generated: Collection[str] | Mapping[str, Any],
               site: _Site | None = None) -> list[Problem]:
    """Links and images of one Markdown file under ``docs/`` that the strict build refuses."""
    site = site or _Site(root, _as_pages(generated))
    docs = Path(root) / DOCS
    source = path.relative_to(docs).as_posix()
    where = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    return [Problem(where, line, message, fix=fix)
            for line, _, message, fix in _problems_in(site, source, text)]


_CONTENT_FOLDERS = ("paper_reviews", "tutorials", "hardware_catalog", "study_groups")
_SUFFIXES = (".md", ".py", ".yml", ".yaml")


def _source_of(root: Path, target: str, page: str, line: int) -> tuple[str, int]:
    """Where the text of a generated page's link was written, as (file, line).

    Generated pages copy their prose and links from the content folders: the
    first line there holding ``target`` as a whole word (``](target)`` in
    Markdown, ``url: target`` in YAML) is the place to fix. Then the
    generators' own code is searched for ``](target``. Otherwise the generated
    page itself is named.
    """
    import re

    word = re.compile(rf"(?<![\w./#-]){re.escape(target)}(?![\w/#.-])")
    searches = [(folder, word.search) for folder in _CONTENT_FOLDERS]
    searches.append(("scaledown", lambda row: f"]({target}" in row))
    for folder, found in searches:
        base = Path(root) / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in _SUFFIXES or not path.is_file():
                continue
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, row in enumerate(lines, start=1):
                if found(row):
                    return path.relative_to(root).as_posix(), number
    return f"{page} (generated page)", line


def _as_pages(generated: Collection[str] | Mapping[str, Any]) -> dict[str, str | bytes | None]:
    if isinstance(generated, Mapping):
        return dict(generated)
    return dict.fromkeys(generated)


def check_links(root: Path,
                generated: Collection[str] | Mapping[str, Any] | None = None) -> list[Problem]:
    """Every link, image and ``#anchor`` that ``mkdocs build --strict`` would refuse.

    Hand-written pages (``docs/**/*.md``) and the pages generators add are
    both checked, and links are resolved the way MkDocs resolves them: the
    target, relative to the page, must be a file of the site (a folder
    such as ``../learn/`` is not), and an ``#anchor`` must be an id of the
    target page (:mod:`scaledown.site.anchors`). A problem in a generated page
    is reported at the line of the content file it came from.

    Args:
        root: The project folder.
        generated: Paths the generators add, or a mapping of path to content
            (anchors of a path given without content are not checked); by
            default the generators are asked.
    """
    root = Path(root)
    docs = root / DOCS
    if not docs.is_dir():
        return []
    pages = generated_pages(root) if generated is None else _as_pages(generated)
    site = _Site(root, pages)
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel in pages and pages[rel] is not None:
            continue  # the generated page replaces this file in the build
        problems.extend(check_file(path, root, pages, site))
    for rel in sorted(pages):
        text = site.page_text(rel) if rel.endswith(".md") else None
        if text is None:
            continue
        for line, target, message, fix in _problems_in(site, rel, text):
            where, number = _source_of(root, target, rel, line)
            problems.append(Problem(where, number, f"{message} (on the generated page {rel})",
                                    fix=fix))
    return problems
