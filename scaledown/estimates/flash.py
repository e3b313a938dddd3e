"""Estimate the flash a model needs: its bytes plus the TFLM code for its ops.

The code sizes are **measured** on an Arm Cortex-M4 build, not guessed. We
compiled TensorFlow Lite Micro (commit 90b983c, its reference kernels) with
``arm-none-eabi-g++`` 12.2 (``-mcpu=cortex-m4 -mthumb -Os``, function and data
sections, ``TF_LITE_STRIP_ERROR_STRINGS``) and linked small firmware images
with ``--gc-sections`` and newlib-nano, reading ``.text`` with
``arm-none-eabi-size``:

* the interpreter: an image that builds a ``MicroInterpreter`` with an empty
  ``MicroMutableOpResolver``, allocates and invokes, minus an empty ``main``
  (11,600 - 996 = 10,604 bytes);
* each op: the same image with that one op registered, minus the image with
  none.

What the figures do not cover, so read them as an estimate of the right size:

* Helpers shared by several kernels (quantization maths, broadcasting) are
  counted in every op that pulls them in, so a model's sum leans high.
* Optimized kernel libraries (Arm CMSIS-NN, Espressif ESP-NN) replace some
  reference kernels with code of another size (unconfirmed), and other cores
  and compilers produce other code sizes (unconfirmed).
* Ops we did not measure (TFLM's custom signal-processing ops) get the median
  of the measured ops, 3,056 bytes (unconfirmed).
* The application, the C library and the startup code are not included.

Example:
    >>> est = estimate_flash(50_000, ["CONV_2D", "CONV_2D", "RESHAPE"])
    >>> est.kernels
    {'CONV_2D': 9648, 'RESHAPE': 1408}
    >>> est.total_bytes == 50_000 + FRAMEWORK_BYTES + 9648 + 1408
    True
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

BASIS = (
    "measured on an Arm Cortex-M4 link of TFLM's reference kernels "
    "(arm-none-eabi-g++ -Os); vendor kernels differ"
)

#: The interpreter, allocator, memory planner and model reading, linked for a Cortex-M4.
FRAMEWORK_BYTES = 10_604

#: Bytes of Thumb-2 code each op's kernel adds to a Cortex-M4 image (see above).
KERNEL_BYTES: dict[str, int] = {
    "ABS": 4_416, "ADD": 9_356, "ADD_N": 5_280, "ARG_MAX": 1_824, "ARG_MIN": 1_824,
    "ASSIGN_VARIABLE": 960, "AVERAGE_POOL_2D": 5_608, "BATCH_MATMUL": 8_772,
    "BATCH_TO_SPACE_ND": 1_792, "BROADCAST_ARGS": 1_120, "BROADCAST_TO": 1_784,
    "CALL_ONCE": 320, "CAST": 2_336, "CEIL": 1_024, "CONCATENATION": 3_104, "CONV_2D": 9_648,
    "COS": 4_944, "CUMSUM": 5_440, "DEPTHWISE_CONV_2D": 9_024, "DEPTH_TO_SPACE": 2_112,
    "DEQUANTIZE": 3_008, "DIV": 8_512, "DYNAMIC_UPDATE_SLICE": 2_752, "ELU": 2_840,
    "EMBEDDING_LOOKUP": 2_808, "EQUAL": 8_128, "EXP": 1_848, "EXPAND_DIMS": 1_312,
    "FILL": 1_376, "FLOOR": 800, "FLOOR_DIV": 4_896, "FLOOR_MOD": 2_664,
    "FULLY_CONNECTED": 7_792, "GATHER": 2_272, "GATHER_ND": 1_952, "GREATER": 8_384,
    "GREATER_EQUAL": 7_488, "HARD_SWISH": 4_488, "IF": 1_248, "L2_NORMALIZATION": 2_240,
    "L2_POOL_2D": 3_520, "LEAKY_RELU": 4_680, "LESS": 7_488, "LESS_EQUAL": 7_488, "LOG": 1_444,
    "LOGICAL_AND": 1_600, "LOGICAL_NOT": 768, "LOGICAL_OR": 1_600, "LOGISTIC": 7_716,
    "LOG_SOFTMAX": 8_316, "MAXIMUM": 5_184, "MAX_POOL_2D": 5_704, "MEAN": 7_392,
    "MINIMUM": 5_184, "MIRROR_PAD": 1_024, "MUL": 8_972, "NEG": 960, "NOT_EQUAL": 8_128,
    "PACK": 1_376, "PAD": 3_200, "PADV2": 3_200, "PRELU": 6_368, "QUANTIZE": 5_568,
    "READ_VARIABLE": 736, "REDUCE_ALL": 4_160, "REDUCE_MAX": 4_672, "REDUCE_MIN": 4_672,
    "RELU": 4_648, "RELU6": 2_536, "RESHAPE": 1_408, "RESIZE_BILINEAR": 2_816,
    "RESIZE_NEAREST_NEIGHBOR": 2_400, "REVERSE_V2": 4_448, "ROUND": 1_088, "RSQRT": 4_960,
    "SELECT_V2": 5_248, "SHAPE": 704, "SIN": 4_944, "SLICE": 2_816, "SOFTMAX": 8_920,
    "SPACE_TO_BATCH_ND": 1_824, "SPACE_TO_DEPTH": 2_144, "SPLIT": 1_440, "SPLIT_V": 1_568,
    "SQRT": 896, "SQUARE": 800, "SQUARED_DIFFERENCE": 7_904, "SQUEEZE": 1_344,
    "STRIDED_SLICE": 5_152, "SUB": 9_452, "SUM": 6_624, "SVDF": 8_528, "TANH": 7_876,
    "TRANSPOSE": 1_920, "TRANSPOSE_CONV": 9_216, "UNIDIRECTIONAL_SEQUENCE_LSTM": 14_420,
    "UNPACK": 1_248, "VAR_HANDLE": 480, "WHILE": 1_376, "ZEROS_LIKE": 864,
}

#: For ops not measured: the median of the measured ones (unconfirmed).
UNMEASURED_BYTES = int(statistics.median(KERNEL_BYTES.values()))


def kernel_bytes(op: str) -> int:
    """Code bytes one op's TFLM kernel adds to a Cortex-M4 image.

    Example:
        >>> kernel_bytes("CONV_2D"), kernel_bytes("RESHAPE")
        (9648, 1408)
        >>> kernel_bytes("SignalWindow") == UNMEASURED_BYTES
        True
    """
    return KERNEL_BYTES.get(op, UNMEASURED_BYTES)


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
    def unmeasured(self) -> list[str]:
        """Ops whose code size is the median guess, not a measurement."""
        return [op for op in self.kernels if op not in KERNEL_BYTES]

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
