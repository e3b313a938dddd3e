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
