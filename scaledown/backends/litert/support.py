"""Which ops of a model LiteRT can run.

For a TFLite model: every builtin op has a LiteRT kernel in the builtin op
resolver; custom ops need a kernel registered by the application, so they
are marked ``"no"``. Other formats are not run on LiteRT op by op.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> judge(Model(tiny_dense_tflite(), "tflite"))
    ['yes']
"""

from __future__ import annotations

from ...model import Model
from .ops import list_ops


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"`` per layer row of ``model.facts.layers``, or ``None`` if not applicable."""
    if model.format != "tflite":
        return None
    return ["no" if op.custom else "yes" for op in list_ops(model.native)]
