"""Estimate the flash a model needs: its bytes plus the TFLM code for its ops.

**Rough estimate, unconfirmed.** We found no published per-kernel code-size
breakdown for TFLite-Micro, so the kernel figures below come from measuring
the host build we ship with: ``nm -S`` on ``tflite_micro/python/tflite_micro/
_runtime.so`` (tflite-micro 0.dev20261023, x86-64, optimised), summing the
symbols of each kernel's ``Eval``, ``Prepare``, op-data and reference
functions and its flatbuffer ``Parse...`` function:

* CONV_2D: ConvEval 6,056 + ConvPerChannel 1,128 + ConvPrepare 1,023 +
  CalculateOpDataConv 1,021 + ParseConv2D 590 = 9,818 bytes
* DEPTHWISE_CONV_2D: DepthwiseConvEval 4,109 + CalculateOpDataDepthwiseConv
  1,069 + DepthwiseConvPrepare 1,003 + DepthwiseConvPerChannel 941 +
  ParseDepthwiseConv2D 504 = 7,626 bytes
* FULLY_CONNECTED: FullyConnectedEval 5,169 + FullyConnectedPrepare 875 +
  CalculateOpDataFullyConnected 652 + ParseFullyConnected 597 + the int8
  reference kernel 422 = 7,715 bytes
* SOFTMAX: SoftmaxEval 3,184 + CalculateSoftmaxParams 1,912 + SoftmaxPrepare
  384 + ParseSoftmax 174 = 5,654 bytes
* TRANSPOSE_CONV: TransposeConvEval 4,821 + TransposeConvPrepare 2,473 +
  the int16 reference kernel 1,270 = 8,564 bytes
* the interpreter itself (MicroInterpreter, MicroAllocator, memory planner,
  flatbuffer reading, logging): 47,161 bytes of symbols.

Every other op gets a guess by analogy, also unconfirmed: 3 KB for ops that
compute (pooling, element-wise maths, activations, quantize), 1 KB for ops
that only move or reinterpret data (reshape, squeeze, shape). The host build
holds float, int8 and int16 paths of each kernel and x86-64 code is usually
larger than Arm Thumb-2 code, so these figures lean high; vendor kernel
libraries (CMSIS-NN, ESP-NN) add their own code on top.

Example:
    >>> est = estimate_flash(50_000, ["CONV_2D", "CONV_2D", "RESHAPE"])
    >>> est.kernel_bytes, est.total_bytes
    (10842, 108003)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

BASIS = (
    "rough estimate, unconfirmed (x86-64 host build symbol sizes, see scaledown.estimates.flash)"
)

FRAMEWORK_BYTES = 47_161
MEASURED_KERNEL_BYTES: dict[str, int] = {
    "CONV_2D": 9_818,
    "DEPTHWISE_CONV_2D": 7_626,
    "FULLY_CONNECTED": 7_715,
    "SOFTMAX": 5_654,
    "TRANSPOSE_CONV": 8_564,
}
_DATA_MOVEMENT_OPS = frozenset(
    {"RESHAPE", "SQUEEZE", "EXPAND_DIMS", "SHAPE", "ZEROS_LIKE", "FILL", "PACK", "UNPACK"}
)
GUESS_COMPUTE_BYTES = 3_072
GUESS_DATA_MOVEMENT_BYTES = 1_024


def kernel_bytes(op: str) -> int:
    """Estimated code bytes of one op's TFLM kernel (rough estimate, unconfirmed).

    Example:
        >>> kernel_bytes("CONV_2D"), kernel_bytes("ADD"), kernel_bytes("RESHAPE")
        (9818, 3072, 1024)
    """
    if op in MEASURED_KERNEL_BYTES:
        return MEASURED_KERNEL_BYTES[op]
    return GUESS_DATA_MOVEMENT_BYTES if op in _DATA_MOVEMENT_OPS else GUESS_COMPUTE_BYTES


@dataclass(frozen=True)
class FlashEstimate:
    """Flash for a model on a microcontroller.

    Attributes:
        model_bytes: The ``.tflite`` flatbuffer, stored as a C array.
        framework_bytes: The TFLM interpreter code.
        kernels: Code bytes per distinct op the model uses.
        basis: Where the code sizes come from.
    """

    model_bytes: int
    framework_bytes: int
    kernels: dict[str, int] = field(default_factory=dict)
    basis: str = BASIS

    @property
    def kernel_bytes(self) -> int:
        """Sum of the kernels' code (each distinct op counted once)."""
        return sum(self.kernels.values())

    @property
    def total_bytes(self) -> int:
        """Model bytes + interpreter + kernels."""
        return self.model_bytes + self.framework_bytes + self.kernel_bytes


def estimate_flash(model_bytes: int, ops: Iterable[str]) -> FlashEstimate:
    """Flash needed for ``model_bytes`` of model using the op names ``ops``.

    Each distinct op is linked once, however often the model uses it.
    """
    kernels = {name: kernel_bytes(name) for name in sorted(set(ops))}
    return FlashEstimate(int(model_bytes), FRAMEWORK_BYTES, kernels)
