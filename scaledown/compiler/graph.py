"""Read a ``.tflite`` flatbuffer on the host into plain dataclasses.

The compiler never touches the generated flatbuffer readers after this
module: :func:`read_graph` turns the main subgraph into a :class:`Graph` of
:class:`Tensor` (shape, dtype, quantization, constant bytes) and
:class:`Operator` (name, tensor indices, options as a plain ``dict``).

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> graph = read_graph(tiny_dense_tflite())
    >>> [(op.index, op.name) for op in graph.operators]
    [(0, 'FULLY_CONNECTED')]
    >>> graph.tensor(graph.inputs[0]).shape, graph.tensor(graph.outputs[0]).shape
    ((1, 4), (1, 2))
    >>> graph.operators[0].options["fused_activation_function"]
    'NONE'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import Any

import numpy as np

from ..backends.litert.schema import operator_name, read_model, schema, tensor_dtype

# Options each builtin op carries that the compiler reads: the option table's
# class in the schema, then (our name, the generated getter) pairs.
_OPTION_FIELDS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "CONV_2D": ("Conv2DOptions", (
        ("padding", "Padding"), ("stride_w", "StrideW"), ("stride_h", "StrideH"),
        ("fused_activation_function", "FusedActivationFunction"),
        ("dilation_w", "DilationWFactor"), ("dilation_h", "DilationHFactor"))),
    "DEPTHWISE_CONV_2D": ("DepthwiseConv2DOptions", (
        ("padding", "Padding"), ("stride_w", "StrideW"), ("stride_h", "StrideH"),
        ("depth_multiplier", "DepthMultiplier"),
        ("fused_activation_function", "FusedActivationFunction"),
        ("dilation_w", "DilationWFactor"), ("dilation_h", "DilationHFactor"))),
    "FULLY_CONNECTED": ("FullyConnectedOptions", (
        ("fused_activation_function", "FusedActivationFunction"),
        ("weights_format", "WeightsFormat"), ("keep_num_dims", "KeepNumDims"))),
    "AVERAGE_POOL_2D": ("Pool2DOptions", (
        ("padding", "Padding"), ("stride_w", "StrideW"), ("stride_h", "StrideH"),
        ("filter_w", "FilterWidth"), ("filter_h", "FilterHeight"),
        ("fused_activation_function", "FusedActivationFunction"))),
    "MAX_POOL_2D": ("Pool2DOptions", (
        ("padding", "Padding"), ("stride_w", "StrideW"), ("stride_h", "StrideH"),
        ("filter_w", "FilterWidth"), ("filter_h", "FilterHeight"),
        ("fused_activation_function", "FusedActivationFunction"))),
    "ADD": ("AddOptions", (("fused_activation_function", "FusedActivationFunction"),)),
    "SOFTMAX": ("SoftmaxOptions", (("beta", "Beta"),)),
    "CONCATENATION": ("ConcatenationOptions", (
        ("axis", "Axis"), ("fused_activation_function", "FusedActivationFunction"))),
    "MEAN": ("ReducerOptions", (("keep_dims", "KeepDims"),)),
}
# Enum-valued options, turned into their schema names ("SAME", "RELU6", ...).
_ENUMS = {"padding": "Padding", "fused_activation_function": "ActivationFunctionType",
          "weights_format": "FullyConnectedOptionsWeightsFormat"}


@dataclass(frozen=True)
class Tensor:
    """One tensor of the graph.

    Attributes:
        index: Position in the subgraph's tensor table.
        name: The tensor's name in the file.
        shape: Dimensions (empty for a scalar).
        dtype: NumPy dtype name, e.g. ``"int8"``.
        scales: Quantization scales (float32 values); one per channel when per-channel.
        zero_points: Quantization zero points, as many as ``scales``.
        quantized_dimension: The axis ``scales`` runs along when per-channel.
        data: The constant bytes stored in the file, or ``None`` for an activation.
    """

    index: int
    name: str
    shape: tuple[int, ...]
    dtype: str
    scales: tuple[float, ...] = ()
    zero_points: tuple[int, ...] = ()
    quantized_dimension: int = 0
    data: bytes | None = field(default=None, repr=False)

    @property
    def is_constant(self) -> bool:
        """True for weights and biases stored in the file."""
        return self.data is not None

    @property
    def nbytes(self) -> int:
        """Bytes of the tensor's values."""
        return prod(self.shape) * np.dtype(self.dtype).itemsize

    @property
    def scale(self) -> float:
        """The first (per-tensor) scale; 0.0 when the tensor is not quantized."""
        return self.scales[0] if self.scales else 0.0

    @property
    def zero_point(self) -> int:
        """The first (per-tensor) zero point; 0 when the tensor is not quantized."""
        return self.zero_points[0] if self.zero_points else 0

    def array(self) -> np.ndarray:
        """The constant values as a NumPy array of ``shape`` (constants only)."""
        if self.data is None:
            raise ValueError(f"tensor {self.name!r} is not a constant")
        return np.frombuffer(self.data, dtype=self.dtype).reshape(self.shape)


