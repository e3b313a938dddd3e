"""The people who write for the site: ``docs/blog/.authors.yml``.

The file follows the mkdocs-material blog format, a top-level ``authors:``
mapping from an id to ``name``, ``description``, ``avatar`` and ``url``.
Blog posts and paper reviews refer to people by these ids.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "docs/blog").mkdir(parents=True)
    >>> _ = (root / AUTHORS_FILE).write_text(
    ...     "authors:\\n  ada:\\n    name: Ada\\n    description: Maintainer\\n"
    ...     "    avatar: assets/ada.svg\\n")
    >>> load_authors(root)["ada"]["name"]
    'Ada'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from ..vocabulary.problem import Problem
from .escape import theme_fix, theme_unsafe

AUTHORS_FILE = "docs/blog/.authors.yml"
REQUIRED_FIELDS = ("name", "description", "avatar")
# Fields the theme prints itself, unescaped: the name also inside an attribute (alt="...")
# and as the Markdown heading of the author's page.
THEME_FIELDS = {"name": {"attribute": True, "markdown": True}, "description": {}}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def load_authors(root: Path) -> dict[str, dict[str, Any]]:
    """Read the authors file of the project at ``root``.

    Args:
        root: The project folder (holding ``mkdocs.yml``).

    Returns:
        Author id -> profile dict. An absent file gives an empty dict.

    Raises:
        ContentError: the file is not valid YAML or has no ``authors:`` mapping.

    Example:
        >>> load_authors(Path("/nonexistent"))
        {}
    """
    path = Path(root) / AUTHORS_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(
            [
                Problem(
                    AUTHORS_FILE,
                    mark.line + 1 if mark else None,
                    f"malformed YAML: {getattr(exc, 'problem', exc)}",
                    fix="check indentation: each author id is indented under 'authors:'",
                )
            ]
        ) from None
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        raise ContentError(
            [
                Problem(
                    AUTHORS_FILE,
                    1,
                    "the authors file needs a top-level 'authors:' mapping",
                    fix="start the file with 'authors:' and indent one entry per author id",
                )
            ]
        )
    return {str(key): dict(value or {}) for key, value in authors.items()}


def check_authors(root: Path) -> list[Problem]:
    """Problems in the authors file itself: missing fields, missing avatars, unsafe text.

    The theme prints an author's name and description without escaping them,
    so characters that would become markup there are errors, as is a ``url``
    that is not a web address (a ``javascript:`` link would run when clicked).

    Example:
        >>> check_authors(Path("/nonexistent"))[0].message
        'no authors file'
    """
    path = Path(root) / AUTHORS_FILE
    if not path.is_file():
        return [
            Problem(
                AUTHORS_FILE,
                None,
                "no authors file",
                fix="create it with an 'authors:' mapping (see docs/contribute/index.md)",
            )
        ]
    try:
        authors = load_authors(root)
    except ContentError as err:
        return list(err.problems)
    lines = _id_lines(path)
    problems = []
    for author_id, profile in authors.items():
        for name in REQUIRED_FIELDS:
            if not profile.get(name):
                problems.append(
                    Problem(
                        AUTHORS_FILE,
                        lines.get(author_id),
                        f"author '{author_id}' has no '{name}'",
                        fix=f"add '{name}:' under '{author_id}:'",
                    )
                )
        problems.extend(_theme_problems(author_id, profile, lines.get(author_id)))
        avatar = str(profile.get("avatar") or "")
        if avatar and "://" not in avatar and not (Path(root) / "docs" / avatar).is_file():
            problems.append(
                Problem(
                    AUTHORS_FILE,
                    lines.get(author_id),
                    f"avatar of '{author_id}' not found: docs/{avatar}",
                    fix="add the image under docs/ or correct the path (relative to docs/)",
                )
            )
        elif "://" in avatar:
            problems.append(
                Problem(
                    AUTHORS_FILE,
                    lines.get(author_id),
                    f"avatar of '{author_id}' is on another host: {avatar}",
                    fix="the site loads nothing from other hosts; "
                        "save the image under docs/assets/",
                )
            )
    return problems


def _theme_problems(author_id: str, profile: dict[str, Any], line: int | None) -> list[Problem]:
    problems = []
    for field, where in THEME_FIELDS.items():
        bad = theme_unsafe(profile.get(field) or "", **where)
        if bad:
            shown = " ".join(repr(c) for c in bad)
            problems.append(Problem(
                AUTHORS_FILE, line, f"the {field} of '{author_id}' contains {shown}, which the "
                "theme would show as HTML markup",
                fix=theme_fix(bad)))
    url = str(profile.get("url") or "")
    other_scheme = not url.startswith(("https://", "http://")) and _SCHEME.match(url)
    if url and (other_scheme or theme_unsafe(url, attribute=True) or " " in url):
        problems.append(Problem(
            AUTHORS_FILE, line, f"the url of '{author_id}' is not a web address: {url!r}",
            fix="use an https:// address (or a path on this site) without spaces, quotes, < or >"))
    return problems


def _id_lines(path: Path) -> dict[str, int]:
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if key.value == "authors" and isinstance(value, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return {}
