"""Quantize for OpenVINO with NNCF, OpenVINO's own compression framework.

* ``int8``: ``nncf.quantize`` (post-training: FakeQuantize nodes with
  calibrated ranges, plus NNCF's fast bias correction), with per-channel or
  per-tensor weight scales as asked. The result is full-integer at its
  boundary too, like a LiteRT int8 model: its float32 inputs and outputs
  become int8, with scales and zero points calibrated on the same samples the
  way TensorFlow's converter calibrates them (``int8_io.py`` beside this file).
  ``model.predict(float_x)`` quantizes inputs and dequantizes outputs with
  them; raw int8 arrays are accepted as they are. Should OpenVINO fail to
  add that boundary, the NNCF model is returned with its float inputs and
  outputs, with a warning.
* ``float16``: the IR is saved with ``compress_to_fp16=True`` and read back,
  so weights are stored in half precision (OpenVINO decompresses or runs them
  in FP16, depending on the device).

* ``dynamic``: ``nncf.compress_weights`` in its symmetric int8 mode: the
  weights of convolutions and matrix multiplications are stored as int8 with
  one scale per output channel (as the other runtimes do for this scheme) and
  turned back into floats when the model is compiled; activations stay
  float, so no calibration data is needed. NNCF has no per-tensor mode here.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

from ...errors import ConversionError, InputError, RuntimeNotInstalledError, first_line
from ...model import Model
from ...vocabulary.feed import Feed
from .. import require
from ..common.boundary import warn_float_io
from .calibrate_io import calibrated_int8_io


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless openvino and nncf import."""
    require("openvino")
    try:
        import nncf  # noqa: F401
    except ImportError:
        raise RuntimeNotInstalledError.for_extra("nncf", "openvino") from None


def quantize(model: Model, config: Any, feed: Feed | None) -> Model:
    """Quantize an OpenVINO :class:`~scaledown.Model` and return the new one.

    Called by :func:`scaledown.quantize` with ``runtime="openvino"``, which
    builds ``config`` and the calibration ``feed`` (``None`` for float16).

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.api.quantize import config_for
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> half = quantize(sd.load(tiny_relu_openvino()), config_for("float16"), None)
        >>> half.predict(np.array([[1.0, 1.0, -1.0, 0.5]], np.float32))
        array([[0.5 , 2.  , 0.  , 0.25]], dtype=float32)
    """
    import openvino as ov

    native = model.native
    if config.scheme == "float16":
        with tempfile.TemporaryDirectory(prefix="scaledown-ov-") as tmp:
            xml = Path(tmp, "model.xml")
            ov.save_model(native, str(xml), compress_to_fp16=True)
            half = ov.Core().read_model(str(xml))
            # read_model maps the .bin lazily; clone so the temp folder can go
            half = half.clone()
        return Model(native=half, format="openvino", name=model.name)
    if config.scheme == "dynamic":
        return Model(native=_compress_weights(native, config), format="openvino",
                     name=model.name)
    import nncf
    from nncf.quantization.advanced_parameters import (
        AdvancedQuantizationParameters,
        QuantizationParameters,
    )

    assert feed is not None
    items = [s[0] if len(s) == 1 else list(s) for s in feed.samples]
    advanced = AdvancedQuantizationParameters(
        weights_quantization_params=QuantizationParameters(per_channel=config.per_channel)
    )
    with warnings.catch_warnings():
        # NNCF's progress bar asks for ipywidgets in notebooks; the bar still
        # works as text without it, so the warning only alarms a learner.
        warnings.filterwarnings("ignore", message='install "ipywidgets"')
        quantized = nncf.quantize(
            native,
            nncf.Dataset(items),
            preset=nncf.QuantizationPreset.PERFORMANCE,  # symmetric int8, as on MCUs
            subset_size=len(items),
            advanced_parameters=advanced,
        )
    try:
        quantized = calibrated_int8_io(quantized, feed)
    except ConversionError as exc:  # the float-I/O model still runs: say so, keep it
        warn_float_io("OpenVINO", exc.what, stacklevel=3)
    return Model(native=quantized, format="openvino", name=model.name)


def _compress_weights(native: Any, config: Any) -> Any:
    """int8 weights, float activations: NNCF's weight compression, symmetric, per channel."""
    if not config.per_channel:
        raise InputError(
            "OpenVINO's 'dynamic' scheme has no per-tensor mode",
            why="NNCF's weight compression keeps one scale per output channel",
            fix="leave per_channel=True, or use runtime='litert' or 'onnxruntime'",
        )
    import logging

    import nncf

    previous = nncf.common.logging.nncf_logger.level
    nncf.set_log_level(logging.WARNING)  # NNCF prints a statistics table at INFO
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message='install "ipywidgets"')
            return nncf.compress_weights(native.clone(), mode=nncf.CompressWeightsMode.INT8_SYM)
    except nncf.ValidationError as exc:
        raise ConversionError(
            "NNCF could not compress this model's weights",
            why=first_line(exc),
            fix="try scheme='int8' with calibration data, or runtime='litert'",
        ) from None
    finally:
        nncf.set_log_level(previous)
