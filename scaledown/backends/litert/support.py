"""Which ops of a model LiteRT can run.

For a TFLite model: every builtin op has a LiteRT kernel in the builtin op
resolver; custom ops need a kernel registered by the application, so they
are marked ``"no"``. Other formats are not run on LiteRT op by op.

:func:`verdicts_per_op` is the loop both TFLite runtimes share: TFLite-Micro's
judge (:mod:`scaledown.backends.tflm.support`) calls it with its own table.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> judge(Model(tiny_dense_tflite(), "tflite"))
    ['yes']
"""

from __future__ import annotations

from collections.abc import Callable

from ...model import Model
from .ops import OpInfo, list_ops


def verdicts_per_op(model: Model, has_kernel: Callable[[OpInfo], bool]) -> list[str] | None:
    """``"yes"``/``"no"`` per op of a ``.tflite`` model, or ``None`` for other formats.

    Args:
        model: The model to judge.
        has_kernel: True when the runtime has a kernel for this op.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> model = Model(tiny_dense_tflite(), "tflite")
        >>> verdicts_per_op(model, lambda op: op.name == "CONV_2D")
        ['no']
        >>> verdicts_per_op(Model(object(), "onnx"), lambda op: True) is None
        True
    """
    if model.format != "tflite":
        return None
    return ["yes" if has_kernel(op) else "no" for op in list_ops(model.native)]


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"`` per layer row of ``model.facts.layers``, or ``None`` if not applicable."""
    return verdicts_per_op(model, lambda op: not op.custom)
