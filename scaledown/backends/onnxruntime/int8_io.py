"""Give a QDQ int8 ONNX graph int8 inputs and outputs, like a full-integer TFLite model.

ONNX Runtime's ``quantize_static`` (QDQ format) keeps a model's inputs and
outputs float: a QuantizeLinear right after each input (sometimes after a
Reshape or Transpose that tf2onnx put first), a DequantizeLinear right before
each output. :func:`int8_boundary` removes those two ends, so the graph takes
and returns the int8 values themselves:

* an input: its QuantizeLinear nodes go; the input becomes int8 under the
  same name and shape and feeds the DequantizeLinear nodes they fed. Layout
  ops in between (Reshape, Transpose...) now move int8 values, which gives
  the same numbers: rounding commutes with moving values around;
* an output: its DequantizeLinear goes; the QuantizeLinear before it now
  writes the output, under the output's name, as int8.

The scale and zero point stay in the graph, next to each input (on the
DequantizeLinear reading it) and output (on the QuantizeLinear writing it),
where ``inspect`` reads them into the ``TensorSpec``, so
``model.predict(float_x)`` quantizes inputs and dequantizes outputs, also for
a model loaded back from its ``.onnx`` file. An input or output that does not
follow the pattern exactly (read by a float op, never quantized, per-channel
scales) is left float.

Example:
    >>> import numpy as np, scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_qdq_onnx
    >>> model = sd.load(int8_boundary(tiny_qdq_onnx()))
    >>> print(model.inputs[0]); print(model.outputs[0])
    x: ?x4 int8 (scale=0.015625, zero_point=0)
    y: ?x4 int8 (scale=0.03125, zero_point=-128)
    >>> model.predict(np.array([[-1.0, 0.0, 0.5, 1.0]], np.float32))
    array([[0. , 0. , 0.5, 1. ]], dtype=float32)
"""

from __future__ import annotations

from typing import Any

# Ops that only move or relabel values: they give the same result on int8 data.
LAYOUT_OPS = frozenset({"Reshape", "Transpose", "Identity", "Squeeze", "Unsqueeze", "Flatten"})


def int8_boundary(proto: Any) -> Any:
    """A copy of the QDQ model ``proto`` with int8 inputs and outputs where the graph allows.

    The source is not changed. The result passes ``onnx.checker.check_model``
    (which raises if it does not).

    Example:
        >>> from scaledown.backends.onnxruntime.tiny import tiny_qdq_onnx
        >>> proto = int8_boundary(tiny_qdq_onnx(float_output=True))
        >>> [n.op_type for n in proto.graph.node]
        ['DequantizeLinear', 'Relu', 'QuantizeLinear']
        >>> [(v.name, v.type.tensor_type.elem_type) for v in proto.graph.output]
        [('y', 3), ('relu', 1)]

        (3 is ``onnx.TensorProto.INT8``, 1 is ``FLOAT``: ``relu`` was never
        quantized, so it stays float.)
    """
    import onnx

    model = onnx.ModelProto()
    model.CopyFrom(proto)
    graph = model.graph
    if any(a.type in (a.GRAPH, a.GRAPHS) for n in graph.node for a in n.attribute):
        return model  # subgraphs may read any tensor by name: leave such graphs alone
    consts = _constants(graph)
    dropped: list[int] = []
    for vi in graph.input:
        if vi.name not in consts:
            dropped += _fold_input(graph, consts, vi)
    for vi in graph.output:
        dropped += _fold_output(graph, consts, vi)
    for index in sorted(set(dropped), reverse=True):
        del graph.node[index]
    onnx.checker.check_model(model)
    return model


def _constants(graph: Any) -> dict[str, Any]:
    """Initializers and Constant-node tensors by name."""
    consts = {t.name: t for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].HasField("t"):
            consts[node.output[0]] = node.attribute[0].t
    return consts


