"""From the 64-bit host arena to a 32-bit microcontroller's arena.

The TFLite-Micro interpreter that ``tflite-micro`` ships for the host is built
for x86-64, where a pointer and ``size_t`` take 8 bytes. Cortex-M, Xtensa and
RV32 cores have 4-byte pointers, so every TFLM struct that holds pointers is
smaller on the board. Activations (the arena's non-persistent *head*) are
plain byte buffers aligned to 16 bytes on every platform, so they do not
change; only the persistent *tail* shrinks.

The struct layouts below are read from the TFLM sources (tflite-micro commit
90b983c): ``tensorflow/lite/core/c/common.h`` with ``TF_LITE_STATIC_MEMORY``
defined (TFLM's reduced ``TfLiteTensor`` and ``TfLiteNode``, and
``TfLiteEvalTensor``, ``TfLiteAffineQuantization``) and
``tensorflow/lite/micro/micro_allocator.h`` (``NodeAndRegistration``).
Sizes follow the usual ABI rules (LP64 on the host, ILP32 on the MCU, enums of
4 bytes). We checked them by compiling TFLM's headers (same commit) and reading
``sizeof``: x86-64 g++ gives 24/64/24/64, i386 g++ (``-m32``) 12/40/12/32, and
arm-none-eabi-g++ 12.2 for a Cortex-M4 12/32/12/32, because that compiler
packs enums into one byte by default (``-fshort-enums``), which shrinks
``TfLiteTensor`` to 32 bytes. We keep the 4-byte-enum figure (40): it is the
larger, and only the few persistent tensors (usually the model's inputs and
outputs) use it.

=========================================  =====  =====  =====================================
TFLM ledger line                           64-bit 32-bit  layout
=========================================  =====  =====  =====================================
TfLiteEvalTensor data (per tensor)           24     12   data ptr, dims ptr, type enum
Persistent TfLiteTensor data (per tensor)    64     40   quantization {enum, ptr}, params
                                                         {float, int32}, data ptr, dims ptr,
                                                         size_t bytes, 2 enums, bool
TfLiteAffineQuantization (per quantized      24     12   scale ptr, zero_point ptr, int32
tensor; half the quantization-data lines)
NodeAndRegistration struct (per op)          64     32   TfLiteNode {6 ptrs, int} + ptr
=========================================  =====  =====  =====================================

The 64-bit column is checked against every host measurement: the ledger's
bytes divided by its count must equal it
(``tests/backends/tflm/test_tflm_arena.py`` asserts this on the MLPerf Tiny
models). Per-op data (``Persistent buffer data``) and the
unnamed interpreter bookkeeping are kept at their host size: they mix
pointers and integers in op-specific structs, so the 32-bit figure is an
upper bound, slightly high.

We also measured it: TFLM (same commit) built for 64-bit and for 32-bit
x86 (``g++ -m32``) and run on the three int8 MLPerf Tiny models. Every ledger
line this module corrects came out exactly as predicted; the measured 32-bit
arenas were 22,892 B (KWS), 54,460 B (IC) and 2,476 B (AD) against 24,208,
55,920 and 3,632 B on 64-bit (5 %, 3 % and 32 % less), and this module's
estimates from the 64-bit ledgers were 1.8 %, 0.8 % and 15.8 % above the
measured 32-bit figures (the small AD arena is mostly per-op data).

Example:
    >>> from scaledown.backends.tflm.arena import parse_allocations
    >>> line = "'{}' used {} bytes with alignment overhead (requested {} bytes for {} x)"
    >>> text = "\\n".join(["Arena allocation total 1000 bytes",
    ...     "Arena allocation head 600 bytes", "Arena allocation tail 400 bytes",
    ...     line.format("TfLiteEvalTensor data", 240, 240, 10),
    ...     line.format("NodeAndRegistration struct", 128, 128, 2)])
    >>> est = to_32bit(parse_allocations(text))
    >>> est.saved_bytes, est.total_bytes
    (184, 816)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..backends.tflm.arena import ArenaReport

#: TFLM ledger line -> (bytes per item on a 64-bit host, bytes per item on a 32-bit MCU).
STRUCT_SIZES: dict[str, tuple[int, int]] = {
    "TfLiteEvalTensor data": (24, 12),
    "Persistent TfLiteTensor data": (64, 40),
    "NodeAndRegistration struct": (64, 32),
}
#: ``TfLiteAffineQuantization``: one per quantized persistent tensor, allocated
#: together with its zero-point array (whose size does not depend on pointers).
AFFINE_QUANTIZATION_SIZE: tuple[int, int] = (24, 12)
QUANTIZATION_LINE = "Persistent TfLiteTensor quantization data"

SOURCE = (
    "struct layouts from tensorflow/lite/core/c/common.h (TF_LITE_STATIC_MEMORY) and "
    "tensorflow/lite/micro/micro_allocator.h, tflite-micro commit 90b983c"
)


@dataclass(frozen=True)
class Arena32:
    """The arena estimated for a 32-bit microcontroller.

    Attributes:
        host_bytes: The arena measured on the 64-bit host (TFLM's report).
        saved_bytes: Bytes the 32-bit build saves in pointer-holding structs.
        by_line: Savings per TFLM ledger line.
    """

    host_bytes: int
    saved_bytes: int
    by_line: dict[str, int]

    @property
    def total_bytes(self) -> int:
        """Estimated arena on a 32-bit MCU (an upper bound; see the module notes)."""
        return self.host_bytes - self.saved_bytes

    @property
    def ratio(self) -> float:
        """32-bit estimate divided by the host measurement."""
        return self.total_bytes / self.host_bytes if self.host_bytes else 1.0


def to_32bit(report: ArenaReport, *, host_bytes: int | None = None) -> Arena32:
    """Estimate the arena on a 32-bit core from the host's TFLM report.

    Args:
        report: TFLM's arena report from :func:`~scaledown.backends.tflm.arena.probe_arena`.
        host_bytes: The host figure to correct (default: ``report.total_bytes``);
            pass ``report.required_bytes`` to correct the accepted minimum instead.

    Returns:
        An :class:`Arena32` with the saving per ledger line.
    """
    by_line: dict[str, int] = {}
    for line, (size64, size32) in STRUCT_SIZES.items():
        item = report.allocation(line)
        if item is not None:
            by_line[line] = item.count * (size64 - size32)
    quant = report.allocation(QUANTIZATION_LINE)
    if quant is not None:
        size64, size32 = AFFINE_QUANTIZATION_SIZE
        by_line[QUANTIZATION_LINE] = (quant.count // 2) * (size64 - size32)
    base = report.total_bytes if host_bytes is None else host_bytes
    return Arena32(base, sum(by_line.values()), by_line)


def host_struct_sizes(report: ArenaReport) -> dict[str, float]:
    """Bytes per item the host actually used, per ledger line (to check ``STRUCT_SIZES``).

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> from scaledown.backends.tflm.arena import probe_arena
        >>> sizes = host_struct_sizes(probe_arena(tiny_dense_tflite(), search=False))
        >>> sizes["NodeAndRegistration struct"] == STRUCT_SIZES["NodeAndRegistration struct"][0]
        True
    """
    return {
        a.name: a.requested_bytes / a.count for a in report.allocations if a.count
    }
