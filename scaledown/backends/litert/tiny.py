"""A tiny float TFLite model built with the flatbuffer schema, for doctests.

It holds one FULLY_CONNECTED op, 4 inputs to 2 outputs, with fixed weights,
so examples in docstrings run in milliseconds without TensorFlow.

Example:
    >>> data = tiny_dense_tflite()
    >>> data[4:8], len(data) < 2000
    (b'TFL3', True)
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .schema import schema


@cache
def tiny_dense_tflite() -> bytes:
    """Bytes of a 1x4 -> 1x2 float32 dense model: y = W x + b."""
    s = schema()
    import flatbuffers

    weights = np.array([[1.0, -1.0, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]], np.float32)
    bias = np.array([0.1, -0.1], np.float32)

    def tensor(name: str, shape: list[int], buffer: int) -> object:
        t = s.TensorT()
        t.name, t.shape, t.type, t.buffer = name, shape, s.TensorType.FLOAT32, buffer
        return t

    buffers = []
    for data in (None, None, weights, bias, None):
        b = s.BufferT()
        b.data = None if data is None else np.frombuffer(data.tobytes(), np.uint8)
        buffers.append(b)
    graph = s.SubGraphT()
    graph.tensors = [
        tensor("x", [1, 4], 1),
        tensor("dense/kernel", [2, 4], 2),
        tensor("dense/bias", [2], 3),
        tensor("y", [1, 2], 4),
    ]
    graph.inputs, graph.outputs = [0], [3]
    op = s.OperatorT()
    op.opcodeIndex, op.inputs, op.outputs = 0, [0, 1, 2], [3]
    op.builtinOptionsType = s.BuiltinOptions.FullyConnectedOptions
    op.builtinOptions = s.FullyConnectedOptionsT()
    graph.operators, graph.name = [op], "main"
    code = s.OperatorCodeT()
    code.builtinCode = code.deprecatedBuiltinCode = s.BuiltinOperator.FULLY_CONNECTED
    code.version = 1
    model = s.ModelT()
    model.version, model.operatorCodes, model.subgraphs = 3, [code], [graph]
    model.buffers, model.description = buffers, "scaledown tiny dense"
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())
