"""Compare what a model needs with what a board has, and say it plainly.

Example:
    >>> check = check_resource("RAM", needed=90_000, available=256 * 1024)
    >>> check.status, round(check.margin_pct)
    ('fits', 66)
    >>> print(check)
    RAM: needs 87.9 KiB of 256.0 KiB -> fits (168.1 KiB spare, 66%)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["fits", "tight", "too big", "unknown"]

#: Below this share of the resource left over, a fit is called "tight": the
#: application, its stack and buffers need room too.
TIGHT_BELOW = 0.10


def kib(n: float | None) -> str:
    """Format bytes as KiB (or MiB above 10 MiB) for people.

    Example:
        >>> kib(1536), kib(64 * 1024 * 1024), kib(None)
        ('1.5 KiB', '64.0 MiB', 'unknown')
    """
    if n is None:
        return "unknown"
    if abs(n) >= 10 * 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{n / 1024:.1f} KiB"


@dataclass(frozen=True)
class ResourceCheck:
    """One resource (RAM or flash): need, have, and the verdict with its margin.

    Attributes:
        name: ``"RAM"`` or ``"flash"``.
        needed: Bytes the model needs (``None`` when it could not be measured).
        available: Bytes the board has (``None`` when unknown).
    """

    name: str
    needed: int | None
    available: int | None

    @property
    def margin_bytes(self) -> int | None:
        """Bytes left over (negative when too big)."""
        if self.needed is None or self.available is None:
            return None
        return self.available - self.needed

    @property
    def margin_pct(self) -> float | None:
        """Bytes left over as a share of the board's total, in percent."""
        if self.margin_bytes is None or not self.available:
            return None
        return 100.0 * self.margin_bytes / self.available

    @property
    def status(self) -> Status:
        """``fits``, ``tight`` (fits with under 10 % spare), ``too big`` or ``unknown``."""
        if self.margin_bytes is None or self.margin_pct is None:
            return "unknown"
        if self.margin_bytes < 0:
            return "too big"
        return "tight" if self.margin_pct < 100 * TIGHT_BELOW else "fits"

    @property
    def fits(self) -> bool | None:
        """True/False, or ``None`` when a figure is missing."""
        return None if self.status == "unknown" else self.status != "too big"

    def __str__(self) -> str:
        head = f"{self.name}: needs {kib(self.needed)} of {kib(self.available)} -> {self.status}"
        if self.margin_bytes is None or self.status == "unknown":
            return head
        if self.margin_bytes < 0:
            return f"{head} ({kib(-self.margin_bytes)} over)"
        return f"{head} ({kib(self.margin_bytes)} spare, {self.margin_pct:.0f}%)"

    def to_dict(self) -> dict[str, object]:
        return {
            "needed_bytes": self.needed,
            "available_bytes": self.available,
            "margin_bytes": self.margin_bytes,
            "margin_pct": None if self.margin_pct is None else round(self.margin_pct, 1),
            "status": self.status,
        }


def check_resource(name: str, *, needed: int | None, available: float | None) -> ResourceCheck:
    """Build a :class:`ResourceCheck`; ``available`` may be a float (KiB x 1024)."""
    return ResourceCheck(name, needed, None if available is None else int(available))
