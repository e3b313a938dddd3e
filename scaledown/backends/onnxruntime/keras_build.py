"""Rebuild an ONNX graph as a channels-last Keras model, node by node.

The walker keeps, for every ONNX tensor name, either a NumPy constant or a
Keras tensor with its ``perm`` (see `layout`, state in `keras_graph`). The op
handlers live in `keras_ops`; this module reads the graph, checks the input
shapes, and says clearly which node stops the conversion.

Example:
    >>> import numpy as np
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> net, layouts = build_keras(tiny_dense_onnx())
    >>> net.input_shape, layouts
    ((None, 4), [None])
"""

from __future__ import annotations

from typing import Any

from ...errors import ConversionError, UnsupportedOpError
from .. import require
from .keras_graph import LAYOUT_FREE, Graph, Value, check_static
from .keras_ops import HANDLERS, to_perm
from .layout import NHWC, Perm, identity


def _dims(value_info: Any) -> list[int | str | None]:
    dims: list[int | str | None] = []
    for d in value_info.type.tensor_type.shape.dim:
        if d.HasField("dim_value") and d.dim_value > 0:
            dims.append(int(d.dim_value))
        else:
            dims.append(d.dim_param or None)
    return dims


def _input_perm(proto: Any, name: str, rank: int) -> Perm:
    """NCHW image inputs read only by convolution-like ops become NHWC; others keep order."""
    users = [node.op_type for node in proto.graph.node if name in node.input]
    if rank != 4 or not users or not set(users) <= LAYOUT_FREE:
        return identity(rank)
    return NHWC


def build_keras(proto: Any) -> tuple[Any, list[str | None]]:
    """Build a Keras model computing the same function as the ONNX ``proto``.

    Returns:
        The ``keras.Model`` and, per input, the layout its ONNX input had when
        it was turned channels last (``"NCHW"``), else ``None``.

    Raises:
        ConversionError: a dynamic input dimension, or a node whose
            attributes cannot be expressed (named with its op).
        UnsupportedOpError: an ONNX op no handler maps (named with its node).
    """
    require("keras")
    import keras

    graph = Graph(proto)
    inits = set(graph.consts)
    inputs, layouts = [], []
    for vi in proto.graph.input:
        if vi.name in inits:
            continue
        shape = check_static(vi.name, _dims(vi))
        perm = _input_perm(proto, vi.name, len(shape))
        physical = tuple(shape[p] for p in perm)
        tensor = keras.Input(shape=physical[1:], name=_keras_name(vi.name))
        inputs.append(tensor)
        layouts.append("NCHW" if perm == NHWC else None)
        graph.values[vi.name] = Value(tensor, perm, shape)
    for node in proto.graph.node:
        graph.node = node
        handler = HANDLERS.get(node.op_type)
        if handler is None:
            raise UnsupportedOpError(
                f"ONNX op {node.op_type!r} (node {node.name or node.output[0]!r}) has no "
                "TFLite mapping in scaledown",
                why="scaledown rebuilds ONNX graphs from the ops small models use: "
                + ", ".join(sorted(HANDLERS)),
                fix="replace that layer in the source model with one of those, or run the "
                "ONNX file on ONNX Runtime or OpenVINO instead",
            )
        handler(graph, node)
    outputs = []
    for vo in proto.graph.output:
        out = graph.values.get(vo.name)
        if out is None:
            raise ConversionError(
                f"ONNX output {vo.name!r} is a constant",
                why="a model whose output does not depend on its input cannot be converted",
                fix="check the export: the output should be computed from the input",
            )
        outputs.append(to_perm(graph, out, identity(len(out.shape))).tensor)
    net = keras.Model(inputs, outputs if len(outputs) > 1 else outputs[0])
    return net, layouts


def _keras_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return cleaned if cleaned and not cleaned[0].isdigit() else f"input_{cleaned}"