def _qparams(node: Any, consts: dict[str, Any]) -> tuple[float, int, int] | None:
    """(scale, zero point, integer type) of a per-tensor Q/DQ node; None otherwise."""
    from onnx import numpy_helper

    if len(node.input) < 3 or node.input[1] not in consts or node.input[2] not in consts:
        return None
    scale = numpy_helper.to_array(consts[node.input[1]])
    zero_point = numpy_helper.to_array(consts[node.input[2]])
    if scale.size != 1 or zero_point.size != 1:
        return None  # per-channel: one spec cannot hold it
    return float(scale.item()), int(zero_point.item()), consts[node.input[2]].data_type


def _readers(graph: Any, name: str) -> list[int]:
    return [i for i, n in enumerate(graph.node) if name in n.input]


def _producer(graph: Any, name: str) -> int | None:
    return next((i for i, n in enumerate(graph.node) if name in n.output), None)


def _set_type(graph: Any, name: str, elem_type: int) -> None:
    for vi in graph.value_info:
        if vi.name == name:
            vi.type.tensor_type.elem_type = elem_type


def _drop_value_info(graph: Any, name: str) -> None:
    for i in reversed(range(len(graph.value_info))):
        if graph.value_info[i].name == name:
            del graph.value_info[i]


def _fold_input(graph: Any, consts: dict[str, Any], vi: Any) -> list[int]:
    """Make input ``vi`` int8 if only QuantizeLinear nodes read it; the nodes to drop."""
    boundary = {o.name for o in graph.output}
    quantizers: list[int] = []
    layout: list[str] = []  # tensors between the input and its QuantizeLinear nodes
    todo = [vi.name]
    while todo:
        tensor = todo.pop()
        readers = _readers(graph, tensor)
        if tensor in boundary or not readers:
            return []
        for i in readers:
            node = graph.node[i]
            if node.input[0] != tensor or list(node.input).count(tensor) != 1:
                return []
            if node.op_type == "QuantizeLinear":
                quantizers.append(i)
            elif node.op_type in LAYOUT_OPS and len(node.output) == 1 and len(layout) < 8:
                layout.append(node.output[0])
                todo.append(node.output[0])
            else:
                return []  # a float op reads it: the input must stay float
    params = {_qparams(graph.node[i], consts) for i in quantizers}
    if len(params) != 1 or None in params:
        return []
    (key,) = params
    for i in quantizers:  # the int8 values must go only to matching DequantizeLinear nodes
        q_out = graph.node[i].output[0]
        readers = [graph.node[r] for r in _readers(graph, q_out)]
        if q_out in boundary or not readers or any(
            r.op_type != "DequantizeLinear" or r.input[0] != q_out or _qparams(r, consts) != key
            for r in readers
        ):
            return []
    for i in quantizers:
        source, q_out = graph.node[i].input[0], graph.node[i].output[0]
        for r in _readers(graph, q_out):
            graph.node[r].input[0] = source
        _drop_value_info(graph, q_out)
    vi.type.tensor_type.elem_type = key[2]
    for tensor in layout:
        _set_type(graph, tensor, key[2])
    return quantizers


def _fold_output(graph: Any, consts: dict[str, Any], vi: Any) -> list[int]:
    """Make output ``vi`` int8 if a Q -> DQ pair writes it; the node to drop."""
    d = _producer(graph, vi.name)
    if d is None or graph.node[d].op_type != "DequantizeLinear" or _readers(graph, vi.name):
        return []  # not dequantized here, or a node reads the float value too
    dq = graph.node[d]
    q_out = dq.input[0]
    q = _producer(graph, q_out)
    ends = {v.name for v in [*graph.input, *graph.output]}
    if q is None or graph.node[q].op_type != "QuantizeLinear" or q_out in ends:
        return []
    key = _qparams(dq, consts)
    if key is None or _qparams(graph.node[q], consts) != key:
        return []
    graph.node[q].output[0] = vi.name  # the QuantizeLinear now writes the output itself
    for r in _readers(graph, q_out):
        node = graph.node[r]
        for j, name in enumerate(node.input):
            if name == q_out:
                node.input[j] = vi.name
    _drop_value_info(graph, q_out)
    _drop_value_info(graph, vi.name)
    vi.type.tensor_type.elem_type = key[2]
    return [d]
