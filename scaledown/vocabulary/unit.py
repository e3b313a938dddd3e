"""``Unit``: a part of a generator's output and what it is made from (incremental builds).

A generator that splits its pages into units lets ``scaledown build-content``
(:mod:`scaledown.site.content_build`) rerun only the units whose inputs changed.
It imports nothing of ours outside this layer.

Example:
    >>> unit = Unit("demo", lambda: [GeneratedFile("demo.md", "# Demo")], ("demo.yaml",))
    >>> [f.path for f in unit.make()]
    ['demo.md']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .generated import GeneratedFile


@dataclass(frozen=True)
class Unit:
    """A part of a generator's output and what it is made from.

    Attributes:
        name: Unique within the build, e.g. ``"catalogue:device:raspberry-pi-pico"``.
        make: Returns the unit's files; called only when its fingerprint changed.
        inputs: Files, folders or globs relative to the project root.
        key: Data the output depends on besides those files (see
            :func:`scaledown.site.inputs.data_key`).
        always: Run on every build (nothing is declared to reuse its output by).
        touch: The engine renders the page from the inputs as well (docstrings):
            rewrite it when they change, even with the same text.
        ahead: Starts, in the background, slow work ``make`` will wait for (the fit
            pages' model measurements); build-content calls it for every unit it is
            about to run, before running the first, so that work overlaps the others.
        apart: Independent and slow (heavy imports of its own): on a machine with
            more than one core, build-content may run it in a forked process while
            the other units run.

    Example:
        >>> Unit("fit", lambda: []).always
        False
    """

    name: str
    make: Callable[[], list[GeneratedFile]]
    inputs: tuple[str, ...] = ()
    key: str = ""
    always: bool = False
    touch: bool = False
    ahead: Callable[[], None] | None = None
    apart: bool = False
