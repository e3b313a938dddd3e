"""Read the settings the content checks need from ``mkdocs.yml``, without MkDocs.

``mkdocs.yml`` may hold MkDocs-only YAML tags such as
``!!python/name:...``; they are read as plain strings here so nothing is
imported. Only the few settings the checks use are exposed.

Example:
    >>> settings = blog_settings(Path(__file__).resolve().parents[2])
    >>> "Hardware" in settings.categories_allowed
    True
"""

from __future__ import annotations

import copy
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: same data, several times faster
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TolerantLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that keeps unknown tags as their text instead of failing."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return f"{node.tag}{node.value}" if not node.value else node.value
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)
_TolerantLoader.add_multi_constructor("!", _unknown_tag)


# (path, mtime_ns, size) -> parsed config; one build asks several times (plugin, checks)
_parsed: dict[tuple[str, int, int], dict[str, Any]] = {}


def read_site_config(root: Path) -> dict[str, Any]:
    """Parse ``<root>/mkdocs.yml`` into a dict (empty if the file is absent).

    The parse is remembered until the file changes; each call gets its own copy.

    Example:
        >>> read_site_config(Path("/nonexistent"))
        {}
    """
    path = Path(root) / "mkdocs.yml"
    try:
        info = path.stat()
    except OSError:
        return {}
    if not stat.S_ISREG(info.st_mode):
        return {}
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key not in _parsed:
        text = path.read_text(encoding="utf-8")
        if len(_parsed) > 8:
            _parsed.clear()
        _parsed[key] = yaml.load(text, Loader=_TolerantLoader) or {}  # a SafeLoader subclass
    return copy.deepcopy(_parsed[key])


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """Options of plugin ``name`` in a parsed config, ``{}`` if it has none, None if absent.

    Example:
        >>> plugin_options({"plugins": ["search", {"blog": {"draft": True}}]}, "blog")
        {'draft': True}
        >>> plugin_options({"plugins": ["search"]}, "search")
        {}
    """
    for entry in config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return None


@dataclass(frozen=True)
class BlogSettings:
    """The blog settings content checks rely on."""

    docs_dir: str = "docs"
    blog_dir: str = "blog"
    categories_allowed: tuple[str, ...] = ()
    excerpt_required: bool = False
    excerpt_separator: str = "<!-- more -->"

    @property
    def posts_dir(self) -> str:
        """Posts folder relative to the project root, e.g. ``docs/blog/posts``."""
        return f"{self.docs_dir}/{self.blog_dir}/posts"


def blog_settings(root: Path) -> BlogSettings:
    """The blog settings of the project at ``root`` (defaults if there is no blog).

    Example:
        >>> blog_settings(Path("/nonexistent")).posts_dir
        'docs/blog/posts'
    """
    config = read_site_config(root)
    options = plugin_options(config, "blog") or {}
    return BlogSettings(
        docs_dir=str(config.get("docs_dir", "docs")),
        blog_dir=str(options.get("blog_dir", "blog")).strip("/"),
        categories_allowed=tuple(str(c) for c in options.get("categories_allowed") or ()),
        excerpt_required=options.get("post_excerpt") == "required",
        excerpt_separator=str(options.get("post_excerpt_separator", "<!-- more -->")),
    )
