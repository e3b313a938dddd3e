"""Per-op runtime support: one column per runtime, asked of each backend.

Each column is filled by the backend that declares it (``support_column``
and ``support`` in its declaration): LiteRT, ONNX Runtime and OpenVINO ask
their runtime; TFLite-Micro reads its table of kernels. The registry finds
the judge, so this module names no backend.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> support_columns(Model(tiny_dense_tflite(), "tflite"), ["litert", "tflm"])
    {'litert': ['yes'], 'tflm': ['yes']}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import support_columns as known_columns
from .. import support_judge

if TYPE_CHECKING:  # pragma: no cover - Model imports this module's callers
    from ...model import Model


def support_columns(model: Model, runtimes: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Runtime -> one ``"yes"``/``"no"``/``"?"`` per layer row.

    Runtimes that do not apply to the model's format are left out.
    """
    columns = {}
    for runtime in known_columns() if runtimes is None else runtimes:
        verdicts = support_judge(runtime)(model)
        if verdicts is not None:
            columns[runtime] = verdicts
    return columns
