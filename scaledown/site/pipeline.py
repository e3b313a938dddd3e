"""The contract every content kind follows: check it, then turn it into pages.

A content kind (blog posts, paper reviews, the hardware catalogue, tutorials)
plugs in with two plain functions, listed by dotted path in ``CHECKERS`` and
``GENERATORS`` below:

* ``check(root: Path) -> list[Problem]``: every problem, with file and line.
* ``generate(root: Path) -> list[GeneratedFile]``: pages and data files to add
  to the built site, as text or bytes; nothing is written to ``docs/``.

``scaledown check`` and the MkDocs plugin both call :func:`run_checks`, so the
command line and the build can never disagree.

A generator that needs optional packages is also listed in ``GENERATOR_NEEDS``;
without them, :func:`generate_all` puts stand-in pages at its paths instead
(:mod:`scaledown.site.missing_extras`), so a writer's build needs only the
``site`` extra.

Example:
    >>> p = Problem("docs/blog/posts/hello.md", 3, "unknown author 'ada'",
    ...             fix="add 'ada' to docs/blog/.authors.yml or fix the id")
    >>> print(p)
    docs/blog/posts/hello.md:3: error: unknown author 'ada'
        fix: add 'ada' to docs/blog/.authors.yml or fix the id
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

# Problem, GeneratedFile and project_root live below every layer; they are
# named here too because each content kind's check and generate speak them.
from ..project import project_root as project_root
from ..vocabulary.generated import GeneratedFile as GeneratedFile
from ..vocabulary.problem import Problem as Problem
from ..vocabulary.problem import Severity as Severity
from ..vocabulary.unit import Unit as Unit

# name -> "module:function"; each function takes the project root.
CHECKERS: dict[str, str] = {
    "blog": "scaledown.site.blog_checks:check_blog",
    "links": "scaledown.site.links:check_links",
    "nav": "scaledown.site.nav:check_nav",
    "tutorials": "scaledown.tutorials.check:check",
    "reviews": "scaledown.site.reviews:check_reviews",
    "tryit": "scaledown.site.tryit:check_tryit",
    "catalogue": "scaledown.hardware.checks:check_catalogue",
    "redirects": "scaledown.site.redirects:check_redirects",
}
GENERATORS: dict[str, str] = {
    "framework": "scaledown.site.api_pages:api_reference",
    "framework-routes": "scaledown.site.routes_page:generate",
    "tutorials": "scaledown.tutorials.pages:generate",
    "reviews": "scaledown.site.review_pages:generate",
    "catalogue": "scaledown.site.catalogue_pages:generate",
    "fit": "scaledown.site.fit_pages:generate",
    "redirects": "scaledown.site.redirects:generate",
}
_DEFAULT_GENERATORS = dict(GENERATORS)  # a test that swaps a generator gets it run whole

# Checkers whose problems follow from a few inputs alone (paths or globs relative to the
# project root, plus the package's modules and the date): a process that checks again
# (make serve, after every save) reuses their last problems while those are unchanged.
CHECKER_INPUTS: dict[str, tuple[str, ...]] = {
    "catalogue": ("hardware_catalog", ".github/ISSUE_TEMPLATE/borrow.yml"),
}
_checked: dict[tuple, list[Problem]] = {}  # (root, checker, its inputs' fingerprint) -> problems

# Incremental builds: what each generator's pages are made from. A generator listed in
# GENERATOR_UNITS splits its output into units, each with its own inputs (a catalogue
# device's pages depend on that device, not on every board); the others are one unit
# whose inputs are GENERATOR_INPUTS[name] (paths or globs relative to the project root).
# Every unit also depends on the package's own modules (scaledown.site.inputs.CODE).
# A generator in neither list runs on every build.
GENERATOR_UNITS: dict[str, str] = {
    "catalogue": "scaledown.site.catalogue_pages:units",
    "tutorials": "scaledown.tutorials.pages:units",
    "redirects": "scaledown.site.redirects:units",  # one unit: the map and its targets' URLs
}
GENERATOR_INPUTS: dict[str, tuple[str, ...]] = {
    "framework": (),  # the package's modules; MkDocs reads the docstrings while rendering
    "framework-routes": (),
    "fit": ("hardware_catalog/devices", "hardware_catalog/measurements",
            ".scaledown-cache/tutorial-models", "scaledown/datasets/mlperf_tiny", "tutorials"),
    "reviews": ("paper_reviews", ".scaledown-cache/reviews", "docs/blog/.authors.yml",
                "tutorials", "mkdocs.yml"),
}
# Units whose page the engine renders from the inputs themselves (mkdocstrings reads the
# docstrings): when the inputs change, the page is rewritten even if its text is the same.
RENDERS_INPUTS: frozenset[str] = frozenset({"framework"})
# Generators that need optional packages: name -> (pip extra, modules, "module:function"
# listing the paths it writes). Without those modules the build writes stand-in pages
# at the same paths instead (scaledown.site.missing_extras): a writer's build.
GENERATOR_NEEDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "tutorials": ("tutorials", ("jupytext", "nbformat"), "scaledown.tutorials.pages:planned_pages"),
}


def _resolve(target: str) -> Callable[[Path], list]:
    module_name, _, func = target.partition(":")
    return getattr(importlib.import_module(module_name), func)


def unknown_checkers(only: Iterable[str]) -> list[str]:
    """The names in ``only`` that are not registered checkers, in the order given.

    Example:
        >>> unknown_checkers(["blog", "bogus"])
        ['bogus']
    """
    return [name for name in only if name not in CHECKERS]


def run_checks(root: Path, only: Iterable[str] | None = None) -> list[Problem]:
    """Run every registered checker and return all problems, errors first.

    Args:
        root: The project folder.
        only: Names of the checkers to run (keys of :data:`CHECKERS`); None runs all.

    Raises:
        InputError: ``only`` names a checker that does not exist (checking
            nothing and reporting success would hide every problem).

    Example:
        >>> run_checks(Path("."), only=["bogus"])
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: unknown check 'bogus'
          why: known checks are: blog, links, nav, tutorials, reviews, tryit, catalogue, redirects
          fix: pass one of them to --only, or leave --only out to run every check
    """
    wanted = set(only) if only is not None else None
    unknown = unknown_checkers(only or ())
    if unknown:
        from difflib import get_close_matches

        from ..errors import InputError

        names = ", ".join(repr(n) for n in unknown)
        close = get_close_matches(unknown[0], list(CHECKERS), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(
            f"unknown check {names}{hint}",
            why="known checks are: " + ", ".join(CHECKERS),
            fix="pass one of them to --only, or leave --only out to run every check",
        )
    from .generation_run import generated_once

    problems: list[Problem] = []
    with generated_once(root):  # the checkers that need generated pages share one run
        for name, target in CHECKERS.items():
            if wanted is None or name in wanted:
                problems.extend(_run_checker(root, name, target))
    return sorted(problems, key=lambda p: (p.severity != "error", str(p.path), p.line or 0))


def _run_checker(root: Path, name: str, target: str) -> list[Problem]:
    """One checker's problems; those of a :data:`CHECKER_INPUTS` checker are remembered."""
    check = _resolve(target)
    patterns = CHECKER_INPUTS.get(name)
    if patterns is None:
        return check(root)
    import datetime

    from . import inputs

    stamp = inputs.fingerprint(root, patterns, key=datetime.date.today().isoformat())
    key = (str(Path(root).resolve()), name, target, id(check), stamp)
    if key not in _checked:
        if len(_checked) > 64:
            _checked.clear()
        _checked[key] = check(root)
    return list(_checked[key])


