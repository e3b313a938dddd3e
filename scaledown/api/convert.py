"""``sd.convert``: move a model between formats on a route that works today.

The routes are data: each backend's declaration maps a target format to a
function (which may itself pass through another format), and the registry
(`scaledown.backends`) answers. An unsupported pair fails before any work
starts, listing the targets that are possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..backends import conversions, converter, formats, model_formats
from ..errors import ConversionError, InputError, ScaleDownError, a_model, first_line
from ..safe_write import scratch_write_error
from .result_check import check_converted

if TYPE_CHECKING:  # annotations only: importing sd.Model loads numpy
    from ..model import Model


def targets() -> tuple[str, ...]:
    """Every format some backend converts to.

    Example:
        >>> targets()
        ('tflite', 'onnx', 'openvino')
    """
    found: dict[str, None] = {}
    for fmt in formats():
        for target in conversions(fmt):
            found.setdefault(target, None)
    return tuple(found)


def routes(fmt: str) -> list[str]:
    """Formats a model of format ``fmt`` can be converted to (itself included)."""
    found = set(conversions(fmt)) | {fmt}
    return sorted(found)


def convert(model: Any, to: str = "tflite") -> Model:
    """Convert a model to ``"tflite"``, ``"onnx"`` or ``"openvino"``.

    Float models stay float: the result agrees with the source to about 1e-5
    (see `scaledown.api.compare.max_abs_diff`). Quantize afterwards with
    `sd.quantize`.

    Args:
        model: A `sd.Model` or anything `sd.load` takes.
        to: Target format.

    Returns:
        A new `sd.Model` in the target format (the same one if
        it already is in that format).

    Raises:
        InputError: ``to`` is not a known format.
        ConversionError: no route from this format to ``to``, the converter
            failed, or its output is not a readable ``to`` model.
        WriteError: the converter's scratch files could not be written (disk full...).
        RuntimeNotInstalledError: a converter needed for the route is missing.

    Example:
        >>> routes("tflite")
        ['onnx', 'openvino', 'tflite']
        >>> routes("keras")
        ['keras', 'onnx', 'openvino', 'tflite']
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> convert(tiny_dense_tflite(), to="keras")
        Traceback (most recent call last):
        ...
        scaledown.errors.ConversionError: cannot convert a tflite model to keras
          why: from tflite scaledown can convert to: onnx, openvino, tflite
          fix: pick one of those targets, or start from the original Keras model
    """
    from .load import load

    if to not in model_formats():
        raise InputError(
            f"to={to!r} is not a model format",
            why=f"scaledown converts to {', '.join(targets())}",
            fix="pass to='tflite', to='onnx' or to='openvino'",
        )
    model = load(model)
    if model.format == to:
        return model
    possible = routes(model.format)
    if to not in possible:
        raise ConversionError(
            f"cannot convert {a_model(model.format)} to {to}",
            why=f"from {model.format} scaledown can convert to: {', '.join(possible)}",
            fix="pick one of those targets, or start from the original Keras model",
        )
    try:
        current = converter(model.format, to)(model)
    except ScaleDownError:
        raise
    except Exception as exc:  # a converter failed without saying so in our words
        disk = scratch_write_error(exc)  # its scratch files: disk full, temp folder read-only
        if disk is not None:
            raise disk from exc
        raise ConversionError(
            f"converting {model.name!r} from {model.format} to {to} failed",
            why=f"{type(exc).__name__}: {first_line(exc)}",
            fix="check that the model runs (model.predict) and sd.inspect(model) for "
                "unsupported ops; or try another target",
        ) from exc
    current.name = model.name
    check_converted(current, to)
    _carry_quantization(model, current)
    return current


def _carry_quantization(source: Model, target: Model) -> None:
    """Give int8 inputs/outputs of the result the source's scale and zero point.

    Converters keep int8 tensors int8 but not every target format records the
    scale where scaledown can read it back (OpenVINO folds it into ops), so
    the values read from the source's own file are carried over.
    """
    from dataclasses import replace

    def merge(src: list, dst: list) -> list:
        if len(src) != len(dst):
            return dst
        return [
            replace(d, scale=s.scale, zero_point=s.zero_point)
            if s.is_quantized and d.scale is None and d.dtype == s.dtype
            else d
            for s, d in zip(src, dst, strict=True)
        ]

    facts = target.facts
    facts.inputs = merge(source.inputs, facts.inputs)
    facts.outputs = merge(source.outputs, facts.outputs)
