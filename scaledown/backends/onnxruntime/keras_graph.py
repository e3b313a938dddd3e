"""Rebuild an ONNX graph as a channels-last Keras model, node by node.

The walker keeps, for every ONNX tensor name, either a NumPy constant or a
Keras tensor with its ``perm`` (see `layout`). The op handlers live in
`keras_ops`; this module reads the graph, checks the input shapes, and
says clearly which node stops the conversion.

Example:
    >>> import numpy as np
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> net, layouts = build_keras(tiny_dense_onnx())
    >>> net.input_shape, layouts
    ((None, 4), [None])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import ConversionError, UnsupportedOpError
from .. import require
from .layout import NHWC, Perm, identity


@dataclass
class Value:
    """A Keras tensor standing for an ONNX tensor: ``tensor = transpose(onnx, perm)``."""

    tensor: Any
    perm: Perm
    shape: tuple[int | None, ...]
    """The ONNX (logical) shape; dimension 0 is the batch."""
    rows: Any = None
    """For a flattened channels-last tensor read only by Dense layers: element ``i`` of
    the Keras vector is element ``rows[i]`` of the ONNX one (else ``None``)."""


class Graph:
    """The state of one conversion: constants, built values, and the current node."""

    def __init__(self, proto: Any) -> None:
        from onnx import numpy_helper

        self.proto = proto
        self.consts: dict[str, np.ndarray] = {
            init.name: numpy_helper.to_array(init) for init in proto.graph.initializer
        }
        self.values: dict[str, Value] = {}
        self.node: Any = None
        self.absorbed: set[str] = set()
        """Outputs already made by an earlier handler (an Add folded into a Dense's bias)."""

    def const(self, name: str) -> np.ndarray | None:
        """The constant behind ``name``, or ``None`` when it is computed at run time."""
        return self.consts.get(name)

    def value(self, name: str) -> Value:
        """The Keras value for ``name`` (constants must be asked for with `const`)."""
        return self.values[name]

    def is_const(self, name: str) -> bool:
        """True when ``name`` is a constant (an initializer or a folded node)."""
        return name in self.consts

    def fail(self, why: str, fix: str) -> ConversionError:
        """A conversion error that names the current node."""
        return ConversionError(
            f"cannot convert ONNX node {self.node.name or '(unnamed)'!r} "
            f"(op {self.node.op_type}) to TFLite",
            why=why,
            fix=fix,
        )


def _dims(value_info: Any) -> list[int | str | None]:
    dims: list[int | str | None] = []
    for d in value_info.type.tensor_type.shape.dim:
        if d.HasField("dim_value") and d.dim_value > 0:
            dims.append(int(d.dim_value))
        else:
            dims.append(d.dim_param or None)
    return dims


def check_static(name: str, dims: list[int | str | None]) -> tuple[int | None, ...]:
    """The input's shape with a free batch; raise when another dimension is dynamic.

    Example:
        >>> check_static("x", [1, 3, 8, 8])
        (None, 3, 8, 8)
        >>> check_static("x", ["batch", 3, "height", 8])
        Traceback (most recent call last):
        ...
        scaledown.errors.ConversionError: input 'x' has a dynamic dimension 2 ('height')
          why: TFLite for microcontrollers needs every dimension but the batch fixed (shape ['batch', 3, 'height', 8])
          fix: export the model with a fixed input size, e.g. torch.onnx.export(..., dynamic_axes=None) with an example input of the size you will deploy
    """  # noqa: E501
    for axis, d in enumerate(dims):
        if axis > 0 and not isinstance(d, int):
            label = f" ({d!r})" if d else ""
            raise ConversionError(
                f"input {name!r} has a dynamic dimension {axis}{label}",
                why="TFLite for microcontrollers needs every dimension but the batch fixed "
                f"(shape {dims})",
                fix="export the model with a fixed input size, e.g. torch.onnx.export(..., "
                "dynamic_axes=None) with an example input of the size you will deploy",
            )
    if not dims:
        raise ConversionError(
            f"input {name!r} is a scalar",
            why="scaledown converts models whose inputs have a batch axis",
            fix="export the model with inputs shaped (batch, ...)",
        )
    return (None, *dims[1:])  # type: ignore[return-value]


# ops that work on NHWC as well as on NCHW: an image input only they read can move channels last
LAYOUT_FREE = {"Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
                "BatchNormalization", "Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh",
                "Add", "Sub", "Mul", "Div", "Identity", "Dropout"}


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

    from .keras_ops import HANDLERS

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
        from .keras_ops import to_perm

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