def generate_all(root: Path, skipped: list | None = None,
                 only: Iterable[str] | None = None) -> list[GeneratedFile]:
    """Run every registered generator (or those named in ``only``) and return their files.

    A generator in :data:`GENERATOR_NEEDS` whose optional packages are not
    installed is replaced by stand-in pages; it is then appended to ``skipped``
    (a list of :class:`scaledown.site.missing_extras.Skipped`) when one is given.
    """
    files: list[GeneratedFile] = []
    for unit in generator_units(root, skipped, only):
        files.extend(unit.make())
    return files


def generator_units(root: Path, skipped: list | None = None,
                    only: Iterable[str] | None = None) -> list[Unit]:
    """Every registered generator's output as :class:`Unit` s, in registry order.

    Nothing is generated yet: a unit's ``make`` does that. A generator whose
    optional packages are missing becomes one unit of stand-in pages (and is
    appended to ``skipped``, as in :func:`generate_all`).

    Example:
        >>> [u.name for u in generator_units(project_root(), only=["framework"])]
        ['framework']
    """
    from . import missing_extras

    root = Path(root)
    wanted = None if only is None else set(only)
    units: list[Unit] = []
    for name, target in GENERATORS.items():
        if wanted is not None and name not in wanted:
            continue
        extra, modules, planned = GENERATOR_NEEDS.get(name, ("", (), ""))
        missing = missing_extras.missing_modules(modules)
        if missing:
            left_out = missing_extras.Skipped(name, extra, tuple(missing))
            pages = _resolve(planned)(root)
            units.append(Unit(name, lambda p=pages, s=left_out: missing_extras.stand_ins(p, s),
                              always=True))
            if skipped is not None:
                skipped.append(left_out)
            continue
        if name in GENERATOR_UNITS and target == _DEFAULT_GENERATORS.get(name):
            units.extend(_resolve(GENERATOR_UNITS[name])(root))
            continue
        make = _resolve(target)
        inputs = GENERATOR_INPUTS.get(name)
        units.append(Unit(name, lambda m=make: list(m(root)), inputs or (),
                          always=inputs is None, touch=name in RENDERS_INPUTS))
    return units
