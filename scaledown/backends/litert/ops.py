"""List the operators of a TFLite model, read from its flatbuffer.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> ops = list_ops(tiny_dense_tflite())
    >>> [(op.index, op.name) for op in ops]
    [(0, 'FULLY_CONNECTED')]
    >>> [t.shape for t in ops[0].inputs], ops[0].outputs[0].shape
    ([(1, 4), (2, 4), (2,)], (1, 2))
    >>> ops[0].macs, ops[0].params
    (8, 10)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import Any

from ...vocabulary.tensors import TensorSpec
from .schema import buffer_nbytes, operator_name, read_model, tensor_dtype


@dataclass(frozen=True)
class TensorInfo(TensorSpec):
    """A tensor as an operator sees it (a ``TensorSpec`` plus where it lives).

    Attributes:
        index: Position in the subgraph's tensor table.
        is_constant: True for weights and biases stored in the file.
        per_channel: True when ``scale`` is the first of several per-channel scales.
    """

    index: int = -1
    is_constant: bool = False
    per_channel: bool = False


@dataclass(frozen=True)
class OpInfo:
    """One operator of a TFLite model, in execution order.

    Attributes:
        index: Position in the subgraph's operator list (execution order).
        name: Builtin name such as ``"CONV_2D"``, or the custom op's name.
        inputs: Input tensors (optional inputs that are absent are left out).
        outputs: Output tensors.
        custom: True for a custom (non-builtin) operator.
        version: The operator version the file asks for.
    """

    index: int
    name: str
    inputs: list[TensorInfo]
    outputs: list[TensorInfo]
    custom: bool = False
    version: int = 1
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def params(self) -> int:
        """Elements of the constant inputs (weights and biases)."""
        return sum(prod(t.shape) for t in self.inputs if t.is_constant)

    @property
    def macs(self) -> int:
        """Multiply-accumulates of this op (0 for ops without a weight product)."""
        return _macs(self)


def tensor_info(graph: Any, model: Any, data: bytes, index: int) -> TensorInfo:
    """Read tensor ``index`` of a subgraph (schema readers ``graph``/``model``, file ``data``)."""
    t = graph.Tensors(index)
    shape = tuple(int(d) for d in t.ShapeAsNumpy()) if t.ShapeLength() else ()
    scale = zero_point = None
    per_channel = False
    q = t.Quantization()
    if q is not None and q.ScaleLength():
        scale = float(q.Scale(0))
        zero_point = int(q.ZeroPoint(0)) if q.ZeroPointLength() else 0
        per_channel = q.ScaleLength() > 1
    name = t.Name().decode("utf-8", "replace") if t.Name() else f"tensor_{index}"
    return TensorInfo(
        name=name,
        shape=shape,
        dtype=tensor_dtype(t.Type()),
        scale=scale,
        zero_point=zero_point,
        index=index,
        is_constant=buffer_nbytes(model, t.Buffer(), data) > 0,
        per_channel=per_channel,
    )


def list_ops(tflite: bytes, *, subgraph: int = 0) -> list[OpInfo]:
    """The operators of a TFLite model in execution order.

    Args:
        tflite: The flatbuffer bytes of a ``.tflite`` file.
        subgraph: Which subgraph to list (0 is the main graph).

    Returns:
        One ``OpInfo`` per operator.

    Raises:
        ModelLoadError: ``tflite`` is not a readable TFLite flatbuffer.
    """
    data = bytes(tflite)
    model = read_model(data)
    graph = model.Subgraphs(subgraph)
    ops = []
    for i in range(graph.OperatorsLength()):
        op = graph.Operators(i)
        name, is_custom = operator_name(model, op)
        version = int(model.OperatorCodes(op.OpcodeIndex()).Version())
        ins = [tensor_info(graph, model, data, int(k)) for k in op.InputsAsNumpy() if k >= 0]
        outs = [tensor_info(graph, model, data, int(k)) for k in op.OutputsAsNumpy() if k >= 0]
        ops.append(OpInfo(i, name, ins, outs, is_custom, version))
    return ops


def _macs(op: OpInfo) -> int:
    if not op.outputs or len(op.inputs) < 2:
        return 0
    out = prod(d for d in op.outputs[0].shape)
    w = op.inputs[1].shape
    if op.name == "CONV_2D" and len(w) == 4:
        return out * w[1] * w[2] * w[3]
    if op.name == "DEPTHWISE_CONV_2D" and len(w) == 4:
        return out * w[1] * w[2]
    if op.name == "FULLY_CONNECTED" and len(w) == 2:
        return out * w[1]
    if op.name == "CONV_3D" and len(w) == 5:
        return out * w[0] * w[1] * w[2] * w[3]
    if op.name == "TRANSPOSE_CONV" and len(op.inputs) >= 3 and len(w) == 4:
        return prod(op.inputs[2].shape) * w[0] * w[1] * w[2]
    if op.name == "BATCH_MATMUL" and op.inputs[0].shape:
        return out * op.inputs[0].shape[-1]
    return 0


def peak_activation_bytes(
    ops: list[OpInfo], graph_inputs: list[int], graph_outputs: list[int]
) -> int:
    """Largest sum of live activation tensors at any op (a liveness estimate).

    A tensor is live from the op that writes it (graph inputs: from the start)
    to the last op that reads it (graph outputs: to the end). TFLite-Micro's
    arena planner packs tensors into such a plan, so its arena needs at least
    this much, plus scratch buffers.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> peak_activation_bytes(list_ops(tiny_dense_tflite()), [0], [3])
        24
    """
    size: dict[int, int] = {}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    end = len(ops)
    for t in graph_inputs:
        first[t] = -1
    for op in ops:
        for t in op.outputs:
            if not t.is_constant:
                size[t.index] = t.nbytes
                first.setdefault(t.index, op.index)
                last[t.index] = max(last.get(t.index, op.index), op.index)
        for t in op.inputs:
            if not t.is_constant:
                size[t.index] = t.nbytes
                first.setdefault(t.index, op.index)
                last[t.index] = op.index
    for t in graph_outputs:
        last[t] = end
    peak = 0
    for step in range(end):
        live = sum(size.get(t, 0) for t in size if first.get(t, step) <= step <= last.get(t, step))
        peak = max(peak, live)
    return peak
