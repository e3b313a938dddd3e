"""Facts about Keras models (layers, params, MACs) and TF SavedModels.

MACs are counted per layer from kernel shapes at batch 1: Dense, Conv1D/2D/3D,
DepthwiseConv, SeparableConv and ConvTranspose; other layers count 0.

Example:
    >>> import keras
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="tiny")
    >>> facts(sd.load(net)).param_count
    10
"""

from __future__ import annotations

from math import prod
from typing import Any

import numpy as np

from ...model import Model
from ...vocabulary.facts import Facts, LayerRow
from ...vocabulary.tensors import TensorSpec


def _dtype_name(dtype: Any) -> str:
    return str(getattr(dtype, "name", dtype)).replace("tf.", "")


def _shape(shape: Any) -> tuple[int | None, ...]:
    if shape is None:
        return ()
    dims = shape.as_list() if hasattr(shape, "as_list") else list(shape)
    return tuple(None if d is None else int(d) for d in dims)


def _spec(tensor: Any, fallback: str) -> TensorSpec:
    name = str(getattr(tensor, "name", "") or fallback).split(":")[0]
    if name.startswith("keras_tensor"):  # Keras 3 auto names say nothing to a reader
        name = fallback
    return TensorSpec(name, _shape(tensor.shape), _dtype_name(tensor.dtype))


def _first_output_shape(layer: Any) -> tuple[int | None, ...] | None:
    try:
        out = layer.output
    except Exception:  # layers shared or never called
        return None
    if isinstance(out, (list, tuple)):
        out = out[0] if out else None
    return _shape(out.shape) if out is not None else None


def _w(layer: Any, attr: str) -> tuple[int, ...] | None:
    var = getattr(layer, attr, None)
    if var is None:
        return None
    return tuple(int(d) for d in var.shape)


def layer_macs(layer: Any, out_shape: tuple[int | None, ...] | None) -> int:
    """Multiply-accumulates of one Keras layer at batch 1."""
    if not out_shape:
        return 0
    out = prod(d or 1 for d in out_shape[1:])
    kind = type(layer).__name__
    try:
        if kind == "SeparableConv2D" or kind == "SeparableConv1D":
            dw, pw = _w(layer, "depthwise_kernel"), _w(layer, "pointwise_kernel")
            spatial = prod(d or 1 for d in out_shape[1:-1])
            return spatial * prod(dw) + out * pw[-2]  # type: ignore[arg-type,index]
        if kind.startswith("DepthwiseConv"):
            k = _w(layer, "kernel") or _w(layer, "depthwise_kernel")
            return out * prod(k[:-2])  # type: ignore[index]
        if kind.endswith("Transpose"):
            k = _w(layer, "kernel")
            in_shape = _shape(layer.input.shape)
            return prod(d or 1 for d in in_shape[1:]) * prod(k[:-1])  # type: ignore[index]
        if kind.startswith("LocallyConnected"):  # kernel: (positions, taps * in, filters)
            k = _w(layer, "kernel")
            return out * k[-2] if k else 0
        if kind.startswith("Conv") or kind == "Dense":
            k = _w(layer, "kernel")
            if k is None:
                return 0
            return out * prod(k[:-1])
    except Exception:  # an unusual layer: count nothing rather than guess
        return 0
    return 0


def _output_names(net: Any) -> list[str]:
    names = list(getattr(net, "output_names", None) or [])
    return (
        names
        if len(names) == len(net.outputs)
        else [f"output_{i}" for i in range(len(net.outputs))]
    )


def _keras_facts(model: Model) -> Facts:
    net = model.native
    rows: list[LayerRow] = []
    peak = 0
    for i, layer in enumerate(net.layers):
        shape = _first_output_shape(layer)
        params = int(layer.count_params()) if getattr(layer, "built", True) else 0
        rows.append(
            LayerRow(i, type(layer).__name__, layer.name, shape, params, layer_macs(layer, shape))
        )
        try:
            ins = layer.input if isinstance(layer.input, (list, tuple)) else [layer.input]
            in_bytes = sum(prod(d or 1 for d in _shape(t.shape)[1:]) * 4 for t in ins)
        except Exception:
            in_bytes = 0
        out_bytes = prod(d or 1 for d in shape[1:]) * 4 if shape else 0
        peak = max(peak, in_bytes + out_bytes)
    weights = list(net.weights)
    nbytes = sum(int(np.prod(w.shape)) * np.dtype(_dtype_name(w.dtype)).itemsize for w in weights)
    size = model.path.stat().st_size if model.path and model.path.is_file() else nbytes
    quantized = any(_dtype_name(w.dtype) in {"int8", "uint8"} for w in weights)
    return Facts(
        inputs=[_spec(t, f"input_{i}") for i, t in enumerate(net.inputs)],
        outputs=[_spec(t, n) for t, n in zip(net.outputs, _output_names(net), strict=False)],
        param_count=int(net.count_params()),
        macs=sum(r.macs for r in rows),
        size_bytes=size,
        is_quantized=quantized,
        layers=rows,
        peak_activation_bytes=peak,
        notes=["peak activation: the largest input+output of one layer at batch 1, float32"],
    )


def _savedmodel_facts(model: Model) -> Facts:
    obj = model.native
    sig = obj.signatures["serving_default"]
    _, kwargs = sig.structured_input_signature
    inputs = [
        TensorSpec(k, _shape(v.shape), _dtype_name(v.dtype)) for k, v in sorted(kwargs.items())
    ]
    outputs = [
        TensorSpec(k, _shape(v.shape), _dtype_name(v.dtype))
        for k, v in sorted(sig.structured_outputs.items())
    ]
    variables = list(getattr(obj, "variables", []) or [])
    params = sum(int(np.prod(v.shape)) for v in variables)
    size = sum(p.stat().st_size for p in model.path.rglob("*") if p.is_file()) if model.path else 0
    return Facts(
        inputs,
        outputs,
        params,
        0,
        size,
        False,
        [],
        notes=["a SavedModel lists no layers; convert it to TFLite to see ops and MACs"],
    )


def facts(model: Model) -> Facts:
    """Facts for a Keras model or a SavedModel."""
    return _savedmodel_facts(model) if model.format == "savedmodel" else _keras_facts(model)
