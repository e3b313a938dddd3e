"""Check that a conversion or quantization gave what was asked for, not a quiet substitute.

Converters can succeed without doing the job: a quantizer may leave every
weight in float32 (TFLite's dynamic-range pass skips small weight tensors),
or calibrate scales that are NaN. :func:`check_converted` and
:func:`check_quantized` read the result itself (its flatbuffer, graph or IR)
and raise a :class:`~scaledown.errors.ConversionError` when it is not in the
target format or does not hold the requested scheme.

What each scheme must show, per format:

* ``int8``: quantized activations and weights (TFLite: no float tensor in
  any op; ONNX: int8 initializers and QuantizeLinear nodes, or int8 inputs;
  OpenVINO: FakeQuantize nodes), with finite, positive scales (ONNX's
  QuantizeLinear scales, and those of int8 inputs and outputs);
* ``dynamic``: int8 weights;
* ``float16``: float16 weights.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> check_converted(Model(tiny_dense_tflite(), "tflite"), "tflite").format
    'tflite'
    >>> check_quantized(Model(tiny_dense_tflite(), "tflite"), "dynamic")
    Traceback (most recent call last):
    ...
    scaledown.errors.ConversionError: the 'dynamic' result of 'model' is not quantized: ...
      why: ...
      fix: ...
"""

from __future__ import annotations

import math
from collections import Counter

from ..errors import ConversionError, ScaleDownError, first_line
from ..model import Model


def _not_format(model: Model, to: str, why: str) -> ConversionError:
    return ConversionError(
        f"the converter did not produce a {to} model from {model.name!r}",
        why=why,
        fix="report this with the model attached; meanwhile try another target format",
    )


def check_converted(model: Model, to: str) -> Model:
    """Raise unless ``model`` really is a readable model in format ``to``.

    Args:
        model: The result of a conversion.
        to: The format that was asked for.

    Returns:
        ``model``, unchanged.

    Raises:
        ConversionError: the result has another format, or its contents are
            not a model of that format (its inspector cannot read it).

    Example:
        >>> from scaledown.model import Model
        >>> check_converted(Model(b"not a flatbuffer", "tflite"), "tflite")
        Traceback (most recent call last):
        ...
        scaledown.errors.ConversionError: the converter did not produce a tflite model from 'model'
          why: its bytes lack the TFLite file identifier 'TFL3'
          fix: report this with the model attached; meanwhile try another target format
    """
    if model.format != to:
        raise _not_format(model, to, f"the result is a {model.format} model")
    native = model.native
    if to == "tflite" and not (isinstance(native, bytes | bytearray) and native[4:8] == b"TFL3"):
        raise _not_format(model, to, "its bytes lack the TFLite file identifier 'TFL3'")
    if to == "onnx" and type(native).__name__ != "ModelProto":
        raise _not_format(model, to, f"the result is a {type(native).__name__}, not an ONNX "
                                     "ModelProto")
    if to == "openvino" and not hasattr(native, "get_ordered_ops"):
        raise _not_format(model, to, f"the result is a {type(native).__name__}, not an "
                                     "openvino.Model")
    try:
        model.facts  # noqa: B018  (reads the whole graph: inputs, ops, weights)
    except ScaleDownError:
        raise
    except Exception as exc:
        raise _not_format(model, to, f"scaledown cannot read the result: "
                                     f"{type(exc).__name__}: {first_line(exc)}") from exc
    return model


def _tflite_view(model: Model) -> tuple[Counter, Counter, list[float]]:
    """(constant dtypes, activation dtypes, activation scales) of a TFLite model."""
    from ..backends.litert.ops import list_ops

    weights: Counter = Counter()
    activations: Counter = Counter()
    scales: list[float] = []
    for op in list_ops(bytes(model.native)):
        for tensor in (*op.inputs, *op.outputs):
            (weights if tensor.is_constant else activations)[tensor.dtype] += 1
            if not tensor.is_constant and tensor.scale is not None:
                scales.append(float(tensor.scale))
    return weights, activations, scales


