"""Per-op runtime support: one column per runtime, asked of each backend.

The LiteRT, ONNX Runtime and OpenVINO columns come from each backend's
``support.judge(model)``. The TFLite-Micro column uses the table of kernels
in TFLM's ``MicroMutableOpResolver`` kept in ``scaledown.backends.tflm.ops``
(its docstring names the source file and commit).

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> support_columns(Model(tiny_dense_tflite(), "tflite"), ["litert", "tflm"])
    {'litert': ['yes'], 'tflm': ['yes']}
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import SUPPORT_COLUMNS, is_installed

if TYPE_CHECKING:  # pragma: no cover - Model imports this module's callers
    from ...model import Model


def _tflm(model: Model) -> list[str] | None:
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


def _from_backend(runtime: str) -> object:
    def judge(model: Model) -> list[str] | None:
        if not is_installed(runtime):
            return ["?"] * len(model.facts.layers) if model.format in {"tflite", "onnx"} else None
        module = importlib.import_module(f"scaledown.backends.{runtime}.support")
        return module.judge(model)

    return judge


JUDGES = {
    "litert": _from_backend("litert"),
    "tflm": _tflm,
    "onnxruntime": _from_backend("onnxruntime"),
    "openvino": _from_backend("openvino"),
}


def support_columns(
    model: Model, runtimes: Sequence[str] = SUPPORT_COLUMNS
) -> dict[str, list[str]]:
    """Runtime -> one ``"yes"``/``"no"``/``"?"`` per layer row.

    Runtimes that do not apply to the model's format are left out.
    """
    columns = {}
    for runtime in runtimes:
        verdicts = JUDGES[runtime](model)  # type: ignore[operator]
        if verdicts is not None:
            columns[runtime] = verdicts
    return columns
