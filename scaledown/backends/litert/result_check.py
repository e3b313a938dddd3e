"""Read a converter's or quantizer's ``.tflite`` result: is it TFLite, and in the scheme asked?

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> check(Model(tiny_dense_tflite(), "tflite"), None)
    (None, [])
    >>> check(Model(tiny_dense_tflite(), "tflite"), "dynamic")[0]
    'every weight is still float32'
"""

from __future__ import annotations

from collections import Counter

from ...model import Model
from ..common.result_types import HALF_TYPES, INT8_TYPES
from .ops import list_ops


def check(model: Model, scheme: str | None) -> tuple[str | None, list[float]]:
    """Why ``model`` is not a TFLite model holding ``scheme``, and its activation scales.

    Args:
        model: The result, already in the ``tflite`` format.
        scheme: ``int8``, ``dynamic`` or ``float16``; ``None`` checks only that it is TFLite.

    Returns:
        ``(why not, or None, the activations' quantization scales)``.
    """
    native = model.native
    if not (isinstance(native, bytes | bytearray) and native[4:8] == b"TFL3"):
        return "its bytes lack the TFLite file identifier 'TFL3'", []
    if scheme is None:
        return None, []
    weights: Counter = Counter()
    activations: Counter = Counter()
    scales: list[float] = []
    for op in list_ops(bytes(native)):
        for tensor in (*op.inputs, *op.outputs):
            (weights if tensor.is_constant else activations)[tensor.dtype] += 1
            if not tensor.is_constant and tensor.scale is not None:
                scales.append(float(tensor.scale))
    if scheme == "int8":
        floats = sorted((set(activations) | set(weights)) & {"float32", "float16"})
        if floats:
            return f"some ops still compute in {', '.join(floats)}", scales
    elif scheme == "dynamic" and not set(weights) & INT8_TYPES:
        return "every weight is still float32", scales
    elif scheme == "float16" and not set(weights) & HALF_TYPES:
        return "no weight is float16", scales
    return None, scales