def _onnx_view(model: Model) -> tuple[Counter, Counter, list[float]]:
    """(initializer dtypes, op types, QuantizeLinear scales) of an ONNX model."""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    graph = model.native.graph
    init = {t.name: t for t in graph.initializer}
    weights = Counter(TensorProto.DataType.Name(t.data_type).lower() for t in init.values())
    ops = Counter(node.op_type for node in graph.node)
    scales: list[float] = []
    for node in graph.node:
        if node.op_type == "QuantizeLinear" and len(node.input) > 1 and node.input[1] in init:
            scales += np.asarray(numpy_helper.to_array(init[node.input[1]]), float).ravel().tolist()
    return weights, ops, scales


def _openvino_view(model: Model) -> tuple[Counter, Counter]:
    """(constant element types, op types) of an OpenVINO model."""
    weights: Counter = Counter()
    ops: Counter = Counter()
    for node in model.native.get_ordered_ops():
        kind = node.get_type_name()
        ops[kind] += 1
        if kind == "Constant":
            weights[node.get_output_element_type(0).get_type_name()] += 1
    return weights, ops


_INT8 = {"int8", "uint8", "i8", "u8"}
_HALF = {"float16", "f16"}


def _missing(model: Model, scheme: str) -> str | None:
    """Why ``model`` does not hold ``scheme``, or ``None`` when it does."""
    fmt = model.format
    if fmt == "tflite":
        weights, activations, scales = _tflite_view(model)
        if scheme == "int8":
            floats = sorted((set(activations) | set(weights)) & {"float32", "float16"})
            if floats:
                return f"some ops still compute in {', '.join(floats)}"
        elif scheme == "dynamic" and not set(weights) & _INT8:
            return "every weight is still float32"
        elif scheme == "float16" and not set(weights) & _HALF:
            return "no weight is float16"
    elif fmt == "onnx":
        weights, ops, scales = _onnx_view(model)
        quantized_activations = bool(
            {"QuantizeLinear", "QLinearConv", "QLinearMatMul"} & set(ops)
            or any(spec.dtype in _INT8 for spec in model.inputs))
        if scheme == "int8" and not (quantized_activations and set(weights) & _INT8):
            return "it has no int8 weights with quantized activations"
        if scheme == "dynamic" and not set(weights) & _INT8:
            return "every weight is still float32"
        if scheme == "float16" and not set(weights) & _HALF:
            return "no weight is float16"
    elif fmt == "openvino":
        weights, ops = _openvino_view(model)
        scales = []
        if scheme == "int8" and "FakeQuantize" not in ops:
            return "it has no FakeQuantize nodes (its activations stay float)"
        if scheme == "dynamic" and not set(weights) & _INT8:
            return "every weight is still float32"
        if scheme == "float16" and not set(weights) & _HALF:
            return "no weight is float16"
    else:
        return f"scaledown does not quantize into {fmt} models"
    if scheme == "int8":
        scales += [s.scale for s in (*model.inputs, *model.outputs) if s.scale is not None]
        broken = [s for s in scales if not (math.isfinite(s) and s > 0)]
        if broken:
            return f"{len(broken)} quantization scale(s) are not finite positive numbers " \
                   f"(e.g. {broken[0]})"
    return None


def check_quantized(model: Model, scheme: str) -> Model:
    """Raise unless ``model`` really holds ``scheme`` (``int8``, ``dynamic``, ``float16``).

    Args:
        model: The result of a quantizer.
        scheme: The scheme that was asked for.

    Returns:
        ``model``, unchanged.

    Raises:
        ConversionError: the weights or activations are not in the scheme's
            types, or int8 scales are NaN, infinite or zero.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
        >>> x = np.random.default_rng(0).uniform(-1, 1, (16, 4)).astype(np.float32)
        >>> q = sd.quantize(tiny_dense_onnx(), "int8", data=x, runtime="onnxruntime")
        >>> check_quantized(q, "int8") is q
        True
    """
    why = _missing(model, scheme)
    if why is None:
        return model
    fixes = {
        "dynamic": "try scheme='int8' with data= (it quantizes every weight), or "
                   "runtime='onnxruntime'; converters may skip small weight tensors",
        "float16": "try another runtime=, or scheme='dynamic'",
        "int8": "check the calibration data (typical, varied inputs), or try another runtime=",
    }
    raise ConversionError(
        f"the {scheme!r} result of {model.name!r} is not quantized: {why}",
        why=f"the quantizer returned without error, but its output does not hold {scheme} "
            "weights as asked",
        fix=fixes.get(scheme, "try another runtime= or scheme="),
    )

