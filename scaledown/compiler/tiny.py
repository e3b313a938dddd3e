"""Build small int8 ``.tflite`` models from a plain description, without TensorFlow.

The compiler's examples and tests need int8 models with chosen operators,
shapes, paddings and quantization; :func:`build_tflite` writes one with the
flatbuffer schema in milliseconds. :func:`tiny_int8_tflite` is a fixed
four-operator model (CONV_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX).

Example:
    >>> data = tiny_int8_tflite()
    >>> data[4:8], len(data) < 4000
    (b'TFL3', True)
    >>> from scaledown.compiler.graph import read_graph
    >>> [op.name for op in read_graph(data).operators]
    ['CONV_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from ..backends.litert.schema import schema

# our option names -> the schema object API's attribute names
_ATTRIBUTES = {
    "padding": "padding", "stride_w": "strideW", "stride_h": "strideH",
    "fused_activation_function": "fusedActivationFunction",
    "dilation_w": "dilationWFactor", "dilation_h": "dilationHFactor",
    "depth_multiplier": "depthMultiplier", "filter_w": "filterWidth",
    "filter_h": "filterHeight", "beta": "beta", "keep_num_dims": "keepNumDims",
    "axis": "axis", "keep_dims": "keepDims",
}
_OPTIONS = {
    "CONV_2D": "Conv2DOptions", "DEPTHWISE_CONV_2D": "DepthwiseConv2DOptions",
    "FULLY_CONNECTED": "FullyConnectedOptions", "AVERAGE_POOL_2D": "Pool2DOptions",
    "MAX_POOL_2D": "Pool2DOptions", "ADD": "AddOptions", "SOFTMAX": "SoftmaxOptions",
    "RESHAPE": "ReshapeOptions", "MUL": "MulOptions",
    "CONCATENATION": "ConcatenationOptions", "MEAN": "ReducerOptions",
}
_TYPES = {"int8": "INT8", "int32": "INT32", "float32": "FLOAT32", "int16": "INT16",
          "uint8": "UINT8"}


@dataclass
class TensorDef:
    """A tensor of a model to build.

    Attributes:
        name: Its name.
        shape: Its dimensions.
        dtype: ``"int8"``, ``"int32"``, ``"float32"``...
        scales: Quantization scales (several: per-channel along ``axis``).
        zero_points: Zero points (default: zeros).
        data: Constant values, or ``None`` for an activation.
        axis: The quantized dimension of a per-channel tensor.
    """

    name: str
    shape: Sequence[int]
    dtype: str = "int8"
    scales: Sequence[float] = ()
    zero_points: Sequence[int] = ()
    data: np.ndarray | None = None
    axis: int = 0


@dataclass
class OpDef:
    """An operator of a model to build: name, tensor indices, options (our names)."""

    name: str
    inputs: Sequence[int]
    outputs: Sequence[int]
    options: dict[str, Any] = field(default_factory=dict)


def _options(s: Any, op: OpDef) -> tuple[int, Any]:
    kind = _OPTIONS.get(op.name)
    if kind is None:
        return 0, None
    table = getattr(s, f"{kind}T")()
    for key, value in op.options.items():
        if key == "padding":
            value = getattr(s.Padding, value)
        elif key == "fused_activation_function":
            value = getattr(s.ActivationFunctionType, value)
        setattr(table, _ATTRIBUTES[key], value)
    if op.name == "SOFTMAX" and "beta" not in op.options:
        table.beta = 1.0
    return getattr(s.BuiltinOptions, kind), table


def build_tflite(tensors: Sequence[TensorDef], ops: Sequence[OpDef],
                 inputs: Sequence[int], outputs: Sequence[int]) -> bytes:
    """Write a one-subgraph ``.tflite`` model.

    Args:
        tensors: The tensors, indexed by position.
        ops: The operators, in execution order.
        inputs: Indices of the model's inputs.
        outputs: Indices of the model's outputs.

    Returns:
        The flatbuffer bytes.

    Example:
        >>> x = TensorDef("x", (1, 4), scales=(0.5,))
        >>> y = TensorDef("y", (1, 4), scales=(1 / 256,), zero_points=(-128,))
        >>> data = build_tflite([x, y], [OpDef("SOFTMAX", [0], [1])], [0], [1])
        >>> from scaledown.compiler.graph import read_graph
        >>> read_graph(data).operators[0].options
        {'beta': 1.0}
    """
    s = schema()
    import flatbuffers

    buffers = [s.BufferT()]
    flat = []
    for i, t in enumerate(tensors):
        ft = s.TensorT()
        ft.name, ft.shape = t.name, list(t.shape)
        ft.type = getattr(s.TensorType, _TYPES[t.dtype])
        buf = s.BufferT()
        if t.data is not None:
            values = np.asarray(t.data, dtype=t.dtype).astype(np.dtype(t.dtype).newbyteorder("<"))
            buf.data = np.frombuffer(values.tobytes(), np.uint8)
        buffers.append(buf)
        ft.buffer = i + 1
        if t.scales:
            quant = s.QuantizationParametersT()
            quant.scale = [float(v) for v in t.scales]
            quant.zeroPoint = [int(v) for v in (t.zero_points or [0] * len(t.scales))]
            quant.quantizedDimension = t.axis
            ft.quantization = quant
        flat.append(ft)
    names = list(dict.fromkeys(op.name for op in ops))
    codes = []
    for name in names:
        code = s.OperatorCodeT()
        value = getattr(s.BuiltinOperator, name)
        code.builtinCode = value
        code.deprecatedBuiltinCode = min(value, 127)
        code.version = 1
        codes.append(code)
    flat_ops = []
    for op in ops:
        fo = s.OperatorT()
        fo.opcodeIndex, fo.inputs, fo.outputs = names.index(op.name), list(op.inputs), list(
            op.outputs)
        fo.builtinOptionsType, fo.builtinOptions = _options(s, op)
        flat_ops.append(fo)
    graph = s.SubGraphT()
    graph.tensors, graph.operators = flat, flat_ops
    graph.inputs, graph.outputs, graph.name = list(inputs), list(outputs), "main"
    model = s.ModelT()
    model.version, model.operatorCodes, model.subgraphs = 3, codes, [graph]
    model.buffers, model.description = buffers, "scaledown compiler test model"
    builder = flatbuffers.Builder(4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


@cache
def tiny_int8_tflite() -> bytes:
    """A 1x4x4x1 int8 image -> 3 classes: CONV_2D (per-channel), RESHAPE, FULLY_CONNECTED, SOFTMAX.

    Example:
        >>> from scaledown.compiler.graph import read_graph
        >>> g = read_graph(tiny_int8_tflite())
        >>> g.tensor(g.inputs[0]).shape, g.tensor(g.outputs[0]).shape
        ((1, 4, 4, 1), (1, 3))
    """
    rng = np.random.default_rng(0)
    tensors = [
        TensorDef("image", (1, 4, 4, 1), scales=(0.02,), zero_points=(-3,)),
        TensorDef("conv/filter", (2, 3, 3, 1), scales=(0.01, 0.02), axis=0,
                  data=rng.integers(-127, 128, (2, 3, 3, 1))),
        TensorDef("conv/bias", (2,), "int32", scales=(0.0002, 0.0004), axis=0,
                  data=np.array([100, -50])),
        TensorDef("conv/out", (1, 2, 2, 2), scales=(0.05,), zero_points=(-128,)),
        TensorDef("flatten/shape", (2,), "int32", data=np.array([1, 8])),
        TensorDef("flatten", (1, 8), scales=(0.05,), zero_points=(-128,)),
        TensorDef("dense/weights", (3, 8), scales=(0.015,), data=rng.integers(-127, 128, (3, 8))),
        TensorDef("dense/bias", (3,), "int32", scales=(0.00075,), data=np.array([10, 0, -10])),
        TensorDef("logits", (1, 3), scales=(0.1,), zero_points=(4,)),
        TensorDef("probabilities", (1, 3), scales=(1 / 256,), zero_points=(-128,)),
    ]
    ops = [
        OpDef("CONV_2D", [0, 1, 2], [3], {"padding": "VALID", "stride_w": 1, "stride_h": 1,
                                          "fused_activation_function": "RELU"}),
        OpDef("RESHAPE", [3, 4], [5]),
        OpDef("FULLY_CONNECTED", [5, 6, 7], [8]),
        OpDef("SOFTMAX", [8], [9]),
    ]
    return build_tflite(tensors, ops, [0], [9])
