"""Every docstring example in the package runs (they are the API reference on the site).

One walk over the whole package replaces a hand-kept list per area, so a new
module's examples are tested the day it lands.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import scaledown

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(scaledown.__path__, "scaledown.")
    if not m.name.endswith("__main__")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, report=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


@pytest.mark.parametrize("name", [n for n in scaledown.__all__ if not n.startswith("_")])
def test_every_public_name_has_a_runnable_example(name: str) -> None:
    obj = getattr(scaledown, name)
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"sd.{name} has no runnable example in its docstring"
