"""Give an OpenVINO int8 model int8 inputs and outputs, like a full-integer TFLite model.

``nncf.quantize`` keeps a model's inputs and outputs float32. TensorFlow's
converter (``inference_input_type = tf.int8``) instead gives the model int8
inputs and outputs, each with a scale and zero point calibrated on the same
samples as the rest of the model. This module does the same for OpenVINO:

1. :func:`int8_params` turns a calibrated range into TFLite's asymmetric int8
   scale and zero point; outputs are ranged over the quantized model's
   outputs on the calibration samples, inputs over the samples themselves,
   unless NNCF already quantizes the input with a FakeQuantize, whose grid
   is then taken as it is
   (:func:`scaledown.backends.openvino.calibrate_io.calibrated_int8_io`).
2. :func:`int8_boundary` adds the conversions to the graph with OpenVINO's
   own ``PrePostProcessor``: an int8 input is converted to float32, its zero
   point subtracted and the result multiplied by its scale; a float32 output
   is divided by its scale, rounded half to even, shifted by its zero point,
   clamped to [-128, 127] and converted to int8.
3. The scale and zero point of each int8 input and output are kept in the
   model's ``rt_info`` under ``scaledown / io_quantization / <tensor name>``,
   which ``openvino.save_model`` writes into the ``.xml`` and ``read_model``
   reads back. :func:`io_quantization` reads them, so ``inspect`` puts them in
   the ``TensorSpec`` and ``model.predict(float_x)`` quantizes inputs and
   dequantizes outputs, also for a model loaded back from its IR files.

Example:
    >>> import numpy as np, scaledown as sd
    >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
    >>> params = {"x": (1 / 64, 0), "y": (1 / 32, -128)}
    >>> model = sd.load(int8_boundary(tiny_relu_openvino(), params))
    >>> print(model.inputs[0]); print(model.outputs[0])
    x: ?x4 int8 (scale=0.015625, zero_point=0)
    y: ?x4 int8 (scale=0.03125, zero_point=-128)
    >>> model.predict(np.array([[1.0, 1.0, -1.0, 0.5]], np.float32))
    array([[0.5 , 2.  , 0.  , 0.25]], dtype=float32)
    >>> model.session().run([np.array([[64, 64, -64, 32]], np.int8)])
    [array([[-112,  -64, -128, -120]], dtype=int8)]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ...errors import CalibrationError, ConversionError, InputError, first_line

RT_INFO_PATH: tuple[str, ...] = ("scaledown", "io_quantization")
"""Where the int8 inputs' and outputs' scale and zero point live in ``rt_info``."""

QMIN, QMAX = -128, 127
_NEAR_ZERO = np.float32(1e-6)  # TFLite widens a range narrower than this by it on both sides


def int8_params(low: float, high: float) -> tuple[float, int]:
    """TFLite's asymmetric int8 scale and zero point for a calibrated range [low, high].

    The same arithmetic as TensorFlow's converter for int8 activations
    (checked against it on many ranges, the degenerate ones included):

    * the range is widened to include 0, so 0.0 is exactly representable
      (an all-positive range starts at 0, an all-negative one ends at 0);
    * a range narrower than 1e-6 (all zeros) is widened by 1e-6 on both sides;
    * ``scale = (high - low) / 255``, in float32 like the ``.tflite`` file;
    * ``zero_point = round(-128 - low / scale)``, halves rounded away from
      zero, clipped to [-128, 127].

    Real values map to integers as ``real = scale * (q - zero_point)``.

    Args:
        low: Smallest value seen during calibration.
        high: Largest value seen during calibration.

    Returns:
        ``(scale, zero_point)``; ``scale`` is a float32 value held as a float.

    Raises:
        CalibrationError: ``low`` or ``high`` is NaN or infinite, or ``low > high``.

    Example:
        >>> int8_params(0.0, 1.0)  # inputs scaled to [0, 1]
        (0.003921568859368563, -128)
        >>> int8_params(0.5, 2.0)  # all positive: the range still starts at 0
        (0.007843137718737125, -128)
        >>> int8_params(-1.0, 1.0)
        (0.007843137718737125, -1)
        >>> int8_params(-3.0, -2.0)  # all negative: the range still ends at 0
        (0.0117647061124444, 127)
    """
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise CalibrationError(
            f"the calibrated range [{low}, {high}] cannot be quantized",
            why="int8 quantization needs a finite range; the calibration data or the "
            "model's outputs on it hold NaN or infinite values",
            fix="remove NaN and infinite values from data=, and check that the float "
            "model's predictions on it are finite",
        )
    f32 = np.float32
    lo, hi = f32(min(low, 0.0)), f32(max(high, 0.0))
    if f32(hi - lo) <= _NEAR_ZERO:
        lo, hi = f32(lo - _NEAR_ZERO), f32(hi + _NEAR_ZERO)
    scale = float(f32(hi - lo) / f32(QMAX - QMIN))
    zero_point = QMIN - float(lo) / scale
    rounded = math.copysign(math.floor(abs(zero_point) + 0.5), zero_point)
    return scale, int(min(max(rounded, QMIN), QMAX))


def port_name(port: Any, index: int, prefix: str) -> str:
    """The name scaledown gives an input or output port: its first tensor name, sorted.

    Unnamed ports are called ``<prefix>_<index>`` (``input_0``, ``output_1``...).

    Example:
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> [port_name(p, i, "input") for i, p in enumerate(tiny_relu_openvino().inputs)]
        ['x']
    """
    names = sorted(port.get_names())
    return names[0] if names else f"{prefix}_{index}"


def io_quantization(native: Any, name: str) -> tuple[float, int] | None:
    """The ``(scale, zero_point)`` kept in ``native``'s ``rt_info`` for tensor ``name``.

    Returns ``None`` when the model holds none for it (float inputs and
    outputs, IR written by other tools) or holds values that are not numbers.

    Example:
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> model = int8_boundary(tiny_relu_openvino(), {"y": (0.25, -128)})
        >>> io_quantization(model, "y"), io_quantization(model, "x")
        ((0.25, -128), None)
    """
    path = [*RT_INFO_PATH, name]
    try:
        if not (native.has_rt_info([*path, "scale"]) and native.has_rt_info([*path, "zero_point"])):
            return None
        scale = float(str(native.get_rt_info([*path, "scale"]).astype(str)))
        zero_point = int(str(native.get_rt_info([*path, "zero_point"]).astype(str)))
    except (RuntimeError, TypeError, ValueError):
        return None
    return (scale, zero_point) if math.isfinite(scale) and scale > 0 else None


def _dequantize(scale: float) -> Callable[[Any], Any]:
    """Preprocessing step: float32 (q - zero point) -> real value, multiplied exactly."""
    from openvino import opset13 as ops

    return lambda node: ops.multiply(node, ops.constant(np.float32(scale))).output(0)


def _quantize(scale: float, zero_point: int) -> Callable[[Any], Any]:
    """Postprocessing step: real value -> int8, as ``TensorSpec.quantize`` does it.

    Halves round to even, as NumPy does and as TFLite's QUANTIZE kernel did
    on an x86 CPU (its portable reference kernel rounds them away from zero);
    a tie needs a value exactly between two steps. OpenVINO turns the division
    by a constant into a multiplication by its reciprocal, which can move a
    value within one float32 rounding error of a tie to its other side.
    """
    import openvino as ov
    from openvino import opset13 as ops

    def step(node: Any) -> Any:
        steps = ops.round(ops.divide(node, ops.constant(np.float32(scale))), "half_to_even")
        shifted = ops.add(steps, ops.constant(np.float32(zero_point)))
        return ops.convert(ops.clamp(shifted, QMIN, QMAX), ov.Type.i8).output(0)

    return step


def _check_params(name: str, params: Any) -> tuple[float, int]:
    try:
        scale, zero_point = float(params[0]), int(params[1])
    except (TypeError, ValueError, IndexError):
        scale, zero_point = float("nan"), 0
    if not (math.isfinite(scale) and scale > 0 and QMIN <= zero_point <= QMAX):
        raise InputError(
            f"int8 parameters {params!r} for {name!r} are not a (scale, zero point) pair",
            why="the scale must be a positive number and the zero point an integer in "
            "[-128, 127]",
            fix="compute them with int8_params(low, high)",
        )
    return float(np.float32(scale)), zero_point


def int8_boundary(native: Any, params: Mapping[str, tuple[float, int]]) -> Any:
    """A copy of the OpenVINO model ``native`` whose named float32 ports are int8.

    Each input or output whose name (see :func:`port_name`) is a key of
    ``params`` and whose element type is float32 becomes int8, quantized with
    the given ``(scale, zero_point)``; the others are left as they are. The
    source model is not changed.

    Raises:
        InputError: a scale is not positive or a zero point not in [-128, 127].
        ConversionError: OpenVINO could not add the conversions.

    Example:
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> model = int8_boundary(tiny_relu_openvino(), {"x": (1 / 64, 0)})
        >>> [(p.get_any_name(), p.get_element_type().get_type_name()) for p in model.inputs]
        [('x', 'i8')]
        >>> [(p.get_any_name(), p.get_element_type().get_type_name()) for p in model.outputs]
        [('y', 'f32')]
    """
    import openvino as ov
    from openvino.preprocess import PrePostProcessor

    model = native.clone()
    chosen = {name: _check_params(name, value) for name, value in params.items()}
    done: list[str] = []
    try:
        ppp = PrePostProcessor(model)
        for i, port in enumerate(model.inputs):
            name = port_name(port, i, "input")
            if name in chosen and port.get_element_type() == ov.Type.f32:
                scale, zero_point = chosen[name]
                ppp.input(i).tensor().set_element_type(ov.Type.i8)
                # mean() subtracts the zero point exactly; scale() would divide by
                # 1/scale, which is not exactly a multiply, so that step is custom.
                ppp.input(i).preprocess().convert_element_type(ov.Type.f32).mean(
                    float(zero_point)
                ).custom(_dequantize(scale))
                done.append(name)
        for i, port in enumerate(model.outputs):
            name = port_name(port, i, "output")
            if name in chosen and port.get_element_type() == ov.Type.f32:
                ppp.output(i).postprocess().custom(_quantize(*chosen[name]))
                ppp.output(i).tensor().set_element_type(ov.Type.i8)
                done.append(name)
        model = ppp.build()
    except Exception as exc:
        first = first_line(exc)
        raise ConversionError(
            "OpenVINO could not give the model int8 inputs and outputs",
            why=first,
            fix="quantize for another runtime (runtime='litert' or 'onnxruntime'), and report "
            "the model to scaledown",
        ) from None
    for name in done:
        scale, zero_point = chosen[name]
        model.set_rt_info(repr(scale), [*RT_INFO_PATH, name, "scale"])
        model.set_rt_info(str(zero_point), [*RT_INFO_PATH, name, "zero_point"])
    return model


def fake_quantize_grid(port: Any) -> tuple[float, int] | None:
    """The int8 ``(scale, zero_point)`` of the one FakeQuantize reading ``port``, if any.

    NNCF usually quantizes a model input right away: the input feeds a single
    256-level FakeQuantize whose grid runs from ``low`` to ``high``. Taking
    that grid for the int8 input (instead of one calibrated separately) means
    values are rounded once, as in NNCF's own model; a second, slightly
    different grid would round some of them twice. ``None`` when the input
    feeds anything else, or the grid has no integer zero point.

    Example:
        >>> import numpy as np
        >>> import openvino as ov
        >>> from openvino import opset13 as ops
        >>> x = ops.parameter([1, 4], ov.Type.f32, name="x")
        >>> lo, hi = ops.constant(np.float32(0.0)), ops.constant(np.float32(0.9984375))
        >>> fq = ops.fake_quantize(x, lo, hi, lo, hi, 256)
        >>> scale, zero_point = fake_quantize_grid(ov.Model([fq], [x]).inputs[0])
        >>> round(scale * 255, 7), zero_point
        (0.9984375, -128)
    """
    readers = list(port.get_target_inputs())
    if len(readers) != 1:
        return None
    node = readers[0].get_node()
    if node.get_type_name() != "FakeQuantize" or node.get_attributes().get("levels") != 256:
        return None
    bounds = []
    for i in range(1, 5):
        const = node.input_value(i).get_node()
        if const.get_type_name() != "Constant":
            return None
        data = np.asarray(const.get_data(), dtype=np.float32)
        if data.size != 1:
            return None
        bounds.append(data.reshape(()))
    in_low, in_high, out_low, out_high = bounds
    if in_low != out_low or in_high != out_high or not in_high > in_low:
        return None
    scale = np.float32(in_high - in_low) / np.float32(QMAX - QMIN)
    zero_point = QMIN - float(in_low) / float(scale)
    if abs(zero_point - round(zero_point)) > 1e-3 or not QMIN <= round(zero_point) <= QMAX:
        return None
    return float(scale), round(zero_point)
