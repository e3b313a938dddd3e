"""The TFLite-Micro column of ``sd.inspect``: is each op a kernel TFLM has?

The answer comes from the table of kernels in TFLM's
``MicroMutableOpResolver`` kept in :mod:`.ops` (its docstring names the
source file and commit), so no TFLM runtime is needed to fill it. The loop
over a model's ops is LiteRT's
(:func:`scaledown.backends.litert.support.verdicts_per_op`); only the
question asked of each op, :func:`in_table`, is TFLM's.

Example:
    >>> from scaledown.backends.litert.ops import OpInfo
    >>> in_table(OpInfo(0, "CONV_2D", [], [])), in_table(OpInfo(0, "NO_SUCH_OP", [], []))
    (True, False)
"""

from __future__ import annotations

from ...model import Model
from ..litert.ops import OpInfo
from ..litert.support import verdicts_per_op
from .ops import TFLM_BUILTINS, TFLM_CUSTOM


def in_table(op: OpInfo) -> bool:
    """True when TFLM's op resolver registers a kernel for ``op`` (builtin or custom)."""
    return op.name in (TFLM_CUSTOM if op.custom else TFLM_BUILTINS)


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"`` per op of a ``.tflite`` model, or ``None`` for other formats."""
    return verdicts_per_op(model, in_table)
