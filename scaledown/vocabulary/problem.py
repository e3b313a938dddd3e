"""``Problem``: one thing wrong with the content, located to file and line.

Every checker (blog posts, reviews, tutorials, the hardware catalogue,
measurement records) reports a list of these; ``scaledown check`` and the
site build print them. It imports nothing of ours.

Example:
    >>> print(Problem("hardware_catalog/devices/x.yaml", 4, "unknown core 'm9'",
    ...               fix="use one of cortex-m0, cortex-m4, ..."))
    hardware_catalog/devices/x.yaml:4: error: unknown core 'm9'
        fix: use one of cortex-m0, cortex-m4, ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located to file and line."""

    path: str | Path
    line: int | None
    message: str
    fix: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text
