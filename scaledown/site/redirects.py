"""Old addresses that keep working: the redirect map ``docs/.redirects.yml``.

The map lists old paths (relative to the site's address, as a Jekyll blog
published them) and the page that replaced each one::

    redirects:
      welcome/: blog/posts/2019-05-04-welcome.md
      2019/05/04/welcome.html: blog/posts/2019-05-04-welcome.md

``scaledown import jekyll`` adds to it; people may edit it. Engines skip files
whose name starts with a dot, so the map itself is not published.

``scaledown build-content`` turns every entry into a small static HTML page in
the generated docs tree (:func:`generate`): a folder-style old path
(``welcome/``, or ``welcome`` without an extension) becomes
``welcome/index.html``, a file-style one (``2019/05/04/welcome.html``) the file
it names. Each page sends the browser on to the target's published URL, as a
relative link (:func:`relative_url`), so the site works under any base path.
Both engines copy such files verbatim, so MkDocs and Zensical publish the same
redirects without a plugin. The target's URL follows the engines' rules
(:mod:`scaledown.site.page_urls`): a page's path with ``use_directory_urls``,
a blog post's ``post_url_format`` with its slug (the explicit ``slug:`` that
:mod:`scaledown.site.post_slugs` writes).

The output is one incremental unit (:func:`units`, listed in
:data:`scaledown.site.pipeline.GENERATOR_UNITS`) whose inputs are the map file
and the URLs its targets resolve to. Bad entries are left out of the output
and reported by :func:`check_redirects` (registered in
:data:`scaledown.site.pipeline.CHECKERS` as ``"redirects"``) with the map's
file and line, before ``build-content`` writes anything.

Example:
    >>> redirect_file("welcome/"), redirect_file("2019/05/04/welcome.html")
    ('welcome/index.html', '2019/05/04/welcome.html')
    >>> relative_url(redirect_file("welcome/"), "blog/welcome/")
    '../blog/welcome/'
"""

from __future__ import annotations

import html
import json
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from ..errors import ContentError
from ..vocabulary.generated import GeneratedFile
from ..vocabulary.problem import Problem
from ..vocabulary.unit import Unit
from .page_urls import (
    UrlRules,
    is_post,
    is_unpublished_draft,
    output_file,
    page_url,
    post_url,
    url_rules,
)

REDIRECTS_FILE = "docs/.redirects.yml"
HEADER = ("# Old addresses -> the page that replaced them (paths relative to docs/).\n"
          "# 'scaledown import jekyll' adds entries; edit by hand as you like.\n"
          "# See docs/contribute/blog-post.md.\n")
UNIT = "redirects"
"""The name of the redirect pages' unit in the build manifest."""
PAGE_SUFFIXES = (".html", ".htm")
"""A file-style old path must end in one of these: a redirect is an HTML page."""
_DOCS = "docs"
_NOT_FOUND_PAGE = "404.html"  # every engine writes it from the theme
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
# A build reads the map and every post's front matter (for its URL) more than once (the
# unit's key, the check); remembered by (mtime_ns, size), so a server rebuild re-reads
# only what changed.
_maps: dict[str, tuple[tuple[int, int], tuple[dict[str, str], list[tuple[str, int]]]]] = {}
_metas: dict[str, tuple[tuple[int, int], dict[str, Any] | None]] = {}


