"""Read a converter's or quantizer's ONNX result: is it ONNX, and in the scheme asked?

Example:
    >>> import scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> check(sd.load(tiny_dense_onnx()), "dynamic")[0]
    'every weight is still float32'
"""

from __future__ import annotations

from collections import Counter

from ...model import Model
from ..common.result_types import HALF_TYPES, INT8_TYPES


def check(model: Model, scheme: str | None) -> tuple[str | None, list[float]]:
    """Why ``model`` is not an ONNX model holding ``scheme``, and its QuantizeLinear scales.

    Args:
        model: The result, already in the ``onnx`` format.
        scheme: ``int8``, ``dynamic`` or ``float16``; ``None`` checks only that it is ONNX.

    Returns:
        ``(why not, or None, the QuantizeLinear scales)``.
    """
    native = model.native
    if type(native).__name__ != "ModelProto":
        return f"the result is a {type(native).__name__}, not an ONNX ModelProto", []
    if scheme is None:
        return None, []
    import numpy as np
    from onnx import TensorProto, numpy_helper

    graph = native.graph
    init = {t.name: t for t in graph.initializer}
    weights = Counter(TensorProto.DataType.Name(t.data_type).lower() for t in init.values())
    ops = Counter(node.op_type for node in graph.node)
    scales: list[float] = []
    for node in graph.node:
        if node.op_type == "QuantizeLinear" and len(node.input) > 1 and node.input[1] in init:
            scales += np.asarray(numpy_helper.to_array(init[node.input[1]]), float).ravel().tolist()
    quantized_activations = bool(
        {"QuantizeLinear", "QLinearConv", "QLinearMatMul"} & set(ops)
        or any(spec.dtype in INT8_TYPES for spec in model.inputs))
    if scheme == "int8" and not (quantized_activations and set(weights) & INT8_TYPES):
        return "it has no int8 weights with quantized activations", scales
    if scheme == "dynamic" and not set(weights) & INT8_TYPES:
        return "every weight is still float32", scales
    if scheme == "float16" and not set(weights) & HALF_TYPES:
        return "no weight is float16", scales
    return None, scales
