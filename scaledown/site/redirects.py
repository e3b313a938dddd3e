"""Old addresses that keep working: the redirect map ``docs/.redirects.yml``.

The map lists old paths (relative to the site's address, as a Jekyll blog
published them) and the page that replaced each one::

    redirects:
      welcome/: blog/posts/2019-05-04-welcome.md
      2019/05/04/welcome.html: blog/posts/2019-05-04-welcome.md

``scaledown import jekyll`` adds to it; people may edit it. MkDocs skips files
whose name starts with a dot, so the map itself is not published. The
``scaledown`` plugin hands the folder-style entries (``welcome/``) to the
mkdocs-redirects plugin (``redirects`` in ``mkdocs.yml``); that plugin can only
place a redirect where a Markdown page would go, so the plugin writes the
file-style ones (``welcome.html``) itself, with :func:`redirect_page`.
Registered in :data:`scaledown.site.pipeline.CHECKERS` as ``"redirects"``.

Example:
    >>> split_map({"welcome/": "blog/posts/a.md", "2019/05/04/a.html": "blog/posts/a.md"})
    ({'welcome/index.md': 'blog/posts/a.md'}, {'2019/05/04/a.html': 'blog/posts/a.md'})
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path

import yaml

from ..errors import ContentError
from ..vocabulary.problem import Problem
from .siteconfig import plugin_options, read_site_config

REDIRECTS_FILE = "docs/.redirects.yml"
HEADER = ("# Old addresses -> the page that replaced them (paths relative to docs/).\n"
          "# 'scaledown import jekyll' adds entries; edit by hand as you like.\n"
          "# See docs/contribute/blog-post.md.\n")


def load_redirects(root: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The redirect map of the project at ``root`` and the line of each entry.

    Raises:
        ContentError: the file is malformed or not an ``redirects:`` mapping of text.

    Example:
        >>> load_redirects(Path("/nonexistent"))
        ({}, {})
    """
    path = Path(root) / REDIRECTS_FILE
    if not path.is_file():
        return {}, {}
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text, Loader=yaml.SafeLoader)
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
    lines: dict[str, int] = {}
    for key, value in getattr(node, "value", []):
        if key.value == "redirects" and isinstance(value, yaml.MappingNode):
            lines = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return dict(entries), lines


def split_map(entries: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split the map into (mkdocs-redirects ``redirect_maps``, file-style entries).

    Example:
        >>> split_map({"about": "about.md"})
        ({'about/index.md': 'about.md'}, {})
    """
    for_plugin: dict[str, str] = {}
    own: dict[str, str] = {}
    for old, new in entries.items():
        if old.endswith("/"):
            for_plugin[f"{old}index.md"] = new
        elif posixpath.splitext(old)[1]:
            own[old] = new
        else:
            for_plugin[f"{old}/index.md"] = new
    return for_plugin, own


def page_paths(old: str) -> list[str]:
    """The built files an old path would take: where a clash with a real page is possible.

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
    """The link from the redirect page at ``old`` to the page URL ``new_url``.

    Example:
        >>> relative_url("2019/05/04/welcome.html", "blog/welcome/")
        '../../../blog/welcome/'
    """
    here = posixpath.dirname(old)
    target = posixpath.relpath(new_url or ".", here or ".")
    if new_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return target


def check_redirects(root: Path) -> list[Problem]:
    """Problems with the redirect map: missing targets, clashes, plugin not enabled.

    Example:
        >>> check_redirects(Path("/nonexistent"))
        []
    """
    root = Path(root)
    try:
        entries, lines = load_redirects(root)
    except ContentError as err:
        return list(err.problems)
    if not entries:
        return []
    docs = root / "docs"
    problems = []
    for old, new in entries.items():
        line = lines.get(old)
        parts = old.split("/")
        if old.startswith("/") or "://" in old or ".." in parts or not old.strip("/"):
            problems.append(Problem(REDIRECTS_FILE, line, f"old path '{old}' is not a site path",
                                    fix="write it relative to the site's address, "
                                        "e.g. 2019/05/04/welcome.html or welcome/"))
            continue
        if not (docs / new).is_file():
            problems.append(Problem(REDIRECTS_FILE, line, f"redirect target {new} does not exist",
                                    fix="point it at a page under docs/, e.g. "
                                        "blog/posts/2019-05-04-welcome.md"))
        for page in page_paths(old):
            if (docs / page).is_file():
                problems.append(Problem(REDIRECTS_FILE, line,
                                        f"old path '{old}' is where docs/{page} is published",
                                        fix="remove the entry: a redirect there would replace "
                                            "that page"))
    if plugin_options(read_site_config(root), "redirects") is None:
        problems.append(Problem("mkdocs.yml", None,
                                f"{REDIRECTS_FILE} lists redirects but the 'redirects' plugin "
                                "is not enabled", fix="add '- redirects' under 'plugins:' "
                                "(pip install mkdocs-redirects, in the 'site' extra)"))
    return problems
