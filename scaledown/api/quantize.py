"""``sd.quantize``: make a model smaller with int8, dynamic-range or float16 weights.

One entry point, one dispatch: the scheme name becomes a
:class:`QuantizeConfig`, and the runtime name picks the backend whose
declaration has a quantizer (`scaledown.backends.quantizers`); that
declaration says what it can do (schemes, the formats it starts from) so an
unsupported combination fails before any work starts.

Example:
    >>> from scaledown.api.quantize import config_for
    >>> config_for("int8").method
    'int8-ptq'
    >>> config_for("int4")
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: unknown quantization scheme 'int4'
      why: scaledown quantizes with: int8, dynamic, float16
      fix: pass scheme='int8' (smallest, needs data=), 'dynamic' or 'float16'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..backends import quantizers, verb_module
from ..backends.declaration import Backend, Quantizer
from ..errors import (
    AlreadyQuantizedError,
    ConversionError,
    InputError,
    ScaleDownError,
    a_model,
    first_line,
)
from ..model import Model
from ..vocabulary.feed import Feed
from .calibration import DEFAULT_SAMPLES, build_feed
from .result_check import check_converted, check_quantized


@dataclass(frozen=True, kw_only=True)
class QuantizeConfig:
    """What to do; built from a scheme name by :func:`config_for`."""

    scheme: str
    """``"int8"``, ``"dynamic"`` or ``"float16"``."""
    method: str
    """The :mod:`scaledown.methods` entry this scheme applies."""
    needs_data: bool
    """True when calibration data is required."""
    per_channel: bool = True
    """One scale per output channel of each weight tensor (int8 only)."""
    calibration_samples: int = DEFAULT_SAMPLES
    """At most this many calibration samples are used."""


SCHEMES: dict[str, QuantizeConfig] = {
    "int8": QuantizeConfig(scheme="int8", method="int8-ptq", needs_data=True),
    "dynamic": QuantizeConfig(scheme="dynamic", method="dynamic-range", needs_data=False),
    "float16": QuantizeConfig(scheme="float16", method="float16", needs_data=False),
}


def config_for(scheme: str, **options: Any) -> QuantizeConfig:
    """Turn a scheme name (and options) into a :class:`QuantizeConfig`.

    Raises:
        InputError: unknown scheme, listing the supported ones.
    """
    try:
        base = SCHEMES[scheme]
    except (KeyError, TypeError):
        raise InputError(
            f"unknown quantization scheme {scheme!r}",
            why=f"scaledown quantizes with: {', '.join(SCHEMES)}",
            fix="pass scheme='int8' (smallest, needs data=), 'dynamic' or 'float16'",
        ) from None
    return replace(base, **options)


def quantizer(runtime: str) -> Backend:
    """The declaration of the backend that quantizes for ``runtime``.

    Raises:
        InputError: unknown runtime, listing the ones that can quantize.

    Example:
        >>> quantizer("litert").quantizer.makes
        'tflite'
    """
    able = quantizers()
    if isinstance(runtime, str) and runtime in able:
        return able[runtime]
    raise InputError(
        f"cannot quantize for runtime {runtime!r}",
        why=f"quantization routes exist for: {', '.join(able)}",
        fix="pass runtime=" + ", ".join(repr(name) for name in able)
            + (" ('litert' makes TFLite files for microcontrollers)" if "litert" in able else ""),
    )


def quantize(
    model: Any,
    scheme: str = "int8",
    *,
    data: Any = None,
    per_channel: bool = True,
    runtime: str = "litert",
    calibration_samples: int = DEFAULT_SAMPLES,
    name: str | None = None,
) -> Model:
    """Quantize a float model for a runtime.

    ``"int8"`` makes a full-integer model (weights and activations in int8,
    calibrated on ``data``); on every runtime its float inputs and outputs
    become int8 too (where the graph allows), and ``model.predict(float_x)``
    converts with the model's own scale and zero point. ``"dynamic"`` stores
    int8 weights only; ``"float16"`` stores half-precision weights. Neither
    needs data.

    Args:
        model: A :class:`~scaledown.Model` or anything :func:`scaledown.load`
            reads (a Keras model, a path...).
        scheme: ``"int8"``, ``"dynamic"`` or ``"float16"``.
        data: Calibration inputs for ``"int8"``: an array ``(n, *input_shape)``,
            ``(x, y)``, a generator (of samples or batches), a
            ``tf.data.Dataset``, or TensorFlow's ``representative_dataset``
            function. A few hundred typical inputs are enough.
        per_channel: One scale per output channel of each weight tensor
            (more accurate); ``False`` uses one scale per tensor. In a
            ``.tflite`` file each channel costs 12 bytes (a float32 scale and
            an int64 zero point) on its weights and again on its bias, which
            shows on small models: MLPerf Tiny's ResNet-8 (78.7k parameters)
            is 0.307x its float file per channel and 0.282x per tensor
            (``bench/framework_quality.py``).
        runtime: ``"litert"`` (a ``.tflite`` file), ``"onnxruntime"`` (QDQ
            ``.onnx`` with int8 inputs and outputs) or ``"openvino"`` (IR,
            quantized by NNCF, with int8 inputs and outputs).
        calibration_samples: Use at most this many samples of ``data``.
        name: Name of the result (default: the model's name plus the scheme).

    Returns:
        A new :class:`~scaledown.Model` in the runtime's format.

    Raises:
        InputError: unknown scheme or runtime, or a combination the runtime
            does not support (the message lists what it supports).
        CalibrationError: ``data`` is missing, empty or of the wrong shape.
        AlreadyQuantizedError: the model already holds int8 weights.
        RuntimeNotInstalledError: the runtime or its quantization tool is missing.
        WriteError: the quantizer's scratch files could not be written (disk full...).
        ConversionError: the runtime's quantizer failed, or returned a model
            that does not hold the scheme (e.g. float32 weights left for
            ``"dynamic"``, NaN scales for ``"int8"``).

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> sd.quantize(tiny_dense_tflite(), "dynamic", runtime="openvino", per_channel=False)
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: OpenVINO's 'dynamic' scheme has no per-tensor mode
          why: NNCF's weight compression keeps one scale per output channel
          fix: leave per_channel=True, or use runtime='litert' or 'onnxruntime'
    """
    config = config_for(scheme, per_channel=bool(per_channel),
                        calibration_samples=int(calibration_samples))
    declared = quantizer(runtime)
    plan = declared.quantizer
    assert plan is not None  # quantizers() lists only backends with one
    if config.scheme not in plan.schemes:
        raise InputError(
            f"runtime {runtime!r} cannot apply scheme {scheme!r}",
            why=f"{runtime} supports: {', '.join(plan.schemes)}",
            fix="pick one of those schemes, or another runtime: "
                + ", ".join(f"{r}" for r in quantizers() if r != runtime),
        )
    backend = verb_module(declared.name, "quantize")
    backend.require_tools()
    from .load import load

    source = load(model)
    if source.is_quantized:
        raise AlreadyQuantizedError(
            f"model {source.name!r} is already quantized (its weights are 8-bit integers)",
            why="quantizing again would stack rounding errors and lose accuracy",
            fix="quantize the original float model (the Keras model or float file) instead",
        )
    feed: Feed | None = None
    if config.needs_data:
        feed = build_feed(data, source.inputs, max_samples=config.calibration_samples)
    source = _to_source_format(source, plan, runtime)
    try:
        result = backend.quantize(source, config, feed)
    except ScaleDownError:
        raise
    except Exception as exc:  # a backend tool failed: say which and why, not a stack trace
        from ..safe_write import scratch_write_error

        disk = scratch_write_error(exc)  # its scratch files: disk full, temp folder read-only
        if disk is not None:
            raise disk from exc
        first = first_line(exc)
        raise ConversionError(
            f"{runtime} could not quantize {source.name!r} with scheme {scheme!r}",
            why=f"{type(exc).__name__}: {first}",
            fix="check that the float model runs (model.predict) and that data looks like "
                "its inputs; try another runtime= or scheme=",
        ) from exc
    result.name = name or f"{source.name}-{config.scheme}"
    check_converted(result, plan.makes)
    return check_quantized(result, config.scheme)


def _to_source_format(source: Model, plan: Quantizer, runtime: str) -> Model:
    """Convert the float model into a format the runtime's quantizer reads."""
    if plan.reads(source.format):
        return source
    if plan.convert_first:
        from .convert import convert

        return convert(source, to=plan.makes)
    raise ConversionError(
        f"{runtime} cannot quantize {a_model(source.format)}",
        why=f"its quantizer starts from {', '.join(plan.starts_from)} models",
        fix="quantize the original Keras model: sd.quantize(keras_model, ...)",
    )
