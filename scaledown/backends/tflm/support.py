"""The TFLite-Micro column of ``sd.inspect``: is each op a kernel TFLM has?

The answer comes from the table of kernels in TFLM's
``MicroMutableOpResolver`` kept in :mod:`.ops` (its docstring names the
source file and commit), so no TFLM runtime is needed to fill it.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> judge(Model(tiny_dense_tflite(), "tflite"))
    ['yes']
"""

from __future__ import annotations

import importlib

from ...model import Model


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"`` per op of a ``.tflite`` model, or ``None`` for other formats."""
    if model.format != "tflite":
        return None
    try:
        table = importlib.import_module("scaledown.backends.tflm.ops")
    except ImportError:
        return ["?"] * len(model.facts.layers)
    from ..litert.ops import list_ops

    builtins = getattr(table, "TFLM_BUILTINS", {})
    custom = getattr(table, "TFLM_CUSTOM", {})
    return [
        "yes" if (op.name in custom if op.custom else op.name in builtins) else "no"
        for op in list_ops(model.native)
    ]
