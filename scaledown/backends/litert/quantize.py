"""Quantize for LiteRT with TensorFlow's TFLite converter.

int8 is full-integer: ``TFLITE_BUILTINS_INT8`` only, int8 inputs and
outputs, calibrated by feeding the samples as the converter's
``representative_dataset``. The source must be the float Keras model or
SavedModel; the converter cannot re-quantize a ``.tflite`` file.
"""

from __future__ import annotations

from typing import Any

from ...api.calibration import Feed, tracked
from ...model import Model
from .. import require
from ..keras.quantize import _tf, convert_to_tflite

SCHEMES: tuple[str, ...] = ("int8", "dynamic", "float16")
SOURCE_FORMATS: tuple[str, ...] = ("keras", "savedmodel")
TARGET_FORMAT = "tflite"
CONVERT_FIRST = False  # a float .tflite cannot be fed back to the converter


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless TensorFlow and LiteRT import."""
    require("keras")
    require("litert")


def configure(converter: Any, config: Any, feed: Feed | None) -> None:
    """Set the converter's options for ``config.scheme``."""
    tf = _tf()
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if config.scheme == "float16":
        converter.target_spec.supported_types = [tf.float16]
    elif config.scheme == "int8":
        assert feed is not None
        converter.representative_dataset = lambda: tracked(feed, "calibrating (LiteRT)")
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
        # the converter's own switch for per-tensor weight scales
        converter._experimental_disable_per_channel = not config.per_channel


def quantize(model: Model, config: Any, feed: Feed | None) -> Model:
    """Quantize a Keras/SavedModel model into a ``.tflite`` :class:`~scaledown.Model`."""
    data = convert_to_tflite(model, lambda converter: configure(converter, config, feed))
    return Model(native=data, format="tflite", name=model.name)
