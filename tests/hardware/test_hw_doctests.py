"""Run the docstring examples of the hardware modules (they are the API reference)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "scaledown.hardware.borrow_form",
    "scaledown.hardware.catalogue",
    "scaledown.hardware.checks",
    "scaledown.hardware.device",
    "scaledown.hardware.entry_pages",
    "scaledown.hardware.exports",
    "scaledown.hardware.scaffold",
    "scaledown.hardware.scaffold_branch",
    "scaledown.hardware.schema",
    "scaledown.hardware.text",
    "scaledown.hardware.yamlpos",
    "scaledown.site.catalogue_pages",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