@dataclass(frozen=True)
class Operator:
    """One operator, in execution order.

    Attributes:
        index: Position in the subgraph's operator list.
        name: Builtin name such as ``"CONV_2D"`` (custom ops: their custom name).
        inputs: Tensor indices; ``-1`` marks an absent optional input.
        outputs: Tensor indices.
        options: The builtin options the compiler reads, enum values as names.
        custom: True for a custom (non-builtin) operator.
    """

    index: int
    name: str
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    options: dict[str, Any] = field(default_factory=dict)
    custom: bool = False


@dataclass(frozen=True)
class Graph:
    """The main subgraph of a TFLite model.

    Attributes:
        tensors: Every tensor, indexed by ``Tensor.index``.
        operators: The operators in execution order.
        inputs: Indices of the graph's input tensors.
        outputs: Indices of the graph's output tensors.
        subgraphs: How many subgraphs the file holds (only the first is read).
    """

    tensors: tuple[Tensor, ...]
    operators: tuple[Operator, ...]
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    subgraphs: int = 1

    def tensor(self, index: int) -> Tensor:
        """The tensor at ``index``."""
        return self.tensors[index]


def _enum_name(enum_class: str, value: int) -> str:
    names = {v: k for k, v in vars(getattr(schema(), enum_class)).items()
             if not k.startswith("_") and isinstance(v, int)}
    return names.get(value, str(value))


def _options(op: Any, name: str) -> dict[str, Any]:
    spec = _OPTION_FIELDS.get(name)
    if spec is None:
        return {}
    class_name, fields = spec
    table = op.BuiltinOptions()
    reader = getattr(schema(), class_name)()
    values: dict[str, Any] = {}
    if table is not None:
        reader.Init(table.Bytes, table.Pos)
    for key, getter in fields:
        value = getattr(reader, getter)() if table is not None else 0
        if key in _ENUMS:
            value = _enum_name(_ENUMS[key], int(value))
        values[key] = value
    if name == "SOFTMAX" and table is None:
        values["beta"] = 1.0
    return values


def _constant(model: Any, index: int, data: bytes) -> bytes | None:
    if index <= 0 or index >= model.BuffersLength():
        return None
    buf = model.Buffers(index)
    if buf.DataLength():
        return buf.DataAsNumpy().tobytes()
    offset, size = int(buf.Offset() or 0), int(buf.Size() or 0)
    if offset > 1 and size:
        return bytes(data[offset : offset + size])
    return None


def _tensor(graph: Any, model: Any, data: bytes, index: int) -> Tensor:
    t = graph.Tensors(index)
    shape = tuple(int(d) for d in t.ShapeAsNumpy()) if t.ShapeLength() else ()
    scales: tuple[float, ...] = ()
    zero_points: tuple[int, ...] = ()
    axis = 0
    q = t.Quantization()
    if q is not None and q.ScaleLength():
        scales = tuple(float(s) for s in q.ScaleAsNumpy())
        zps = [int(z) for z in q.ZeroPointAsNumpy()] if q.ZeroPointLength() else []
        zero_points = tuple(zps or [0] * len(scales))
        axis = int(q.QuantizedDimension())
    name = t.Name().decode("utf-8", "replace") if t.Name() else f"tensor_{index}"
    return Tensor(index, name, shape, tensor_dtype(t.Type()), scales, zero_points, axis,
                  _constant(model, t.Buffer(), data))


def read_graph(tflite: bytes, *, source: str = "the model") -> Graph:
    """Read the main subgraph of a ``.tflite`` file.

    Args:
        tflite: The flatbuffer bytes.
        source: How to call the model in error messages.

    Returns:
        The :class:`Graph`.

    Raises:
        ModelLoadError: the bytes are not a readable TFLite flatbuffer.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> g = read_graph(tiny_dense_tflite())
        >>> weights = g.tensor(g.operators[0].inputs[1])
        >>> weights.is_constant, weights.dtype, weights.array().shape
        (True, 'float32', (2, 4))
    """
    data = bytes(tflite)
    model = read_model(data, source=source)
    graph = model.Subgraphs(0)
    tensors = tuple(_tensor(graph, model, data, i) for i in range(graph.TensorsLength()))
    ops = []
    for i in range(graph.OperatorsLength()):
        op = graph.Operators(i)
        name, is_custom = operator_name(model, op)
        ins = tuple(int(k) for k in op.InputsAsNumpy()) if op.InputsLength() else ()
        outs = tuple(int(k) for k in op.OutputsAsNumpy()) if op.OutputsLength() else ()
        options = {} if is_custom else _options(op, name)
        ops.append(Operator(i, name, ins, outs, options, is_custom))
    return Graph(tensors, tuple(ops),
                 tuple(int(k) for k in graph.InputsAsNumpy()) if graph.InputsLength() else (),
                 tuple(int(k) for k in graph.OutputsAsNumpy()) if graph.OutputsLength() else (),
                 int(model.SubgraphsLength()))
