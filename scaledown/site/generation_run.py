"""One run of the generators shared by every checker inside :func:`generated_once`.

The links and nav checks both need the generated pages; ``run_checks`` wraps
the checkers in :func:`generated_once`, so the generators run once for them
all. This module only keeps that run's result: it imports nothing, so the
pipeline and the checkers can both use it.

Example:
    >>> root = Path("/nonexistent")
    >>> with generated_once(root):
    ...     keep_run_result(root, {"a.md": "# A"})
    ...     run_result(root)
    {'a.md': '# A'}
    >>> run_result(root) is None  # forgotten after the block
    True
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

Pages = dict[str, str | bytes | None]

_runs: dict[Path, Pages | None] = {}  # root -> pages of the current run (None: not yet run)


@contextlib.contextmanager
def generated_once(root: Path) -> Iterator[None]:
    """Within the block, run the generators at most once for ``root`` (then forget).

    :func:`scaledown.site.pipeline.run_checks` wraps its checkers in it, so the
    links and nav checks share one run of the generators.

    Example:
        >>> with generated_once(Path("/nonexistent")):
        ...     run_result(Path("/nonexistent")) is None  # nothing generated yet
        True
    """
    key = Path(root).resolve()
    outer = key in _runs
    if not outer:
        _runs[key] = None
    try:
        yield
    finally:
        if not outer:
            _runs.pop(key, None)


def run_result(root: Path) -> Pages | None:
    """The pages the current run generated for ``root``, or None (no run, or not yet).

    Example:
        >>> run_result(Path("/never-run")) is None
        True
    """
    return _runs.get(Path(root).resolve())


def keep_run_result(root: Path, pages: Pages) -> None:
    """Keep ``pages`` for the rest of the current run (outside a run: nothing is kept).

    Example:
        >>> keep_run_result(Path("/no-run"), {"a.md": "# A"})
        >>> run_result(Path("/no-run")) is None
        True
    """
    key = Path(root).resolve()
    if key in _runs:
        _runs[key] = pages
