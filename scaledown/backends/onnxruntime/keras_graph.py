"""The state of one ONNX-to-Keras conversion: constants, built values, the current node.

The walker (`keras_build`) keeps, for every ONNX tensor name, either a NumPy
constant or a Keras tensor with its ``perm`` (see `layout`); the op handlers
(`keras_ops`) read and write them through :class:`Graph`.

Example:
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> graph = Graph(tiny_dense_onnx())
    >>> sorted(graph.consts), graph.is_const("x")
    (['dense/bias', 'dense/kernel'], False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import ConversionError
from .layout import Perm


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
