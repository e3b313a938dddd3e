"""The ``tutorials`` checker: format, metadata, boards and study-group sessions.

Registered in :data:`scaledown.site.pipeline.CHECKERS`, so ``scaledown check``
and the site build both run it.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "tutorials").mkdir()
    >>> _ = (root / "tutorials" / "old.ipynb").write_text("{}")
    >>> print(check(root)[0].message)  # doctest: +ELLIPSIS
    notebooks are kept as jupytext percent-format .py files, not .ipynb...
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..vocabulary.problem import Problem
from .metadata import (
    Header,
    Tutorial,
    parse_header,
    slug_and_order,
    to_tutorial,
    tutorial_sources,
    validate,
)


def known_boards(root: Path) -> tuple[dict[str, str] | None, list[Problem]]:
    """Device id -> name from the hardware catalogue, or None (with a warning) if unreadable.

    Example:
        >>> ids, problems = known_boards(Path("/nonexistent"))
        >>> ids is None or isinstance(ids, dict)
        True
    """
    try:
        from ..hardware.catalogue import load_catalogue
    except ImportError:
        return None, [Problem("hardware_catalog", None,
                              "boards not checked: scaledown.hardware.catalogue is unavailable",
                              severity="warning")]
    folder = root / "hardware_catalog"
    if not folder.is_dir():
        return None, []
    try:
        catalogue = load_catalogue(folder)
        return {d.id: d.name for d in catalogue.devices.values()}, []
    except Exception as exc:  # the catalogue's own checker reports the details
        return None, [Problem("hardware_catalog", None,
                              f"boards not checked: the catalogue did not load ({exc})",
                              severity="warning")]


def _notebook_problems(source: Path, path: Path) -> list[Problem]:
    problem = Problem(
        path, None,
        "notebooks are kept as jupytext percent-format .py files, not .ipynb",
        fix=f"run 'jupytext --to py:percent {path.name}' and delete the .ipynb "
            "(the site builds the .ipynb with outputs for you)",
    )
    problems = [problem]
    try:
        notebook = json.loads(source.read_text(encoding="utf-8"))
        cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
        with_output = [i + 1 for i, c in enumerate(cells)
                       if isinstance(c, dict) and (c.get("outputs") or c.get("execution_count"))]
    except (OSError, ValueError):
        with_output = []
    if with_output:
        shown = ", ".join(map(str, with_output[:5])) + ("..." if len(with_output) > 5 else "")
        problems.append(Problem(
            path, None, f"outputs are committed in cell(s) {shown}",
            fix="sources carry no outputs: the site shows the outputs of its own run"))
    return problems


def load_tutorials(root: Path, *,
                   check_boards: bool = True) -> tuple[list[Tutorial], list[Problem]]:
    """Every tutorial with valid metadata, and every problem found.

    Tutorials with errors are left out of the list.

    Example:
        >>> load_tutorials(Path("/nonexistent"))
        ([], [])
    """
    problems: list[Problem] = []
    folder = root / "tutorials"
    if folder.is_dir():
        for notebook in sorted(folder.rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in notebook.parts:
                problems.extend(_notebook_problems(notebook, notebook.relative_to(root)))
    sources = tutorial_sources(root)
    headers: list[Header] = []
    for source in sources:
        rel = source.relative_to(root)
        if slug_and_order(source) is None:
            problems.append(Problem(rel, None, f"file name '{source.name}' is not '<NN>-<slug>.py'",
                                    fix="use lower-case words joined by '-', e.g. 07-wake-word.py"))
            continue
        text = source.read_text(encoding="utf-8")
        header = parse_header(text, rel)
        if "# %%" not in text:
            header.problems.append(Problem(
                rel, None, "no '# %%' cell markers: not a percent-format notebook",
                fix="start each cell with '# %%' or '# %% [markdown]'"))
        headers.append(header)
    slugs = {slug_and_order(h.path)[0] for h in headers}  # type: ignore[index]
    names, board_problems = (known_boards(root) if check_boards else (None, []))
    boards = set(names) if names is not None else None
    problems.extend(p for p in board_problems if sources)
    tutorials: list[Tutorial] = []
    seen: dict[str, Path] = {}
    for header in headers:
        found = validate(header, known_slugs=slugs, known_boards=boards)
        problems.extend(found)
        if any(p.severity == "error" for p in found):
            continue
        tutorial = to_tutorial(header)
        if tutorial.slug in seen:
            problems.append(Problem(header.path, None, f"slug '{tutorial.slug}' is also used by "
                                    f"{seen[tutorial.slug]}", fix="rename one of the two files"))
            continue
        seen[tutorial.slug] = header.path
        tutorials.append(tutorial.__class__(**{**tutorial.__dict__, "path": root / header.path}))
    return sorted(tutorials, key=lambda t: (t.order, t.slug)), problems


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!!python/name`` tags the safe loader refuses."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict:
    """``mkdocs.yml`` as plain data (tags it cannot build become None); {} if unreadable.

    Example:
        >>> mkdocs_config(Path("/nonexistent"))
        {}
    """
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"),
                           Loader=_AnyTagLoader)  # a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def nav_pages(root: Path) -> set[str] | None:
    """Every page named in ``mkdocs.yml``'s nav, or None without a nav.

    Example:
        >>> nav_pages(Path("/nonexistent")) is None
        True
    """
    config = mkdocs_config(root)
    if not isinstance(config.get("nav"), list):
        return None
    found: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(config["nav"])
    return found


def check(root: Path) -> list[Problem]:
    """The ``tutorials`` checker: every problem with tutorials and study groups.

    A tutorial missing from the nav of ``mkdocs.yml`` is a warning: the page is
    built and linked from the Learn index, but not listed in the sidebar.

    Example:
        >>> check(Path("/nonexistent"))
        []
    """
    from .study_groups import load_sessions

    tutorials, problems = load_tutorials(root)
    _, session_problems = load_sessions(root)
    nav = nav_pages(root)
    if nav is not None:
        for t in tutorials:
            if t.page not in nav:
                problems.append(Problem(
                    t.path.relative_to(root), None,
                    f"tutorial '{t.slug}' is not in the nav of mkdocs.yml",
                    fix=f"add '- {t.title}: {t.page}' under Learn > Tutorials in mkdocs.yml",
                    severity="warning"))
    return problems + session_problems
