"""Run the docstring examples of the site modules (they are their API reference)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "scaledown.site.frontmatter", "scaledown.site.authors", "scaledown.site.blog",
    "scaledown.site.blog_checks", "scaledown.site.blog_new", "scaledown.site.links",
    "scaledown.site.home", "scaledown.site.jekyll", "scaledown.site.slugs",
    "scaledown.site.siteconfig", "scaledown.site.api_pages", "scaledown.site.placeholders",
    "scaledown.site.fences", "scaledown.site.griffe_examples", "scaledown.site.pipeline",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} example(s) failed in {name}"
