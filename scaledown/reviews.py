"""State "our figure beside the paper's" in a paper review's Try-it block.

A review's **Try it** block measures something and compares it with a figure
the paper reports. :func:`claim` says that comparison once: it prints one
readable line, and, when the block runs in a notebook kernel (as the site
build does), it also publishes the comparison as machine-readable output with
the MIME type :data:`MIME_TYPE`. The review page turns those rows into a
table "What | Ours | Paper | Difference" under the block.

Give each value in the unit you name: a percentage as ``97.1`` with
``unit="%"``, not ``0.971``. When the two figures measure different things
(another data set, another board), pass ``comparable=False`` and say why in
``note``; the table then shows "not comparable" instead of a difference.
When the paper states the result without a number, pass it as text.

This module imports nothing heavy, so ``import scaledown`` stays light.

Example:
    >>> row = claim("int8 accuracy", ours=97.2, paper=98.0, unit="%", source="Table 2",
    ...             note="digits, not ImageNet", comparable=False)
    int8 accuracy: ours 97.20%, paper 98.00% (Table 2): not comparable (digits, not ImageNet)
    >>> row.difference_text()
    'not comparable'
    >>> claim("compression", ours=3.5, paper=35, unit="x").difference_text()
    compression: ours 3.50x, paper 35x: difference -31.50x
    '-31.50x'
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass
from typing import Any

from .errors import InputError

__all__ = ["MIME_TYPE", "Claim", "claim", "format_value", "with_unit"]

#: The MIME type of a claim in a notebook's outputs (a JSON object, see :meth:`Claim.to_json`).
MIME_TYPE = "application/vnd.scaledown.claim+json"

# Units written without a space after the number.
_TIGHT_UNITS = {"x", "%"}
# Units whose difference reads better in other words.
_DIFFERENCE_UNITS = {"%": "percentage points"}


@dataclass(frozen=True)
class Claim:
    """One comparison: what was measured, our figure, the paper's, and how they relate."""

    what: str
    ours: float
    paper: float | str
    unit: str = ""
    source: str = ""
    note: str = ""
    comparable: bool = True

    def difference(self) -> float | None:
        """``ours - paper`` in the claim's unit, or None when there is nothing to subtract.

        Example:
            >>> Claim("latency", 2.5, 4.0, "ms").difference()
            -1.5
            >>> Claim("latency", 2.5, "fast", "ms").difference() is None
            True
        """
        if not self.comparable or isinstance(self.paper, str):
            return None
        return self.ours - self.paper

    def difference_text(self) -> str:
        """The difference as a reader sees it, with its unit and sign.

        Example:
            >>> Claim("accuracy", 97.0, 98.5, "%").difference_text()
            '-1.50 percentage points'
            >>> Claim("accuracy", 97.0, "no loss", "%").difference_text()
            'no figure to subtract'
        """
        if not self.comparable:
            return "not comparable"
        diff = self.difference()
        if diff is None:
            return "no figure to subtract"
        unit = _DIFFERENCE_UNITS.get(self.unit, self.unit)
        number = format_value(diff)
        signed = number if number.startswith("-") or diff == 0 else "+" + number
        return with_unit(signed, unit)

    def line(self) -> str:
        """The readable line :func:`claim` prints.

        Example:
            >>> Claim("weights", 1200, 4.2e6, source="Table 8").line()
            'weights: ours 1,200, paper 4,200,000 (Table 8): difference -4,198,800'
        """
        paper = (self.paper if isinstance(self.paper, str)
                 else with_unit(format_value(self.paper), self.unit))
        text = (f"{self.what}: ours {with_unit(format_value(self.ours), self.unit)}, "
                f"paper {paper}")
        if self.source:
            text += f" ({self.source})"
        difference = self.difference_text()
        text += f": {difference}" if difference == "not comparable" else (
            f": difference {difference}" if self.difference() is not None else "")
        if self.note:
            text += f" ({self.note})"
        return text

    def to_json(self) -> dict[str, Any]:
        """The claim as a JSON-ready dict (what the notebook output carries).

        Example:
            >>> Claim("x", 1.0, 2.0).to_json()["paper"]
            2.0
        """
        return asdict(self)

    def _ipython_display_(self) -> None:
        """Show nothing when a notebook echoes the returned claim: claim() showed it already."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Claim:
        """Rebuild a claim from :meth:`to_json` output (unknown keys are ignored).

        Example:
            >>> Claim.from_json({"what": "x", "ours": 1, "paper": 2, "extra": 0}).paper
            2
        """
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


def format_value(value: float) -> str:
    """A number as the table shows it: integers with separators, others with 2 decimals.

    Values below 1 keep three significant digits, so a small latency does not
    round to zero.

    Example:
        >>> format_value(56500000), format_value(97.123), format_value(98.0)
        ('56,500,000', '97.12', '98.00')
        >>> format_value(4.2e6), format_value(0.0448), format_value(-0.2786)
        ('4,200,000', '0.0448', '-0.279')
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return str(value)
    if isinstance(value, int) or (value.is_integer() and 1e5 <= abs(value) < 1e15):
        return f"{int(value):,}"
    if abs(value) >= 1 or value == 0:
        return f"{value:,.2f}"
    return f"{value:.3g}"


