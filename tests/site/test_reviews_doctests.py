"""Run the docstring examples of the paper-review modules (they are their API reference)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["scaledown.site.reviews", "scaledown.site.citations", "scaledown.site.review_pages",
           "scaledown.site.reviews_new"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} example(s) failed in {name}"