def load_redirects(root: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The redirect map of the project at ``root`` and the line of each entry.

    Raises:
        ContentError: the file is malformed or not an ``redirects:`` mapping of text.

    Example:
        >>> load_redirects(Path("/nonexistent"))
        ({}, {})
    """
    entries, lines, _ = _read_map(Path(root))
    return entries, lines


def _read_map(root: Path) -> tuple[dict[str, str], dict[str, int], list[tuple[str, int]]]:
    """(entries, line of each, every (old path, line) in file order, repeats included)."""
    path = root / REDIRECTS_FILE
    try:
        info = path.stat()
    except OSError:
        return {}, {}, []
    stamp = (info.st_mtime_ns, info.st_size)
    hit = _maps.get(str(path))
    if hit is not None and hit[0] == stamp:
        entries, order = hit[1]
        return dict(entries), dict(order), list(order)
    if not path.is_file():
        return {}, {}, []
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_Loader) or {}  # a safe loader
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([Problem(REDIRECTS_FILE, mark.line + 1 if mark else None,
                                    f"malformed YAML: {getattr(exc, 'problem', exc)}",
                                    fix="each entry is 'old/path/: new/page.md' under "
                                        "'redirects:'")]) from None
    entries = data.get("redirects") if isinstance(data, dict) else None
    if entries is None:
        entries = {}
    if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise ContentError([Problem(REDIRECTS_FILE, 1,
                                    "the redirect map needs a 'redirects:' mapping of paths",
                                    fix="write one 'old/path/: new/page.md' per line under "
                                        "'redirects:'")])
    order: list[tuple[str, int]] = []
    for key, value in getattr(node, "value", []):
        if key.value == "redirects" and isinstance(value, yaml.MappingNode):
            order = [(str(k.value), k.start_mark.line + 1) for k, _ in value.value]
    _maps[str(path)] = (stamp, (dict(entries), order))
    return dict(entries), dict(order), list(order)


def redirect_file(old: str) -> str:
    """The file (relative to the site) that holds the redirect page of old path ``old``.

    Example:
        >>> redirect_file("welcome/"), redirect_file("welcome"), redirect_file("a/b.html")
        ('welcome/index.html', 'welcome/index.html', 'a/b.html')
    """
    if old.endswith("/") or not posixpath.splitext(old)[1]:
        return f"{old.rstrip('/')}/index.html"
    return old


def page_paths(old: str) -> list[str]:
    """The Markdown pages (and the file) that would be published at ``old``.

    ``scaledown import jekyll`` adds no redirect where one of these exists.

    Example:
        >>> page_paths("welcome/")
        ['welcome/index.md', 'welcome.md']
        >>> page_paths("2019/a.html")
        ['2019/a.md', '2019/a.html']
    """
    if old.endswith("/") or not posixpath.splitext(old)[1]:
        base = old.rstrip("/")
        return [f"{base}/index.md", f"{base}.md"]
    stem = posixpath.splitext(old)[0]
    return [f"{stem}.md", old]


def redirect_page(url: str) -> str:
    """A small HTML page that sends the browser to ``url`` (kept anchors included).

    Example:
        >>> 'content="0; url=../blog/a/"' in redirect_page("../blog/a/")
        True
    """
    attr = html.escape(url, quote=True)
    script = json.dumps(url).replace("<", "\\u003c")
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>This page has moved</title>\n"
        f"<link rel=\"canonical\" href=\"{attr}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={attr}\">\n"
        f"<script>location.replace({script} + location.hash)</script>\n"
        "</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{attr}\">its new address</a>.</p>\n"
        "</body>\n</html>\n"
    )


def relative_url(old: str, new_url: str) -> str:
    """The link from the redirect page in file ``old`` to the page URL ``new_url``.

    Both are relative to the site's address; ``""`` is the home page.

    Example:
        >>> relative_url("2019/05/04/welcome.html", "blog/welcome/")
        '../../../blog/welcome/'
        >>> relative_url("welcome/index.html", "")
        '../'
        >>> relative_url("old.html", "about.html")
        'about.html'
    """
    here = posixpath.dirname(old)
    target = posixpath.relpath(new_url or ".", here or ".")
    if (not new_url or new_url.endswith("/")) and not target.endswith("/"):
        target += "/"
    return target


@dataclass(frozen=True)
class Redirect:
    """One entry of the map that becomes a page.

    Attributes:
        old: The old path, as written in the map.
        target: The page it points to (relative to ``docs/``).
        line: The entry's line in the map.
        file: The redirect page's file (:func:`redirect_file`).
        url: The target's published URL (relative to the site).
    """

    old: str
    target: str
    line: int | None
    file: str
    url: str

    @property
    def page(self) -> GeneratedFile:
        """The redirect page as a generated file.

        Example:
            >>> r = Redirect("old/", "about.md", 2, "old/index.html", "about/")
            >>> 'url=../about/"' in r.page.content
            True
        """
        link = quote(relative_url(self.file, self.url), safe="/")  # as the engines quote URLs
        return GeneratedFile(self.file, redirect_page(link))


def _meta(path: Path) -> dict[str, Any] | None:
    """A page's front matter ({} without one), or None when it cannot be read."""
    from .frontmatter import split_front_matter

    try:
        info = path.stat()
    except OSError:
        return None
    stamp = (info.st_mtime_ns, info.st_size)
    hit = _metas.get(str(path))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    meta: dict[str, Any] | None
    try:
        front = split_front_matter(path.read_text(encoding="utf-8"))[0]
        data = {} if front is None else yaml.load(front, Loader=_Loader)  # a safe loader
        meta = data if isinstance(data, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        meta = None
    if len(_metas) > 20000:
        _metas.clear()
    _metas[str(path)] = (stamp, meta)
    return meta


def _site_path_problem(old: str) -> tuple[str, str] | None:
    """(message, fix) when ``old`` cannot hold a redirect page."""
    parts = old.split("/")
    if old.startswith("/") or any(c in old for c in "\\?#") or ".." in parts \
            or "." in parts or not old.strip("/") or "" in parts[:-1]:
        return (f"old path '{old}' is not a site path",
                "write it relative to the site's address, e.g. 2019/05/04/welcome.html "
                "or welcome/")
    suffix = posixpath.splitext(old)[1]
    if not old.endswith("/") and suffix and suffix.lower() not in PAGE_SUFFIXES:
        return (f"old path '{old}' ends in '{suffix}': a redirect is an HTML page, "
                "published at a folder or a .html file",
                "remove the entry, or end the old path in '/' or '.html'")
    return None


def _target_problem(files: set[str], target: str) -> str | None:
    norm = posixpath.normpath(target) if target else ""
    if not target or target.startswith("/") or norm.startswith("..") or norm != target:
        return f"redirect target '{target}' is not a path below docs/"
    if not target.endswith(".md"):
        return f"redirect target {target} is not a page (a .md file)"
    if target not in files:
        return f"redirect target {target} does not exist"
    return None


_TARGET_FIX = "point it at a Markdown page under docs/, e.g. blog/posts/2019-05-04-welcome.md"


@dataclass
class _Site:
    """What ``docs/`` publishes: the files, the file each page and post is written to."""

    files: set[str]  # every file under docs/ the engines read (no dot-files), relative to it
    published: dict[str, str]  # a published file -> what it comes from, for messages
    urls: dict[str, str]  # a page or published post -> its URL


def _docs_site(root: Path, rules: UrlRules) -> _Site:
    """Every file the site publishes from ``docs/``: pages under the file their URL gives
    (posts by their slug), other files under their own path, and the 404 page."""
    docs = root / _DOCS
    site = _Site(set(), {_NOT_FOUND_PAGE: "the theme's page-not-found page"}, {})
    for folder, subfolders, names in os.walk(docs):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        here = Path(folder).relative_to(docs).as_posix()
        for name in sorted(names):
            if name.startswith("."):
                continue
            rel = name if here == "." else f"{here}/{name}"
            site.files.add(rel)
            site.published[rel] = f"docs/{rel}"
    for rel in sorted(site.files):
        if not rel.endswith(".md"):
            continue
        if is_post(rel, rules):
            meta = _meta(docs / rel)
            if meta is None or is_unpublished_draft(meta, rules):
                continue
            try:
                url = post_url(rel, meta, rules)
            except ValueError:
                continue  # the entry's check, or the blog check, says why
        else:
            url = page_url(rel, rules)
        site.urls[rel] = url
        site.published.setdefault(output_file(url), f"docs/{rel}")
    return site


_CLASH_FIX = "remove the entry: a redirect there would replace that page or file"


def _clash(file: str, published: Mapping[str, str], reserved: Iterable[str]) -> str | None:
    """What a redirect page at ``file`` would overwrite (or sit inside), said of its old path."""
    if file in published:
        return f"is where {published[file]} is published"
    folders = file.split("/")[:-1]
    for depth in range(1, len(folders) + 1):
        folder = "/".join(folders[:depth])
        if folder in published:
            return f"is inside {folder}, where {published[folder]} is published"
    for folder in reserved:
        if file.startswith(f"{folder}/"):
            return f"is inside {folder}/, where the blog writes pages of its own"
    return None


def resolve(root: Path) -> tuple[list[Redirect], list[Problem]]:
    """The map's entries that become pages, and every problem with the others.

    Problems (each at the entry's line of :data:`REDIRECTS_FILE`): an old path
    that is not a site path, or a file that is not HTML; a target that is not
    a page under ``docs/``, is a draft, or whose URL cannot be worked out; an
    old path given twice, or two old paths for one file; an old path where the
    site publishes a page or a file from ``docs/`` (or in the blog's own folders).

    Raises:
        ContentError: the map is malformed (see :func:`load_redirects`).

    Example:
        >>> resolve(Path("/nonexistent"))
        ([], [])
    """
    root = Path(root)
    entries, _, order = _read_map(root)
    if not entries:
        return [], []
    docs = root / _DOCS
    rules = url_rules(root)
    site = _docs_site(root, rules)
    reserved = tuple(posixpath.normpath(posixpath.join(rules.blog_dir, view))
                     for view in rules.view_dirs) if rules.posts_dir else ()
    found: list[Redirect] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    by_file: dict[str, str] = {}

    def problem(line: int | None, message: str, fix: str) -> None:
        problems.append(Problem(REDIRECTS_FILE, line, message, fix=fix))

    for old, line in order:
        if old in first_line:
            problem(line, f"old path '{old}' is listed twice (first on line {first_line[old]})",
                    "keep one entry for it")
            continue
        first_line[old] = line
        target = entries[old]
        wrong_path = _site_path_problem(old)
        if wrong_path:
            problem(line, *wrong_path)
            continue
        file = redirect_file(old)
        if file in by_file:
            problem(line, f"old path '{old}' is the same address as '{by_file[file]}' "
                          f"(both {file})", "keep one of the two entries")
            continue
        by_file[file] = old
        clash = _clash(file, site.published, reserved)
        if clash:
            problem(line, f"old path '{old}' {clash}", _CLASH_FIX)
            continue
        wrong = _target_problem(site.files, target)
        if wrong:
            problem(line, wrong, _TARGET_FIX)
            continue
        url = site.urls[target] if target in site.urls else _target_url(
            docs, target, rules, line, problem)  # a draft, or a post without a title or date
        if url is not None:
            found.append(Redirect(old, target, line, file, url))
    return found, problems


def _target_url(docs: Path, target: str, rules: UrlRules, line: int | None,
                problem: Any) -> str | None:
    if not is_post(target, rules):
        return page_url(target, rules)
    meta = _meta(docs / target)
    if meta is None:
        problem(line, f"redirect target {target} has front matter that cannot be read",
                "fix the post's front matter ('scaledown check --only blog' says where)")
        return None
    if is_unpublished_draft(meta, rules):
        problem(line, f"redirect target {target} is a draft, which the site does not publish",
                "publish the post (remove 'draft: true'), or point the entry at another page")
        return None
    try:
        return post_url(target, meta, rules)
    except ValueError as exc:
        problem(line, f"the URL of redirect target {target} cannot be worked out: {exc}",
                "give the post a title and date, or use post_url_format: \"{slug}\"")
        return None


def generate(root: Path) -> list[GeneratedFile]:
    """The redirect page of every good entry of the map (bad ones are left to the check).

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> (root / "docs").mkdir()
        >>> _ = (root / "docs" / "about.md").write_text("# About\\n")
        >>> _ = (root / REDIRECTS_FILE).write_text("redirects:\\n  old/: about.md\\n")
        >>> [(f.path, 'url=../about/"' in f.content) for f in generate(root)]
        [('old/index.html', True)]
    """
    return [item.page for item in _good_entries(root)]


def _good_entries(root: Path) -> list[Redirect]:
    try:
        return resolve(root)[0]
    except ContentError:
        return []  # the check reports the malformed map with its line


def units(root: Path) -> list[Unit]:
    """The redirect pages as one unit: rerun when the map or a target's URL changes.

    Its inputs are the map file, and its key is every page's file and target
    URL (the URL comes from the target's path and slug).

    Example:
        >>> [(u.name, u.inputs) for u in units(Path("/nonexistent"))]
        [('redirects', ('docs/.redirects.yml',))]
    """
    from .inputs import data_key

    found = _good_entries(Path(root))
    key = data_key(sorted((item.file, item.url) for item in found))
    return [Unit(UNIT, lambda: [item.page for item in found], (REDIRECTS_FILE,), key=key)]


def check_redirects(root: Path) -> list[Problem]:
    """Problems with the redirect map, each with the map's file and line.

    Those of :func:`resolve`, and, in a build (where the generated pages are
    known), an old path where a generated page or file is published.

    Example:
        >>> check_redirects(Path("/nonexistent"))
        []
    """
    root = Path(root)
    try:
        found, problems = resolve(root)
    except ContentError as err:
        return list(err.problems)
    if not found:
        return problems
    from .links import known_generated

    generated = known_generated(root)
    if generated:
        rules = url_rules(root)
        ours = {item.file for item in found if generated.get(item.file) == item.page.content}
        published: dict[str, str] = {}
        for path in generated:
            if path in ours:
                continue  # our own page, found in the build's tree
            if path.endswith(".md"):
                published.setdefault(output_file(page_url(path, rules)), f"generated {path}")
            published.setdefault(path, f"generated {path}")
        for item in found:
            clash = _clash(item.file, published, ())
            if clash:
                problems.append(Problem(REDIRECTS_FILE, item.line,
                                        f"old path '{item.old}' {clash}", fix=_CLASH_FIX))
    return sorted(problems, key=lambda p: p.line or 0)
