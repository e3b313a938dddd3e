"""Estimate inference latency on a microcontroller from MACs, core class and clock.

Calibration method (written down so anyone can redo it):

1. Reference points: the MLPerf Tiny v0.5 reference submission ran TFLite-Micro
   on an ST NUCLEO-L4R5ZI (Arm Cortex-M4F at 120 MHz) and published median
   latencies for four tasks; the MAC counts come from the reference Keras
   models (both tabled in ``scaledown/datasets/mlperf_tiny/README.md``, results repository
   mlcommons/tiny_results_v0.5):

   ====================  =========  =========  ================
   task                  latency    MACs       cycles per MAC
   ====================  =========  =========  ================
   keyword spotting      181.9 ms   2.66 M     8.21
   visual wake words     600.6 ms   7.49 M     9.62
   image classification  704.2 ms   12.5 M     6.76
   anomaly detection     10.05 ms   0.264 M    4.57
   ====================  =========  =========  ================

   (cycles per MAC = latency x clock / MACs.)
2. Ops are grouped in two classes by how their kernels work: ``conv``
   (CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, CONV_3D) and ``fc``
   (FULLY_CONNECTED, BATCH_MATMUL). The anomaly-detection model is fully
   connected only, so it calibrates ``fc``; the other three are convolutional
   networks and calibrate ``conv`` with their pooled ratio
   (sum of cycles / sum of MACs, i.e. the MAC-weighted mean). The small dense
   heads of KWS and IC and the MAC-free ops (pooling, add, softmax, reshape)
   are folded into these two constants rather than modelled apart.
3. An estimate is ``sum(MACs of op x cycles per MAC of its class and core) / clock``.
4. Other cores: the Cortex-M7 factor comes from the MLPerf Tiny v1.1 results on
   an ST NUCLEO-H7A3ZI-Q at 280 MHz with the vendor's kernels (the same README).
   The README lists those four latencies as IC/KWS/VWW/AD = 15.4/29.6/51.9/1.82
   ms; taken in that order IC would need 0.35 cycles per MAC, far below every
   other figure, so the order of the first three is unconfirmed and we use only
   order-free numbers: the three convolutional tasks pooled (96.9 ms for
   22.65 M MACs) and AD alone. Vendor kernels are faster than TFLM's, so the
   M7 figure is optimistic for a TFLM build. The Cortex-M4 without FPU shares
   the M4F's instruction set and DSP extension, and int8 kernels do not use the
   FPU, so it gets the M4F constants ("derived"). Every other microcontroller
   core gets the M4F constants marked "unconfirmed". Application cores and
   accelerators get no estimate: they run other runtimes.

5. Measured records: when ``hardware_catalog/measurements/`` holds records
   measured on hardware (``emulated: false``, with a latency, a clock and the
   model's MACs) for a core class, that class's cycles per MAC come from them
   instead (pooled: sum of latency x clock / sum of MACs, one constant for both
   op classes), basis ``"measured"``. Records made on the virtual board never
   count: QEMU's time is not a board's time. ``bench/measured_bench.py``
   prints the estimate's error against each record, left out in turn.

``bench/fit_bench.py`` reports how far each task's estimate is from its
published figure, and the same with each task left out of the calibration.

Example:
    >>> est = estimate_from_macs(2_660_000, core="cortex-m4f", clock_mhz=120)
    >>> round(est.ms, 1), est.basis
    (174.6, 'calibrated')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Basis = Literal["calibrated", "measured", "derived", "unconfirmed"]

OP_CLASSES: dict[str, str] = {
    "CONV_2D": "conv",
    "DEPTHWISE_CONV_2D": "conv",
    "TRANSPOSE_CONV": "conv",
    "CONV_3D": "conv",
    "FULLY_CONNECTED": "fc",
    "BATCH_MATMUL": "fc",
}


@dataclass(frozen=True)
class Reference:
    """One published latency: a task's model on a core at a clock.

    Attributes:
        task: Short task id (``"kws"``, ``"vww"``, ``"ic"``, ``"ad"``).
        op_class: The op class that dominates its MACs (``"conv"`` or ``"fc"``).
        latency_ms: Published median latency.
        macs: Multiply-accumulates of one inference.
        core: Core class of the board.
        clock_mhz: Core clock during the run.
        source: Where the figure is published.
    """

    task: str
    op_class: str
    latency_ms: float
    macs: float
    core: str
    clock_mhz: float
    source: str

    @property
    def cycles_per_mac(self) -> float:
        return self.latency_ms * 1e-3 * self.clock_mhz * 1e6 / self.macs


_V05 = "MLPerf Tiny v0.5 reference submission (mlcommons/tiny_results_v0.5), TFLM on NUCLEO-L4R5ZI"
MLPERF_TINY_V05: tuple[Reference, ...] = (
    Reference("kws", "conv", 181.9, 2.66e6, "cortex-m4f", 120, _V05),
    Reference("vww", "conv", 600.6, 7.49e6, "cortex-m4f", 120, _V05),
    Reference("ic", "conv", 704.2, 12.5e6, "cortex-m4f", 120, _V05),
    Reference("ad", "fc", 10.05, 0.264e6, "cortex-m4f", 120, _V05),
)
_V11 = "MLPerf Tiny v1.1, NUCLEO-H7A3ZI-Q, vendor kernels (order of IC/KWS/VWW unconfirmed)"
# The three convolutional tasks pooled (order-free), and AD alone.
MLPERF_TINY_V11_M7: tuple[Reference, ...] = (
    Reference("ic+kws+vww", "conv", 15.4 + 29.6 + 51.9, (12.5 + 2.66 + 7.49) * 1e6,
              "cortex-m7", 280, _V11),
    Reference("ad", "fc", 1.82, 0.264e6, "cortex-m7", 280, _V11),
)

REFERENCE_CORE = "cortex-m4f"
_DERIVED_FROM_M4F = {"cortex-m4"}
_MCU_CORES = {"cortex-m0+", "cortex-m4", "cortex-m4f", "cortex-m7", "cortex-m33", "cortex-m55",
              "xtensa-lx6", "xtensa-lx7", "riscv32", "arc-em9d"}


def calibrate(references: Iterable[Reference]) -> dict[str, float]:
    """Cycles per MAC for each op class: pooled sum of cycles / sum of MACs.

    A class with no reference borrows the other class's constant.

    Example:
        >>> c = calibrate(MLPERF_TINY_V05)
        >>> round(c["conv"], 2), round(c["fc"], 2)
        (7.88, 4.57)
    """
    cycles: dict[str, float] = {}
    macs: dict[str, float] = {}
    for ref in references:
        cycles[ref.op_class] = cycles.get(ref.op_class, 0.0) + ref.cycles_per_mac * ref.macs
        macs[ref.op_class] = macs.get(ref.op_class, 0.0) + ref.macs
    result = {k: cycles[k] / macs[k] for k in cycles}
    for k in ("conv", "fc"):
        if k not in result and result:
            result[k] = sum(cycles.values()) / sum(macs.values())
    return result


@dataclass(frozen=True)
class CoreProfile:
    """Cycles per MAC on one core class, and how sure we are of them."""

    core: str
    cycles_per_mac: dict[str, float]
    basis: Basis
    note: str


def measured_cycles_per_mac(records: Iterable[dict[str, Any]], core: str) -> float | None:
    """Pooled cycles per MAC of the hardware records of ``core``; ``None`` without any.

    A record counts when it was measured on hardware (``emulated: false``) on a
    device of core class ``core`` (``device_core``) and gives ``latency_ms``,
    ``clock_mhz`` and ``macs``. Emulated records never count.

    Example:
        >>> rec = {"emulated": False, "device_core": "cortex-m0+", "latency_ms": 10.0,
        ...        "clock_mhz": 100, "macs": 100_000}
        >>> measured_cycles_per_mac([rec], "cortex-m0+")
        10.0
        >>> measured_cycles_per_mac([{**rec, "emulated": True}], "cortex-m0+") is None
        True
    """
    cycles = macs = 0.0
    for rec in records:
        if (rec.get("emulated", True) or rec.get("device_core") != core
                or not rec.get("latency_ms") or not rec.get("clock_mhz") or not rec.get("macs")):
            continue
        cycles += rec["latency_ms"] * 1e-3 * rec["clock_mhz"] * 1e6
        macs += rec["macs"]
    return cycles / macs if macs else None


def _project_records() -> list[dict[str, Any]]:
    try:
        from ..measurements.store import hardware_latencies, load_measurements
    except ImportError:  # pragma: no cover - the measurements part is optional
        return []
    return hardware_latencies(load_measurements())


def core_profile(core: str, m4f: dict[str, float] | None = None,
                 records: Iterable[dict[str, Any]] | None = None) -> CoreProfile | None:
    """The calibrated cycles per MAC for ``core``; ``None`` for non-MCU cores.

    ``records``: measurement records to prefer for ``core`` (default: the
    project's hardware records; pass ``[]`` for the published calibration only).

    Example:
        >>> core_profile("cortex-m7").basis, core_profile("riscv32").basis
        ('calibrated', 'unconfirmed')
        >>> core_profile("cortex-a72") is None
        True
    """
    if core in _MCU_CORES:
        measured = measured_cycles_per_mac(
            _project_records() if records is None else records, core)
        if measured is not None:
            return CoreProfile(core, {"conv": measured, "fc": measured}, "measured",
                               "measured on hardware: records in hardware_catalog/measurements/")
    base = m4f if m4f is not None else calibrate(MLPERF_TINY_V05)
    if core == REFERENCE_CORE:
        return CoreProfile(core, base, "calibrated", _V05)
    if core == "cortex-m7":
        return CoreProfile(core, calibrate(MLPERF_TINY_V11_M7), "calibrated",
                           _V11 + "; vendor kernels are faster than TFLM's, so optimistic")
    if core in _DERIVED_FROM_M4F:
        return CoreProfile(core, base, "derived",
                           "same ISA and DSP extension as the Cortex-M4F; int8 kernels "
                           "do not use the FPU")
    if core in _MCU_CORES:
        return CoreProfile(core, base, "unconfirmed",
                           "no published reference for this core: Cortex-M4F figures assumed")
    return None


@dataclass(frozen=True)
class LatencyEstimate:
    """An estimated inference time.

    Attributes:
        ms: Milliseconds per inference.
        cycles: Core cycles per inference.
        macs_by_class: MACs counted per op class.
        core: Core class.
        clock_mhz: Clock used.
        basis: ``"calibrated"``, ``"derived"`` or ``"unconfirmed"``.
        note: Where the cycles-per-MAC figures come from.
    """

    ms: float
    cycles: float
    macs_by_class: dict[str, int] = field(default_factory=dict)
    core: str = REFERENCE_CORE
    clock_mhz: float = 120.0
    basis: Basis = "calibrated"
    note: str = ""

    @property
    def borrowed(self) -> bool:
        """True when this core has no calibration of its own (Cortex-M4F figures, by clock).

        Example:
            >>> LatencyEstimate(1.0, 1.0, core="cortex-m0+", basis="unconfirmed").borrowed
            True
        """
        return self.basis not in ("calibrated", "measured")


#: The mark and the words every table and chart uses for a borrowed calibration.
BORROWED_MARK = "*"
BORROWED_NOTE = ("* borrowed calibration: this core has no published figure of its own, so "
                 "the Cortex-M4F's cycles per MAC are scaled by its clock; treat it as a "
                 "rough guess, not a ranking")


def _estimate(macs_by_class: dict[str, int], core: str, clock_mhz: float,
              m4f: dict[str, float] | None) -> LatencyEstimate | None:
    profile = core_profile(core, m4f)
    if profile is None or not clock_mhz:
        return None
    cycles = sum(m * profile.cycles_per_mac[c] for c, m in macs_by_class.items())
    return LatencyEstimate(cycles / (clock_mhz * 1e3), cycles, dict(macs_by_class), core,
                           clock_mhz, profile.basis, profile.note)


def macs_by_class(ops: Sequence[Any]) -> dict[str, int]:
    """Sum the MACs of ``list_ops`` output per op class (``conv``/``fc``).

    Example:
        >>> from scaledown.backends.litert.ops import list_ops
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> macs_by_class(list_ops(tiny_dense_tflite()))
        {'fc': 8}
    """
    out: dict[str, int] = {}
    for op in ops:
        cls = OP_CLASSES.get(op.name)
        if cls and op.macs:
            out[cls] = out.get(cls, 0) + int(op.macs)
    return out


def estimate_latency(ops: Sequence[Any], *, core: str, clock_mhz: float,
                     calibration: dict[str, float] | None = None) -> LatencyEstimate | None:
    """Estimate latency of a model (its ``list_ops`` output) on a core and clock.

    Args:
        ops: The model's ops, from :func:`scaledown.backends.litert.ops.list_ops`.
        core: Core class, e.g. ``"cortex-m4f"``.
        clock_mhz: Core clock.
        calibration: Cortex-M4F cycles per MAC per class (default: :func:`calibrate`
            on the four MLPerf Tiny v0.5 references).

    Returns:
        The estimate, or ``None`` when the core is not a microcontroller core.
    """
    return _estimate(macs_by_class(ops), core, clock_mhz, calibration)


def estimate_from_macs(macs: int, *, core: str, clock_mhz: float, op_class: str = "conv",
                       calibration: dict[str, float] | None = None) -> LatencyEstimate | None:
    """Estimate latency from a total MAC count when no model file is at hand."""
    return _estimate({op_class: int(macs)}, core, clock_mhz, calibration)
