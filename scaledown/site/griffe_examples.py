"""A griffe extension: read ``Example:`` docstring sections as code examples.

The project's docstrings use Google style with an ``Example:`` section (see
ARCHITECTURE.md). griffe treats only the plural ``Examples:`` as an examples
section and renders the singular as a note, which turns ``>>>`` lines into
nested quotes. This extension renames the heading before griffe parses the
docstring, so the API reference shows the doctests as highlighted code.

Used from ``mkdocs.yml``: ``extensions: [scaledown.site.griffe_examples]``.

Example:
    >>> pluralize_example_heading("Do it.\\n\\nExample:\\n    >>> 1\\n    1")
    'Do it.\\n\\nExamples:\\n    >>> 1\\n    1'
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_HEADING = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)


def pluralize_example_heading(text: str) -> str:
    """Rename ``Example:`` section headings to ``Examples:``."""
    return _HEADING.sub(r"\1Examples:", text)


class ExampleSections(griffe.Extension):
    """Rewrite each object's docstring heading once it is created."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = pluralize_example_heading(obj.docstring.value)
