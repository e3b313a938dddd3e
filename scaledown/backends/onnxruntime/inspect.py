"""Facts about ONNX models: nodes, initializers, MACs of Conv/Gemm/MatMul.

Shapes come from ``onnx.shape_inference``; symbolic dimensions are ``None``
in ``TensorSpec`` and count as 1 for MACs (batch 1). An int8 input or output
gets its scale and zero point from the graph itself: the DequantizeLinear
that reads the input, the QuantizeLinear that writes the output (what
``sd.quantize(..., runtime="onnxruntime")`` leaves, see ``int8_io``), so a
model loaded back from its ``.onnx`` file reports the same specs.

Example:
    >>> from scaledown.backends.onnxruntime.int8_io import int8_boundary
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx, tiny_qdq_onnx
    >>> f = facts(Model(tiny_dense_onnx(), "onnx"))
    >>> f.param_count, f.macs, f.is_quantized, f.inputs[0].dtype
    (10, 8, False, 'float32')
    >>> f = facts(Model(int8_boundary(tiny_qdq_onnx()), "onnx"))
    >>> f.inputs[0]
    TensorSpec(name='x', shape=(None, 4), dtype='int8', scale=0.015625, zero_point=0)
    >>> f.outputs[0]
    TensorSpec(name='y', shape=(None, 4), dtype='int8', scale=0.03125, zero_point=-128)
"""

from __future__ import annotations

from math import prod
from typing import Any

from ...model import Model
from ...vocabulary.facts import Facts, LayerRow
from ...vocabulary.tensors import TensorSpec


def _dims(type_proto: Any) -> tuple[int | None, ...]:
    shape = type_proto.tensor_type.shape
    return tuple(d.dim_value if d.HasField("dim_value") else None for d in shape.dim)


def _dtype(type_proto: Any) -> str:
    import onnx

    return str(onnx.helper.tensor_dtype_to_np_dtype(type_proto.tensor_type.elem_type))


def _qparams(
    graph: Any, consts: dict[str, Any], name: str, consumer: bool
) -> tuple[float | None, int | None]:
    """Scale/zero point of a QDQ edge next to a graph input/output, if any."""
    import onnx

    layout = {"Reshape", "Transpose", "Identity", "Squeeze", "Unsqueeze", "Flatten"}
    names = {name}
    for _ in range(4):  # follow layout-only ops (tf2onnx adds Reshape/Transpose) a few hops
        edge = [n for n in graph.node if (n.input and n.input[0] in names) if consumer] or [
            n for n in graph.node if (n.output and n.output[0] in names) if not consumer
        ]
        names |= {n.output[0] if consumer else n.input[0] for n in edge if n.op_type in layout}
    for node in graph.node:
        if consumer:  # an int8 input is read by a DequantizeLinear
            hit = node.op_type == "DequantizeLinear" and node.input[0] in names
        else:  # an int8 output is written by a QuantizeLinear
            hit = node.op_type == "QuantizeLinear" and node.output[0] in names
        if hit and len(node.input) >= 2 and node.input[1] in consts:
            scale = float(onnx.numpy_helper.to_array(consts[node.input[1]]).reshape(-1)[0])
            zp = 0
            if len(node.input) > 2 and node.input[2] in consts:
                zp = int(onnx.numpy_helper.to_array(consts[node.input[2]]).reshape(-1)[0])
            return scale, zp
    return None, None


def node_macs(node: Any, shapes: dict[str, tuple[int | None, ...]]) -> int:
    """MACs of one ONNX node at batch 1 (Conv, ConvTranspose, Gemm, MatMul)."""
    out = shapes.get(node.output[0]) if node.output else None
    if not out:
        return 0
    n_out = prod(d or 1 for d in out[1:]) if len(out) > 1 else (out[0] or 1)
    w = shapes.get(node.input[1]) if len(node.input) > 1 else None
    if not w:
        return 0
    if node.op_type in {"Conv", "ConvInteger", "QLinearConv"}:
        wi = 3 if node.op_type == "QLinearConv" else 1
        w = shapes.get(node.input[wi]) or w
        return n_out * prod(d or 1 for d in w[1:])
    if node.op_type == "ConvTranspose":
        x = shapes.get(node.input[0]) or ()
        return prod(d or 1 for d in x[1:]) * prod(d or 1 for d in w[1:])
    if node.op_type in {"Gemm", "MatMul", "MatMulInteger", "QLinearMatMul"}:
        flags = {at.name: at.i for at in node.attribute}
        # K is the shared dimension; read it from the weight, whose shape is
        # always known, else from the activation (QDQ graphs may hide either)
        b = shapes.get(node.input[3 if node.op_type == "QLinearMatMul" else 1]) or ()
        a = shapes.get(node.input[0]) or ()
        k = None
        if len(b) >= 2:
            k = b[-1] if flags.get("transB") else b[-2]
        if k is None and a:
            k = a[-2] if flags.get("transA") and len(a) >= 2 else a[-1]
        return n_out * (k or 1)
    return 0


