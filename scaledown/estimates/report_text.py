"""Words for fit reports: the text a learner reads, and the advice when it does not fit.

The functions take the report objects of :mod:`scaledown.api.fit` and return
plain text, so the CLI, notebooks and the site say the same thing.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> import scaledown as sd
    >>> board = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")
    >>> text = render_report(sd.fit(tiny_dense_tflite(), board, allow_float=True))
    >>> text.splitlines()[0]
    'model on Custom device (cortex-m4f, 64 MHz) with TFLite-Micro: FITS'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .alternatives import boards_that_fit, failing_resources
from .latency import BORROWED_MARK, BORROWED_NOTE
from .verdict import kib

_VERDICT = {True: "FITS", False: "DOES NOT FIT", None: "CANNOT TELL (missing figures)"}


def _n(x: int | float) -> str:
    return f"{int(x):,}"


def _ram_lines(report: Any) -> list[str]:
    a = report.analysis
    lines = [f"  {report.ram}"]
    if a.arena is None:
        lines.append("      not measured: TFLite-Micro cannot allocate this model (see issues)")
        return lines
    arena = a.arena
    lines.append(
        f"      TFLM arena {_n(arena.total_bytes)} B = activations {_n(arena.activation_bytes)}"
        f" + persistent data {_n(arena.persistent_bytes)}"
        f" + interpreter bookkeeping {_n(arena.overhead_bytes)}"
    )
    if arena.min_arena_bytes and arena.min_arena_bytes > arena.total_bytes:
        lines.append(
            f"      smallest arena TFLM accepts: {_n(arena.min_arena_bytes)} B "
            "(the planner needs working room while it plans)"
        )
    if report.runtime == "tflite-micro" and a.arena32 is not None:
        lines.append(
            f"      measured on this 64-bit machine; on the 32-bit MCU at most about "
            f"{_n(a.arena32.total_bytes)} B ({_n(a.arena32.saved_bytes)} B less: "
            "TFLM's tensor and node structs hold 4-byte pointers there)"
        )
    elif report.runtime != "tflite-micro":
        lines.append("      (TFLite-Micro's arena used as a stand-in for LiteRT's working memory)")
    return lines


def _flash_lines(report: Any) -> list[str]:
    a = report.analysis
    if report.runtime != "tflite-micro" and report.flash.available is None:
        return [f"  storage: model file {kib(a.model_bytes)} (kept on the board's disk or "
                "SD card; not judged)"]
    lines = [f"  {report.flash}"]
    if report.runtime == "tflite-micro":
        lines.append(
            f"      model {_n(a.model_bytes)} B + TFLM interpreter ~{_n(a.flash.framework_bytes)} B"
            f" + kernels for {len(a.flash.kernels)} op types ~{_n(a.flash.kernel_bytes)} B"
        )
        note = "code sizes measured on a Cortex-M4 build of TFLM's reference kernels"
        if a.flash.unmeasured:
            note += f"; {', '.join(a.flash.unmeasured)}: median guess, unconfirmed"
        lines.append(f"      {note} (see scaledown.estimates.flash)")
    else:
        lines.append(f"      model file {_n(a.model_bytes)} B on the board's storage")
    return lines


def _compiled_lines(report: Any) -> list[str]:
    """The model compiled to C (``report.compiled``, see scaledown.api.fit_compiled)."""
    compiled = getattr(report, "compiled", None)
    return compiled.lines() if compiled is not None else []


def _latency_lines(report: Any) -> list[str]:
    est = report.latency
    if est is None:
        why = (
            "no clock figure" if not report.device.clock_mhz
            else f"no calibrated figures for {report.device.core} cores"
        )
        return [f"  latency: not estimated ({why})"]
    macs = sum(est.macs_by_class.values())
    line = (
        f"  latency: ~{est.ms:.1f} ms ({macs / 1e6:.2f} M MACs on {est.core} at "
        f"{est.clock_mhz:g} MHz; {est.basis})"
    )
    if report.latency_budget_ms is not None:
        ok = "within" if report.latency_ok else "OVER"
        line += f" -> {ok} the {report.latency_budget_ms:g} ms budget"
    lines = [line]
    if report.analysis.is_float:
        lines.append("      calibrated on int8 models; float32 kernels are slower (by how much "
                     "is unconfirmed)")
    if est.basis != "calibrated" or est.core == "cortex-m7":
        lines.append(f"      {est.note}")
    return lines


def _measured_lines(report: Any) -> list[str]:
    """Measurement records of this model on this board, beside the estimates above."""
    try:
        from ..measurements.match import matching, measured_words
    except ImportError:  # pragma: no cover - the measurements part is optional
        return []
    found = matching(None, report.device.id, getattr(report.analysis, "sha256", None))
    return [f"  measured: {measured_words(r)}" for r in found]


def render_report(report: Any) -> str:
    """The fit report as text: verdict, then RAM, flash, latency, issues, advice."""
    d = report.device
    clock = f", {d.clock_mhz:g} MHz" if d.clock_mhz else ""
    runtime = "TFLite-Micro" if report.runtime == "tflite-micro" else "LiteRT"
    lines = [f"{report.model} on {d.name} ({d.core}{clock}) with {runtime}: "
             f"{_VERDICT[report.fits]}"]
    issues = report.analysis.issues
    if report.runtime == "tflite-micro" and issues:
        from ..backends.tflm.ops import summarize

        lines.append("  ops TFLite-Micro cannot run well:")
        lines.extend(f"    {line}" for line in summarize(issues))
    lines += _ram_lines(report) + _flash_lines(report) + _compiled_lines(report)
    lines += _latency_lines(report)
    lines += _measured_lines(report)
    if report.suggestions:
        lines.append("  to make it fit:" if report.fits is False else "  suggestions:")
        lines.extend(f"    - {s}" for s in report.suggestions)
    return "\n".join(lines)


def render_ranking(ranking: Any) -> str:
    """The ranking as a table, best fit first.

    Example:
        >>> from types import SimpleNamespace as S
        >>> print(render_ranking(S(model="m", reports=(), skipped=(("x", "no SRAM"),))))
        m on 0 boards (fits first, then fastest)
        skipped x: no SRAM
    """
    rows = [f"{ranking.model} on {len(ranking.reports)} boards (fits first, then fastest)"]
    if ranking.reports:
        rows.append(f"{'board':34} {'verdict':13} {'RAM spare':>10} {'flash spare':>12} "
                    f"{'latency':>10} ")
    for r in ranking.reports:
        verdict = {True: "fits", False: "no", None: "?"}[r.fits]
        if r.fits and "tight" in (r.ram.status, r.flash.status):
            verdict = "fits (tight)"
        if r.blocked:
            verdict = "needs int8" if r.analysis.is_float else "op unsupported"
        ms = f"{r.latency.ms:.1f} ms" if r.latency else "-"
        ms += BORROWED_MARK if r.latency and r.latency.borrowed else " "
        ram = "-" if r.ram.margin_pct is None else f"{r.ram.margin_pct:.0f}%"
        flash = "-" if r.flash.margin_pct is None else f"{r.flash.margin_pct:.0f}%"
        rows.append(f"{r.device.id[:34]:34} {verdict:13} {ram:>10} {flash:>12} {ms:>11}")
    if any(r.latency and r.latency.borrowed for r in ranking.reports):
        rows.append(BORROWED_NOTE)
    rows.extend(f"skipped {dev}: {why}" for dev, why in ranking.skipped)
    return "\n".join(rows)


def suggestions(report: Any, *, other_boards: Sequence[Any] = ()) -> list[str]:
    """Concrete things to try when the model does not fit (empty when it fits well).

    A model that does not fit also gets the boards among ``other_boards``
    (reports of the same model on other boards) that it fits.
    """
    a = report.analysis
    out: list[str] = []
    kinds = {i.kind for i in a.issues}
    if report.runtime == "tflite-micro" and "hybrid" in kinds:
        out.append("quantize fully to int8 with calibration data (TFLM has no hybrid kernels): "
                   "sd.quantize(model, scheme='int8', data=samples)")
    elif report.runtime == "tflite-micro" and "float" in kinds:
        out.append("quantize to int8: weights and activations take a quarter of the bytes and "
                   "the MCU kernels are int8: sd.quantize(model, scheme='int8', data=samples)")
    if report.runtime == "tflite-micro" and "unsupported" in kinds:
        ops = sorted({i.op for i in a.issues if i.kind == "unsupported"})
        out.append(f"replace the layers that produce {', '.join(ops)} with ops TFLM supports")
    if report.ram.status in ("too big", "tight"):
        big = a.largest_activation()
        if big:
            nbytes, op = big
            shape = "x".join(str(d) for d in op.outputs[0].shape)
            out.append(
                f"use a smaller input or fewer channels: the largest activation is "
                f"{kib(nbytes)} ({shape}, written by op #{op.index} {op.name})"
            )
    if report.flash.status in ("too big", "tight"):
        out.append("prune whole filters or units (structured pruning) and re-export: zeroed "
                   "weights still take space in a .tflite file; fewer or narrower layers too")
    if report.latency_ok is False:
        out.append("cut MACs (narrower layers, a smaller input, depthwise-separable convolutions) "
                   "or pick a faster board")
    if report.fits is False and other_boards:
        boards = boards_that_fit(report, other_boards)
        failing = failing_resources(report)
        what = {"flash": "enough flash", "RAM": "enough RAM", "latency": "a faster estimate"}
        mends = " and ".join(what[f] for f in failing)
        order = "fastest first" if failing == ["latency"] else "smallest first"
        if boards:
            lead = f"boards it fits, with {mends} ({order}): " if mends else "boards it fits: "
            out.append(lead + ", ".join(boards))
    return out
