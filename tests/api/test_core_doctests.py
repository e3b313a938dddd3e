"""Run the docstring examples of the framework-core modules (they are the API reference)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "scaledown.model",
    "scaledown.api.load",
    "scaledown.api.inspect",
    "scaledown.api.convert",
    "scaledown.api.evaluate",
    "scaledown.api.benchmark",
    "scaledown.api.compare",
    "scaledown.backends",
    "scaledown.backends.common.facts",
    "scaledown.backends.common.files",
    "scaledown.backends.common.predict",
    "scaledown.backends.common.support",
    "scaledown.backends.common.quiet",
    "scaledown.backends.litert.schema",
    "scaledown.backends.litert.tiny",
    "scaledown.backends.litert.ops",
    "scaledown.backends.litert.load",
    "scaledown.backends.litert.inspect",
    "scaledown.backends.litert.run",
    "scaledown.backends.litert.save",
    "scaledown.backends.litert.support",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no runnable example"
