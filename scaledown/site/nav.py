"""Check that every page ``nav:`` in ``mkdocs.yml`` names is a page the build will have.

``mkdocs build --strict`` refuses a nav entry whose file is neither under
``docs/`` nor added by a generator, but says so without a line number. This
check reads the nav with YAML's line marks (no MkDocs import) and reports
``mkdocs.yml:LINE`` with the closest existing page.

Registered in :data:`scaledown.site.pipeline.CHECKERS` as ``"nav"``.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "docs").mkdir()
    >>> _ = (root / "docs/index.md").write_text("# Home\\n")
    >>> _ = (root / "mkdocs.yml").write_text("site_name: x\\nnav:\\n  - Home: index.md\\n"
    ...                                      "  - About: abuot.md\\n")
    >>> [str(p).splitlines()[0] for p in check_nav(root, generated=set())]
    ["mkdocs.yml:4: error: the nav entry 'About' names abuot.md, which is not a page of the site"]
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..vocabulary.problem import Problem

CONFIG = "mkdocs.yml"


def nav_entries(yaml_text: str) -> Iterator[tuple[str | None, str, int]]:
    """Yield ``(title, target, line)`` for each leaf of the ``nav:`` in ``mkdocs.yml`` text.

    Only the nav is read; tags such as ``!!python/name:`` elsewhere are not
    constructed, so nothing is imported.

    Example:
        >>> text = "site_name: x\\nnav:\\n  - index.md\\n  - Blog:\\n      - Tags: blog/tags.md\\n"
        >>> list(nav_entries(text))
        [(None, 'index.md', 3), ('Tags', 'blog/tags.md', 5)]
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    node = yaml.compose(yaml_text, Loader=loader)
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            yield from _leaves(value, None)


def _leaves(node: yaml.Node, title: str | None) -> Iterator[tuple[str | None, str, int]]:
    if isinstance(node, yaml.ScalarNode):
        yield title, str(node.value), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _leaves(item, None)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
            yield from _leaves(value, name)


def _pages(root: Path, generated: Collection[str] | Mapping[str, Any] | None) -> set[str]:
    from .links import DOCS, generated_paths, site_files

    docs = Path(root) / DOCS
    found = site_files(docs) if docs.is_dir() else set()
    return found | set(generated_paths(root) if generated is None else generated)


def check_nav(root: Path,
              generated: Collection[str] | Mapping[str, Any] | None = None) -> list[Problem]:
    """Every ``nav:`` entry of ``mkdocs.yml`` naming a page the build will not have.

    Args:
        root: The project folder.
        generated: Paths the generators add; by default the generators are asked.
    """
    from ..errors import ContentError

    config = Path(root) / CONFIG
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return []
    try:
        entries = list(nav_entries(text))
    except yaml.YAMLError as exc:
        from ..hardware.yamlpos import yaml_error_line, yaml_error_reason

        raise ContentError([Problem(CONFIG, yaml_error_line(exc, text),
                                    f"malformed YAML in {CONFIG}: {yaml_error_reason(exc)}",
                                    fix="check indentation and quoting")]) from None
    if not entries:
        return []
    pages = _pages(root, generated)
    problems = []
    for title, target, line in entries:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            continue  # external, or left to the build's own 'absolute_links' setting
        # MkDocs looks the entry up as written (no '#part', no '..'), like a file name
        rel = PurePosixPath(target).as_posix() if target else ""
        if rel in pages:
            continue
        close = difflib.get_close_matches(rel, sorted(p for p in pages if p.endswith(".md")), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        label = f"the nav entry '{title}'" if title else "a nav entry"
        problems.append(Problem(
            CONFIG, line, f"{label} names {target}, which is not a page of the site",
            fix=f"{hint}nav paths name a file relative to docs/, without '#part'; create "
                f"docs/{parts.path} or fix the path",
        ))
    return problems
