"""Find the project checkout every command and check works in.

Example:
    >>> project_root("/tmp").name
    'tmp'
"""

from __future__ import annotations

from pathlib import Path


def project_root(start: str | Path | None = None) -> Path:
    """Find the project root: ``start`` if given, else the nearest folder holding ``mkdocs.yml``.

    Example:
        >>> project_root().joinpath("mkdocs.yml").exists()
        True
    """
    if start is not None:
        # An explicit folder is taken as given: checking it must never silently
        # check some other project instead.
        return Path(start).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    # Outside a checkout: fall back to the checkout this package was installed from.
    package_checkout = Path(__file__).resolve().parents[1]
    if (package_checkout / "mkdocs.yml").is_file():
        return package_checkout
    return here


def checked_project_root(start: str | Path | None = None) -> Path:
    """:func:`project_root`, refusing a folder that is not a ScaleDown project.

    Every command that takes ``--root`` calls this, so a mistyped path is an
    error on all of them instead of an empty, successful run.

    Raises:
        InputError: ``start`` (or the folder found) holds no ``mkdocs.yml``.

    Example:
        >>> checked_project_root().joinpath("mkdocs.yml").is_file()
        True
        >>> checked_project_root("no-such-project")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: --root 'no-such-project' is not a ScaleDown project folder
        ...
    """
    root = project_root(start)
    if (root / "mkdocs.yml").is_file():
        return root
    from .errors import InputError

    named = f"--root '{start}'" if start is not None else f"'{root}'"
    raise InputError(
        f"{named} is not a ScaleDown project folder",
        why="it has no mkdocs.yml" if root.is_dir() else "no folder exists at that path",
        fix="pass the folder that holds mkdocs.yml with --root, or run inside the project",
    )
