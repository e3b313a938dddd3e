"""Run the docstring examples of the fit/export modules (they are the API reference)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "scaledown.api.fit",
    "scaledown.api.export",
    "scaledown.backends.tflm.allocate",
    "scaledown.backends.tflm.arena",
    "scaledown.backends.tflm.ops",
    "scaledown.estimates.flash",
    "scaledown.estimates.latency",
    "scaledown.estimates.memory32",
    "scaledown.estimates.report_text",
    "scaledown.estimates.verdict",
    "scaledown.site.fit_pages",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
