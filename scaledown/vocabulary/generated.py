"""``GeneratedFile``: a page or data file the site build adds, as text or bytes.

Every content kind's ``generate(root)`` returns a list of these (see
:mod:`scaledown.site.pipeline`). It imports nothing of ours.

Example:
    >>> GeneratedFile("hardware/devices.json", "[]").is_page
    False
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedFile:
    """A file the build adds to the site: ``path`` is relative to the site root.

    Example:
        >>> GeneratedFile("hardware/index.md", "# Hardware").is_page
        True
    """

    path: str
    content: str | bytes

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")
