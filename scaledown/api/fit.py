"""``sd.fit``: will this model run on this board? RAM, flash, latency, verdict.

How each figure is obtained:

* **RAM**: the model is allocated in the TFLite-Micro interpreter on this
  machine (:mod:`scaledown.backends.tflm.arena`); the figure is the arena TFLM
  itself reports, split into activations (non-persistent), persistent data and
  the interpreter's own bookkeeping. The verdict uses the larger of that and
  the smallest arena TFLM accepts. A 32-bit microcontroller needs a little
  less, because TFLM's structs hold pointers (:mod:`scaledown.estimates.memory32`);
  the report shows both and judges on the host figure, the safe side.
* **Flash**: model bytes + TFLM's interpreter + the kernels of exactly the ops
  used (:mod:`scaledown.estimates.flash`, sizes measured on a Cortex-M4 build).
* **Latency**: MACs per op class x cycles per MAC of the core class / clock,
  calibrated on MLPerf Tiny (:mod:`scaledown.estimates.latency`).

Before any number is claimed the ops are checked against TFLM
(:mod:`scaledown.backends.tflm.ops`): a hybrid model or an op TFLM lacks
stops with an explanation naming the op; a float model stops with the advice
to quantize unless ``allow_float=True``.

Example:
    >>> import scaledown as sd
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> board = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")
    >>> report = sd.fit(tiny_dense_tflite(), board, allow_float=True)
    >>> report.fits, report.ram.status, report.flash.status
    (True, 'fits', 'fits')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..backends import verb_module
from ..errors import DeviceError, DoesNotFitError, InputError, UnsupportedOpError
from ..estimates.flash import FlashEstimate, estimate_flash
from ..estimates.latency import LatencyEstimate, estimate_latency
from ..estimates.memory32 import Arena32, to_32bit
from ..estimates.verdict import ResourceCheck, check_resource
from ..hardware.device import Device
from .as_tflite import as_tflite

_MCU_KINDS = frozenset({"mcu", "dsp"})
# the microcontroller interpreter's arena probe and kernel table, as the registry declares them
_arena, _ops = verb_module("tflm", "arena"), verb_module("tflm", "ops")
ArenaReport, probe_arena = _arena.ArenaReport, _arena.probe_arena
OpIssue, check_ops, summarize = _ops.OpIssue, _ops.check_ops, _ops.summarize


@dataclass(frozen=True)
class Analysis:
    """Everything about a model that does not depend on the board (computed once).

    Attributes:
        name: The model's name.
        model_bytes: Size of the ``.tflite`` flatbuffer.
        ops: The ops, from :func:`scaledown.backends.litert.ops.list_ops`.
        issues: What TFLM cannot run, or runs in float.
        arena: TFLM's arena report (``None`` when TFLM cannot allocate the model).
        arena32: The arena estimated for a 32-bit core.
        flash: Flash estimate for a TFLM build.
        sha256: SHA-256 of the ``.tflite`` bytes: matches measurement records of this model.
        tflite: The ``.tflite`` bytes (``sd.compile`` builds the compiled figures from them).
    """

    name: str
    model_bytes: int
    ops: tuple[Any, ...]
    issues: tuple[OpIssue, ...]
    arena: ArenaReport | None
    arena32: Arena32 | None
    flash: FlashEstimate
    sha256: str | None = None
    tflite: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def blocking(self) -> tuple[OpIssue, ...]:
        """Issues TFLM cannot run at all (unsupported ops, hybrid ops)."""
        return tuple(i for i in self.issues if i.kind != "float")

    @property
    def is_float(self) -> bool:
        return any(i.kind == "float" for i in self.issues)

    def largest_activation(self) -> tuple[int, Any] | None:
        """The biggest tensor an op writes, in bytes, and that op."""
        best: tuple[int, Any] | None = None
        for op in self.ops:
            for t in op.outputs:
                if not t.is_constant and (best is None or t.nbytes > best[0]):
                    best = (t.nbytes, op)
        return best


@dataclass(frozen=True)
class FitReport:
    """Whether a model fits one board, per resource, with margins and advice.

    Attributes:
        model: The model's name.
        device: The board.
        runtime: ``"tflite-micro"`` for microcontrollers, else ``"litert"``.
        ram: The RAM check (TFLM arena vs the board's SRAM).
        flash: The flash check (model + code vs the board's flash).
        latency: The latency estimate, or ``None`` without a calibration for the core.
        analysis: The board-independent measurements.
        latency_check: Latency vs ``latency_budget_ms``, when a budget was given.
        suggestions: What to try when something does not fit.
    """

    model: str
    device: Device
    runtime: str
    ram: ResourceCheck
    flash: ResourceCheck
    latency: LatencyEstimate | None
    analysis: Analysis = field(repr=False)
    latency_budget_ms: float | None = None
    suggestions: tuple[str, ...] = ()
    allow_float: bool = False

    @property
    def blocked(self) -> bool:
        """True when TFLM cannot run the model, or it is float and float was not allowed."""
        if self.runtime != "tflite-micro":
            return False
        return bool(self.analysis.blocking) or (self.analysis.is_float and not self.allow_float)

    @property
    def latency_ok(self) -> bool | None:
        if self.latency_budget_ms is None or self.latency is None:
            return None
        return self.latency.ms <= self.latency_budget_ms

    @property
    def fits(self) -> bool | None:
        """True when every checked resource fits; ``None`` when a figure is unknown."""
        if self.blocked:
            return False
        # A Linux board keeps the model on storage we do not judge; flash counts on MCUs.
        flash = self.flash.fits if self.runtime == "tflite-micro" else (self.flash.fits or True)
        checks = [self.ram.fits, flash, self.latency_ok]
        if False in checks:
            return False
        if self.ram.fits is None or flash is None:
            return None
        return True

    @property
    def compiled(self) -> Any:
        """The model compiled with ``sd.compile`` for this board's core, beside TFLM's figures.

        A :class:`~scaledown.api.fit_compiled.CompiledFigures` (exact or estimated, it
        says which), a :class:`~scaledown.api.fit_compiled.NotCompiled` saying why the
        model does not compile, or ``None`` on a board that runs LiteRT.
        """
        from .fit_compiled import compiled_figures

        return compiled_figures(self)

    def to_dict(self, *, compiled: bool = True) -> dict[str, Any]:
        """Plain data for ``--json`` and the site (``compiled=False``: without :attr:`compiled`,
        which builds and runs the model on the virtual board the first time it is asked)."""
        a = self.analysis
        arena = a.arena
        figures = self.compiled if compiled else None
        return {
            "model": self.model,
            "device": self.device.id,
            "device_name": self.device.name,
            "runtime": self.runtime,
            "fits": self.fits,
            "ram": {
                **self.ram.to_dict(),
                "arena_bytes": arena.total_bytes if arena else None,
                "arena_min_accepted_bytes": arena.min_arena_bytes if arena else None,
                "activation_bytes": arena.activation_bytes if arena else None,
                "persistent_bytes": arena.persistent_bytes if arena else None,
                "interpreter_overhead_bytes": arena.overhead_bytes if arena else None,
                "arena_32bit_bytes": a.arena32.total_bytes if a.arena32 else None,
            },
            "flash": {
                **self.flash.to_dict(),
                "model_bytes": a.model_bytes,
                "framework_bytes": a.flash.framework_bytes,
                "kernel_bytes": a.flash.kernels,
                "basis": a.flash.basis,
            },
            "latency": None
            if self.latency is None
            else {
                "ms": round(self.latency.ms, 3),
                "budget_ms": self.latency_budget_ms,
                "macs": self.latency.macs_by_class,
                "core": self.latency.core,
                "clock_mhz": self.latency.clock_mhz,
                "basis": self.latency.basis,
            },
            "issues": [i.__dict__ for i in a.issues],
            "suggestions": list(self.suggestions),
            "compiled": None if figures is None else figures.to_dict(),
        }

    def __str__(self) -> str:
        from ..estimates.report_text import render_report

        return render_report(self)

    def _repr_markdown_(self) -> str:  # notebooks show the text report, not the fields
        return f"```text\n{self}\n```"


@dataclass(frozen=True)
class FitRanking:
    """Every board of a catalogue, best fit first.

    Attributes:
        model: The model's name.
        reports: One :class:`FitReport` per board, best first.
        skipped: ``(device id, reason)`` for boards without the figures to judge.
    """

    model: str
    reports: tuple[FitReport, ...]
    skipped: tuple[tuple[str, str], ...] = ()

    def fitting(self) -> list[FitReport]:
        """The boards the model fits."""
        return [r for r in self.reports if r.fits]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: every board's report, without the compiled figures
        (``sd.fit(model, device)`` gives them for one board; a ranking would build the
        model for every core)."""
        return {
            "model": self.model,
            "boards": [r.to_dict(compiled=False) for r in self.reports],
            "skipped": [{"device": d, "reason": why} for d, why in self.skipped],
        }

    def __str__(self) -> str:
        from ..estimates.report_text import render_ranking

        return render_ranking(self)

    def _repr_markdown_(self) -> str:
        return f"```text\n{self}\n```"


# -- resolving the arguments -------------------------------------------------


def _device(device: str | Device) -> Device:
    if isinstance(device, Device):
        return device
    if isinstance(device, str):
        from ..hardware.catalogue import device as lookup

        return lookup(device)
    raise InputError(
        f"device must be a catalogue id or an sd.Device; received {type(device).__name__}",
        fix='pass device="arduino-nano-33-ble-sense-rev2" or sd.Device(flash_kb=..., '
        "sram_kb=..., clock_mhz=..., core=...)",
    )


def _check_options(latency_budget_ms: Any, max_arena: Any) -> None:
    """Refuse a budget or arena limit that is not a positive number (``None``: not set)."""
    import math

    for name, value, example, kinds in (
        ("latency_budget_ms", latency_budget_ms, "latency_budget_ms=50", (int, float)),
        ("max_arena", max_arena, "max_arena=8 * 1024 * 1024", (int,)),
    ):
        if value is None:
            continue
        number = isinstance(value, kinds) and not isinstance(value, bool)
        if not (number and math.isfinite(value) and value > 0):
            raise InputError(
                f"{name}={value!r} is not a positive number",
                why="it is a limit to judge the model against, so it must be above zero"
                + (" (milliseconds per inference)" if name == "latency_budget_ms" else
                   " (bytes, a whole number)"),
                fix=f"pass e.g. {example}, or leave it out",
            )


def _missing_memory(device: Device) -> list[str]:
    needed = ("sram_kb", "flash_kb") if _is_mcu(device) else ("sram_kb",)
    return [f for f in needed if getattr(device, f) is None]


def _require_memory(device: Device) -> None:
    missing = _missing_memory(device)
    if missing:
        where = (
            f"hardware_catalog/devices/{device.id}.yaml" if device.id != "custom" else "sd.Device"
        )
        raise DeviceError(
            f"device {device.id!r} has no {' and no '.join(missing)} figure",
            why="fit compares the model's needs with the board's memory; without the "
            "figure there is nothing to compare",
            fix=f"add {', '.join(missing)} (from the datasheet) in {where}",
        )


def _is_mcu(device: Device) -> bool:
    return device.core_class.kind in _MCU_KINDS


def _raise_for(issues: Sequence[OpIssue], name: str, device: Device) -> None:
    first = issues[0]
    listed = "\n".join(f"  {line}" for line in summarize(issues))
    if first.kind == "float":
        raise UnsupportedOpError(
            f"{name} is a float32 model; {device.name} runs TFLite-Micro, where it would "
            f"be slow and need 4x the memory. Float ops:\n{listed}",
            why="TFLite-Micro's optimized microcontroller kernels are int8",
            fix="quantize to int8 first: sd.quantize(model, scheme='int8', data=samples); "
            "or call sd.fit(..., allow_float=True) to measure the float model anyway",
        )
    raise UnsupportedOpError(
        f"{name} cannot run under TFLite-Micro on {device.name}:\n{listed}",
        why="TFLite-Micro only runs ops it has kernels for, and no hybrid (float/int8) ops",
        fix=first.fix,
    )


# -- the work ------------------------------------------------------------------


def analyse(
    model: Any,
    *,
    probe: Callable[..., ArenaReport] = probe_arena,
    max_arena: int | None = None,
    check_first: Device | None = None,
    allow_float: bool = False,
) -> Analysis:
    """Measure a model once for any number of boards.

    Args:
        model: A :class:`~scaledown.Model`, a path, or ``.tflite`` bytes.
        probe: The arena probe (tests pass a fake).
        max_arena: Largest arena the host probe tries, bytes.
        check_first: A board whose runtime must be able to run the model; its
            op problems are raised before anything is measured.
        allow_float: Measure float models on microcontroller boards anyway.

    Raises:
        UnsupportedOpError: ``check_first`` runs TFLM and the model has ops it
            cannot run (or float ops, unless ``allow_float``).
    """
    data, name = as_tflite(model)
    ops = tuple(verb_module("litert", "ops").list_ops(data))
    issues = tuple(check_ops(ops))
    if check_first is not None and _is_mcu(check_first):
        stop = [i for i in issues if i.kind != "float" or not allow_float]
        if stop:
            _raise_for(stop, name, check_first)
    arena = None
    if not any(i.kind != "float" for i in issues):
        kwargs = {"name": name} if max_arena is None else {"name": name, "max_arena": max_arena}
        arena = probe(data, **kwargs)
    arena32 = to_32bit(arena, host_bytes=arena.required_bytes) if arena else None
    flash = estimate_flash(len(data), (op.name for op in ops))
    return Analysis(name, len(data), ops, issues, arena, arena32, flash,
                    sha256=hashlib.sha256(bytes(data)).hexdigest(), tflite=bytes(data))


def evaluate(
    analysis: Analysis,
    device: Device,
    *,
    latency_budget_ms: float | None = None,
    suggest_boards: bool = True,
    allow_float: bool = False,
) -> FitReport:
    """Judge a measured model against one board (no new measurement).

    ``suggest_boards`` adds catalogue boards that fit to the advice when this
    one does not (a ranking turns it off: it lists every board anyway).
    """
    mcu = _is_mcu(device)
    arena = analysis.arena
    ram_needed = arena.required_bytes if arena else None
    flash_needed = analysis.flash.total_bytes if mcu else analysis.model_bytes
    sram = device.sram_kb * 1024 if device.sram_kb is not None else None
    flash = device.flash_kb * 1024 if device.flash_kb is not None else None
    latency = None
    if mcu and device.clock_mhz:
        latency = estimate_latency(analysis.ops, core=device.core, clock_mhz=device.clock_mhz)
    report = FitReport(
        analysis.name,
        device,
        "tflite-micro" if mcu else "litert",
        check_resource("RAM", needed=ram_needed, available=sram),
        check_resource("flash", needed=flash_needed, available=flash),
        latency,
        analysis,
        latency_budget_ms,
        allow_float=allow_float,
    )
    from ..estimates.report_text import suggestions

    others = _other_boards(report) if suggest_boards and report.fits is False else []
    advice = tuple(suggestions(report, other_boards=others))
    return FitReport(**{**report.__dict__, "suggestions": advice})


def _rank_key(report: FitReport) -> tuple[int, float, float]:
    order = {True: 0, None: 1, False: 2}[report.fits]
    ms = report.latency.ms if report.latency else float("inf")
    spare = -(report.ram.margin_pct or 0.0)
    return (order, ms, spare)


def rank(analysis: Analysis, boards: Sequence[Device], **kwargs: Any) -> FitRanking:
    """Judge a measured model against many boards, best fit first."""
    reports, skipped = [], []
    for board in boards:
        missing = _missing_memory(board)
        if missing:
            skipped.append((board.id, f"no {' or '.join(missing)} figure in the catalogue"))
            continue
        reports.append(evaluate(analysis, board, suggest_boards=False, **kwargs))
    return FitRanking(analysis.name, tuple(sorted(reports, key=_rank_key)), tuple(skipped))


def fit(
    model: Any,
    device: str | Device | None = None,
    *,
    allow_float: bool = False,
    latency_budget_ms: float | None = None,
    strict: bool = False,
    boards: Sequence[Device] | None = None,
    probe: Callable[..., ArenaReport] = probe_arena,
    max_arena: int | None = None,
) -> FitReport | FitRanking:
    """Will ``model`` run on ``device``? Or, without a device: rank every catalogue board.

    Args:
        model: A :class:`~scaledown.Model`, a model file path, or ``.tflite`` bytes.
            Keras/ONNX models are converted to TFLite first.
        device: A catalogue id such as ``"arduino-nano-33-ble-sense-rev2"``, or an
            :class:`~scaledown.Device`; ``None`` ranks all boards.
        allow_float: Measure float models on microcontroller boards instead of
            stopping with the advice to quantize.
        latency_budget_ms: Also judge latency against this budget.
        strict: Raise :class:`~scaledown.errors.DoesNotFitError` when it does not fit.
        boards: The boards to rank (default: the hardware catalogue).
        probe: The arena probe; tests pass a fake.
        max_arena: Largest arena the host probe tries, in bytes (default 64 MiB).

    Returns:
        A :class:`FitReport` for one device, a :class:`FitRanking` without one.

    Raises:
        DeviceError: unknown device id (close matches listed) or missing memory figures.
        UnsupportedOpError: the model has ops TFLM cannot run, or is float (see above).
        InputError: the model needs more arena than the host probe allows, or
            ``latency_budget_ms``/``max_arena`` is not a positive number.
        DoesNotFitError: ``strict=True`` and the model does not fit.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> tiny = sd.Device(flash_kb=32, sram_kb=1, clock_mhz=48, core="cortex-m0+")
        >>> sd.fit(tiny_dense_tflite(), tiny, allow_float=True).ram.status
        'too big'
    """
    _check_options(latency_budget_ms, max_arena)
    if device is None:
        if boards is None:
            from ..hardware.catalogue import devices

            boards = devices()
        analysis = analyse(model, probe=probe, max_arena=max_arena)
        return rank(analysis, boards, latency_budget_ms=latency_budget_ms, allow_float=allow_float)
    board = _device(device)
    _require_memory(board)
    analysis = analyse(
        model, probe=probe, max_arena=max_arena, check_first=board, allow_float=allow_float
    )
    report = evaluate(analysis, board, latency_budget_ms=latency_budget_ms, allow_float=allow_float)
    if strict and report.fits is False:
        raise DoesNotFitError(
            f"{report.model} does not fit {board.name}",
            why=f"{report.ram}; {report.flash}",
            fix=report.suggestions[0] if report.suggestions else "use a bigger board",
        )
    return report


def _other_boards(report: FitReport) -> list[FitReport]:
    """The same analysis judged on every other catalogue board (empty without a catalogue)."""
    try:
        from ..hardware.catalogue import devices

        boards = devices()
    except Exception:  # no catalogue outside a checkout is fine: skip the hint
        return []
    return list(rank(report.analysis, [b for b in boards if b.id != report.device.id],
                     latency_budget_ms=report.latency_budget_ms,
                     allow_float=report.allow_float).reports)


__all__ = ["Analysis", "FitRanking", "FitReport", "analyse", "evaluate", "fit", "rank"]