def with_unit(number: str, unit: str) -> str:
    """A formatted number with its unit: ``x`` and ``%`` without a space, others with one.

    Example:
        >>> with_unit("3.50", "x"), with_unit("12", "ms"), with_unit("7", "")
        ('3.50x', '12 ms', '7')
    """
    if not unit:
        return number
    return f"{number}{unit}" if unit in _TIGHT_UNITS else f"{number} {unit}"


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise InputError(f"claim(): '{name}' must be a number, got {value!r}",
                         why="the review page subtracts the two figures",
                         fix=f"pass the measured value as a number, e.g. {name}=97.1")
    number = float(value)
    if not math.isfinite(number):
        raise InputError(f"claim(): '{name}' is {number}",
                         why="a measurement that is not a finite number cannot be compared",
                         fix="check the computation that produced it")
    return int(number) if number.is_integer() and isinstance(value, int) else number


def claim(what: str, *, ours: float, paper: float | str, unit: str = "", source: str = "",
          note: str = "", comparable: bool = True) -> Claim:
    """Print our figure beside the paper's, and record the row for the review page.

    Args:
        what: What both figures measure, in a few words ("int8 file size").
        ours: Our measured value, in ``unit`` (a number the block computed).
        paper: The paper's figure in the same unit, or its words when it gives
            no number ("no accuracy loss").
        unit: The unit of both values: ``"%"``, ``"x"``, ``"ms"``, ``"B"``...
        source: Where the paper reports it ("Table 1", "abstract").
        note: Why the figures differ, or why they cannot be compared.
        comparable: False when the two measure different settings (another data
            set or board); the page then says "not comparable".

    Returns:
        The :class:`Claim` (also printed, and published as :data:`MIME_TYPE`
        output when running in a notebook kernel).

    Raises:
        InputError: ``what`` is empty, or ``ours`` (or a numeric ``paper``) is
            not a finite number.

    Example:
        >>> _ = claim("file size", ours=2.6, paper=4, unit="x", source="Section 2")
        file size: ours 2.60x, paper 4x (Section 2): difference -1.40x
    """
    if not isinstance(what, str) or not what.strip():
        raise InputError("claim(): 'what' is empty",
                         why="the table needs to say what the two figures measure",
                         fix='pass a few words, e.g. what="top-1 accuracy after int8"')
    paper_value: float | str = paper.strip() if isinstance(paper, str) else _number("paper",
                                                                                    paper)
    row = Claim(what.strip(), _number("ours", ours), paper_value, str(unit), str(source),
                str(note), bool(comparable))
    if not _publish(row):
        print(row.line())
    return row


def _publish(row: Claim) -> bool:
    """Send the claim as display data when a notebook kernel runs us; False otherwise."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    if shell is None or not hasattr(shell, "kernel"):
        return False
    from IPython.display import display

    display({"text/plain": row.line(), MIME_TYPE: row.to_json()}, raw=True)
    return True