def _io_spec(graph: Any, consts: dict, vi: Any, *, consumer: bool) -> TensorSpec:
    """A graph input or output as a TensorSpec; only integer tensors carry a scale."""
    import numpy as np

    scale, zp = _qparams(graph, consts, vi.name, consumer=consumer)
    dtype = _dtype(vi.type)
    quantized = np.issubdtype(np.dtype(dtype), np.integer)
    return TensorSpec(
        vi.name, _dims(vi.type), dtype, scale if quantized else None, zp if quantized else None
    )


def facts(model: Model) -> Facts:
    """Facts for an ONNX model.

    Example:
        >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
        >>> [str(s) for s in facts(Model(tiny_dense_onnx(), "onnx")).outputs]
        ['y: ?x2 float32']
    """
    import onnx

    proto = model.native
    try:
        inferred = onnx.shape_inference.infer_shapes(proto)
    except Exception:  # inference is a best effort
        inferred = proto
    graph = inferred.graph
    consts = {t.name: t for t in graph.initializer}
    for node in graph.node:  # Constant nodes hold weights too
        if node.op_type == "Constant" and node.attribute and node.attribute[0].HasField("t"):
            consts[node.output[0]] = node.attribute[0].t
    shapes: dict[str, tuple[int | None, ...]] = {}
    for vi in [*graph.input, *graph.value_info, *graph.output]:
        shapes[vi.name] = _dims(vi.type)
    for name, t in consts.items():
        shapes[name] = tuple(int(d) for d in t.dims)
    inputs = [
        _io_spec(graph, consts, vi, consumer=True) for vi in graph.input if vi.name not in consts
    ]
    outputs = [_io_spec(graph, consts, vi, consumer=False) for vi in graph.output]
    rows = []
    used: set[str] = set()
    for i, node in enumerate(graph.node):
        if node.op_type == "Constant":
            continue
        params = sum(prod(consts[n].dims) for n in node.input if n in consts and n not in used)
        used.update(n for n in node.input if n in consts)
        rows.append(
            LayerRow(
                i,
                node.op_type,
                node.name or (node.output[0] if node.output else ""),
                shapes.get(node.output[0]) if node.output else None,
                int(params),
                node_macs(node, shapes),
            )
        )
    int8 = {onnx.TensorProto.INT8, onnx.TensorProto.UINT8}
    size = model.path.stat().st_size if model.path and model.path.is_file() else proto.ByteSize()
    return Facts(
        inputs=inputs,
        outputs=outputs,
        param_count=int(sum(prod(t.dims) for t in consts.values())),
        macs=sum(r.macs for r in rows),
        size_bytes=int(size),
        is_quantized=any(t.data_type in int8 for t in graph.initializer),
        layers=rows,
        peak_activation_bytes=_peak(graph, shapes, consts, inputs),
    )


def _peak(graph: Any, shapes: dict, consts: dict, inputs: list[TensorSpec]) -> int:
    sizes: dict[str, int] = {}
    first: dict[str, int] = {s.name: -1 for s in inputs}
    last: dict[str, int] = {}
    nodes = [n for n in graph.node if n.op_type != "Constant"]
    for i, node in enumerate(nodes):
        for name in [*node.input, *node.output]:
            if not name or name in consts or name not in shapes:
                continue
            sizes[name] = prod(d or 1 for d in shapes[name]) * 4
            first.setdefault(name, i)
            last[name] = i
    for out in graph.output:
        last[out.name] = len(nodes)
    peak = 0
    for step in range(len(nodes)):
        peak = max(
            peak,
            sum(s for n, s in sizes.items() if first.get(n, step) <= step <= last.get(n, step)),
        )
    return peak
