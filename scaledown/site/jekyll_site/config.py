"""What a Jekyll site folder holds: ``_config.yml``, its authors and its posts.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "_config.yml").write_text("title: Old blog\\nbaseurl: /blog\\n")
    >>> site = read_site(folder)
    >>> site.title, site.baseurl, site.permalink, site.posts
    ('Old blog', '/blog', 'date', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...errors import ContentError, InputError
from ...vocabulary.problem import Problem
from ..slugs import slugify

CONFIG = "_config.yml"
DATA_AUTHORS = "_data/authors.yml"
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".html")


@dataclass
class AuthorSource:
    """One author as the Jekyll site describes them, with where it says so."""

    key: str
    profile: dict[str, Any]
    path: Path
    line: int


@dataclass
class JekyllSite:
    """The parts of a Jekyll site the importer uses."""

    root: Path
    config: dict[str, Any]
    authors: dict[str, AuthorSource] = field(default_factory=dict)
    posts: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The site's ``title``, or its folder name."""
        title = self.config.get("title")
        return str(title).strip() if isinstance(title, str) and title.strip() else self.root.name

    @property
    def slug(self) -> str:
        """A folder name for what is copied from this site (``docs/assets/imported/<slug>/``)."""
        return slugify(self.title) or slugify(self.root.name) or "jekyll"

    @property
    def baseurl(self) -> str:
        """``baseurl`` without a trailing slash ("" when the site lived at the host's root)."""
        value = self.config.get("baseurl")
        return "/" + str(value).strip().strip("/") if isinstance(value, str) and \
            value.strip().strip("/") else ""

    @property
    def permalink(self) -> str:
        """The ``permalink`` setting: a style name or a pattern (Jekyll's default: ``date``)."""
        value = self.config.get("permalink")
        return str(value).strip() if isinstance(value, str) and value.strip() else "date"


def _load_yaml(path: Path, site_root: Path) -> tuple[Any, yaml.Node | None]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([Problem(path, mark.line + 1 if mark else None,
                                    f"malformed YAML: {getattr(exc, 'problem', exc)}",
                                    fix="fix the file in the Jekyll site, then re-run")],
                           what=f"cannot read the Jekyll site {site_root}") from None


def _key_lines(node: yaml.Node | None, key: str | None) -> dict[str, int]:
    if key is not None:
        for key_node, value in getattr(node, "value", []) if isinstance(
                node, yaml.MappingNode) else []:
            if key_node.value == key:
                node = value
                break
        else:
            return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _authors_from(data: Any, node: yaml.Node | None, path: Path, key: str | None,
                  notes: list[Problem]) -> dict[str, AuthorSource]:
    mapping = data.get(key) if key and isinstance(data, dict) else data
    if mapping is None:
        return {}
    where = _key_lines(node, None).get(key, 1) if key else 1
    if not isinstance(mapping, dict):
        notes.append(Problem(path, where, "authors are not a mapping of id -> profile; ignored",
                             fix="write them as 'ada: {name: ..., bio: ...}', one id per entry",
                             severity="warning"))
        return {}
    lines = _key_lines(node, key)
    found = {}
    for name, profile in mapping.items():
        if not isinstance(profile, dict):
            notes.append(Problem(path, lines.get(str(name), where),
                                 f"author '{name}' has no profile (name, bio, avatar); ignored",
                                 fix=f"give '{name}' a 'name:' and a 'bio:'", severity="warning"))
            continue
        found[str(name)] = AuthorSource(str(name), profile, path, lines.get(str(name), where))
    return found


def read_site(folder: str | Path) -> JekyllSite:
    """Read a Jekyll site folder: settings, authors and the list of post files.

    Raises:
        InputError: the folder has no ``_config.yml``.
        ContentError: ``_config.yml`` or ``_data/authors.yml`` is malformed YAML.
    """
    root = Path(folder)
    config_path = root / CONFIG
    if not config_path.is_file():
        raise InputError(f"{root} is not a Jekyll site: it has no {CONFIG}",
                         why="a site import reads the settings, authors and posts of the "
                             "folder holding _config.yml",
                         fix="pass that folder, or pass post files (_posts/*.md) instead")
    data, node = _load_yaml(config_path, root)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{config_path}:1: _config.yml is not a mapping of settings",
                         fix="write one 'setting: value' per line")
    notes: list[Problem] = []
    authors = _authors_from(data, node, config_path, "authors", notes)
    data_path = root / DATA_AUTHORS
    if data_path.is_file():
        more, more_node = _load_yaml(data_path, root)
        for key, source in _authors_from(more, more_node, data_path, None, notes).items():
            if key in authors:
                notes.append(Problem(data_path, source.line,
                                     f"author '{key}' is also in {CONFIG}; "
                                     f"using this one ({DATA_AUTHORS})",
                                     fix=f"keep one of the two entries for '{key}'",
                                     severity="warning"))
            authors[key] = source
    posts_dir = root / "_posts"
    posts = sorted(p for p in posts_dir.rglob("*") if p.is_file() and
                   p.suffix.lower() in POST_SUFFIXES) if posts_dir.is_dir() else []
    if not posts:
        notes.append(Problem(root, None, "no posts found in _posts/",
                             fix="check the folder: posts live in _posts/YYYY-MM-DD-slug.md",
                             severity="warning"))
    drafts = root / "_drafts"
    if drafts.is_dir() and any(drafts.iterdir()):
        notes.append(Problem(drafts, None, "drafts in _drafts/ are not imported",
                             fix="import one with 'scaledown import jekyll FILE --date ...' "
                                 "when it is ready", severity="warning"))
    return JekyllSite(root, data, authors, posts, notes)
