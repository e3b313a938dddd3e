"""Check that a conversion or quantization gave what was asked for, not a quiet substitute.

Converters can succeed without doing the job: a quantizer may leave every
weight in float32 (TFLite's dynamic-range pass skips small weight tensors),
or calibrate scales that are NaN. :func:`check_converted` and
:func:`check_quantized` read the result itself (its flatbuffer, graph or IR)
and raise a :class:`~scaledown.errors.ConversionError` when it is not in the
target format or does not hold the requested scheme.

What each scheme must show, per format (each backend's declared
``result_check`` reads its own format):

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
from typing import TYPE_CHECKING

from ..backends import result_check
from ..errors import ConversionError, ScaleDownError, a_model, first_line

if TYPE_CHECKING:  # annotations only: importing sd.Model loads numpy
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
        raise _not_format(model, to, f"the result is {a_model(model.format)}")
    check = result_check(to)
    why, _ = check(model, None) if check is not None else (None, [])
    if why is not None:
        raise _not_format(model, to, why)
    try:
        model.facts  # noqa: B018  (reads the whole graph: inputs, ops, weights)
    except ScaleDownError:
        raise
    except Exception as exc:
        raise _not_format(model, to, f"scaledown cannot read the result: "
                                     f"{type(exc).__name__}: {first_line(exc)}") from exc
    return model


def _missing(model: Model, scheme: str) -> str | None:
    """Why ``model`` does not hold ``scheme``, or ``None`` when it does."""
    check = result_check(model.format)
    if check is None:
        return f"scaledown does not quantize into {model.format} models"
    why, scales = check(model, scheme)
    if why is not None:
        return why
    if scheme == "int8":
        scales = [*scales, *(s.scale for s in (*model.inputs, *model.outputs)
                             if s.scale is not None)]
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

