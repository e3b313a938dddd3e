"""Which resources a fit report fails, and which other boards mend that.

``sd.fit`` judges a model against one board; when it does not fit, the advice
names catalogue boards it does fit. The api layer judges those boards (it
owns ``rank``); this module only picks and labels them, so the words live
beside the estimates and need nothing from above.

Both functions read the report's ``ram``, ``flash``, ``latency_ok``,
``fits``, ``runtime``, ``device`` and ``latency`` attributes
(:class:`scaledown.api.fit.FitReport` has them all).

Example:
    >>> from types import SimpleNamespace as R
    >>> bad = R(ram=R(fits=False), flash=R(fits=True), latency_ok=None, runtime="tflite-micro")
    >>> failing_resources(bad)
    ['RAM']
    >>> board = lambda id, sram: R(id=id, sram_kb=sram, flash_kb=1024)
    >>> others = [R(fits=True, runtime="tflite-micro", device=board("big", 512), latency=None),
    ...           R(fits=True, runtime="tflite-micro", device=board("mid", 264), latency=None),
    ...           R(fits=False, runtime="tflite-micro", device=board("tiny", 16), latency=None)]
    >>> boards_that_fit(bad, others)
    ['mid (264.0 KiB SRAM)', 'big (512.0 KiB SRAM)']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .verdict import kib


def failing_resources(report: Any) -> list[str]:
    """Which of flash, RAM and latency the report fails, in that order.

    Example:
        >>> from types import SimpleNamespace as R
        >>> failing_resources(R(ram=R(fits=True), flash=R(fits=False), latency_ok=False))
        ['flash', 'latency']
    """
    failing = [name for name, check in (("flash", report.flash), ("RAM", report.ram))
               if check.fits is False]
    return failing + (["latency"] if report.latency_ok is False else [])


def _figures() -> dict[str, tuple[Callable[[Any], float], Callable[[Any], str]]]:
    return {
        "flash": (lambda r: r.device.flash_kb, lambda r: f"{kib(r.device.flash_kb * 1024)} flash"),
        "RAM": (lambda r: r.device.sram_kb, lambda r: f"{kib(r.device.sram_kb * 1024)} SRAM"),
        "latency": (lambda r: r.latency.ms if r.latency else float("inf"),
                    lambda r: f"about {r.latency.ms:.0f} ms" if r.latency else "latency unknown"),
    }


def boards_that_fit(report: Any, others: Sequence[Any], limit: int = 3) -> list[str]:
    """Boards among ``others`` (reports on other boards) that mend what ``report`` failed.

    A model that fails on flash gets the boards with the least flash that is
    still enough (smallest first), one that fails on RAM the smallest boards
    with enough SRAM, one that is too slow the fastest estimates. Only boards
    the model fits on the same runtime count. Each board is labelled with the
    figure that mends the failure.

    Args:
        report: The report that did not fit.
        others: Reports of the same model on other boards, in any order.
        limit: How many boards to name at most.

    Returns:
        Labels such as ``"pico (264.0 KiB SRAM)"``, best first.

    Example:
        >>> boards_that_fit(object(), [])
        []
    """
    fitting = [r for r in others if r.fits and r.runtime == report.runtime]
    if not fitting:
        return []
    failing = failing_resources(report) or ["RAM"]
    figures = _figures()
    fitting.sort(key=lambda r: tuple(figures[f][0](r) for f in failing))
    return [f"{r.device.id} ({', '.join(figures[f][1](r) for f in failing)})"
            for r in fitting[:limit]]
