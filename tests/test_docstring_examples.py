"""Every docstring example in the package runs (they are the API reference on the site).

One walk over the whole package replaces a hand-kept list per area, so a new
module's examples are tested the day it lands. A public module (no part of its
name starts with ``_``) must have at least one example, in its own docstring or
in one of its functions' or classes', or be listed in ``EXEMPT`` with the
reason it cannot have one; otherwise the walk passes vacuously for it.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import types

import pytest

import scaledown

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(scaledown.__path__, "scaledown.")
    if not m.name.endswith("__main__")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# Public modules with no docstring example, each with the reason. Keep it short:
# a module that can show a call in a few fast lines should, instead of being here.
PACKAGE_MAP = "a package docstring that only maps its modules; each module has examples"
BACKEND_FOLDER = ("a backend folder's package: its docstring says what the folder holds (the "
                  "registry reads its declaration as data); each module has examples")
EXEMPT: dict[str, str] = {
    "scaledown.api": PACKAGE_MAP,
    "scaledown.backends.common": PACKAGE_MAP,
    "scaledown.backends.compiled": "only declares the compiled C target, as data the registry "
                                   "reads; sd.compile's examples (scaledown.api.compile) run it",
    "scaledown.backends.keras": BACKEND_FOLDER,
    "scaledown.backends.litert": BACKEND_FOLDER,
    "scaledown.backends.onnxruntime": BACKEND_FOLDER,
    "scaledown.backends.openvino": BACKEND_FOLDER,
    "scaledown.backends.tflm": BACKEND_FOLDER,
    "scaledown.backends.torch": BACKEND_FOLDER,
    "scaledown.compiler": PACKAGE_MAP,
    "scaledown.estimates": PACKAGE_MAP,
    "scaledown.hardware": PACKAGE_MAP,
    "scaledown.measurements": PACKAGE_MAP,
    "scaledown.site": PACKAGE_MAP,
    "scaledown.site.jekyll_site": PACKAGE_MAP,
    "scaledown.tutorials": PACKAGE_MAP,
}


def is_public(name: str) -> bool:
    """True when no part of the dotted module name starts with an underscore."""
    return not any(part.startswith("_") for part in name.split("."))


def example_count(module: object) -> int:
    """How many ``>>>`` examples doctest finds in a module (its own objects only)."""
    return sum(len(test.examples) for test in doctest.DocTestFinder().find(module))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, report=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
    if is_public(name) and name not in EXEMPT:
        assert result.attempted > 0, (
            f"{name} has no docstring example: add an 'Example:' section to the module "
            "docstring or to one of its public functions, or list the module in EXEMPT "
            "(tests/test_docstring_examples.py) with the reason it cannot have one"
        )


def test_every_exemption_has_a_reason_and_is_still_needed() -> None:
    for name, reason in EXEMPT.items():
        assert name in MODULES, f"EXEMPT lists {name}, which is not a module of the package"
        assert is_public(name), f"EXEMPT lists {name}, a private module: no need to exempt it"
        assert len(reason.split()) >= 3, f"EXEMPT[{name!r}] needs a reason, not {reason!r}"
        count = example_count(importlib.import_module(name))
        assert count == 0, f"{name} now has {count} example(s): remove it from EXEMPT"


def test_a_module_without_examples_is_caught() -> None:
    module = types.ModuleType("scaledown.nothing_to_show", "A module with prose only.")
    assert example_count(module) == 0
    assert is_public("scaledown.nothing_to_show")
    assert not is_public("scaledown.datasets._split")


@pytest.mark.parametrize("name", [n for n in scaledown.__all__ if not n.startswith("_")])
def test_every_public_name_has_a_runnable_example(name: str) -> None:
    obj = getattr(scaledown, name)
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"sd.{name} has no runnable example in its docstring"
