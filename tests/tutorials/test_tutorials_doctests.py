"""Run the docstring examples of the tutorial machinery (they are its API reference)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import scaledown.tutorials

MODULES = sorted(f"scaledown.tutorials.{m.name}"
                 for m in pkgutil.iter_modules(scaledown.tutorials.__path__))
MODULES.append("scaledown.cli.tutorials_cmd")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} example(s) failed in {name}"
