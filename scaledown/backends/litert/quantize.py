"""Quantize for LiteRT with TensorFlow's TFLite converter.

int8 is full-integer: ``TFLITE_BUILTINS_INT8`` only, int8 inputs and
outputs, calibrated by feeding the samples as the converter's
``representative_dataset``. The source must be the float Keras model,
SavedModel or ONNX model (rebuilt in Keras by
`scaledown.backends.onnxruntime.to_tflite`); the converter cannot
re-quantize a ``.tflite`` file.

Example:
    LiteRT quantizes Keras models (a float ``.tflite`` cannot go back through
    the converter); ``sd.quantize`` calls this module for ``runtime="litert"``:

    >>> import keras
    >>> import numpy as np
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> tiny = sd.quantize(net, scheme="int8", data=np.random.rand(16, 4).astype("float32"))
    >>> tiny.format, tiny.inputs[0].dtype, tiny.outputs[0].dtype
    ('tflite', 'int8', 'int8')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Model
from ...vocabulary.feed import Feed, tracked
from .. import require
from ..keras.convert import load_tensorflow, tflite_bytes


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless TensorFlow and LiteRT import."""
    require("keras")
    require("litert")


def _samples(feed: Feed, names: list[str]) -> Iterator[Any]:
    """Samples as the calibrator wants them: a list for one input, else a dict by name.

    With several inputs the converted model may order them differently from
    Keras, so they are passed by their signature names instead of by position.
    """
    for sample in tracked(feed, "calibrating (LiteRT)"):
        yield sample if len(sample) == 1 else dict(zip(names, sample, strict=True))


def _signature_names(model: Model, feed: Feed) -> list[str]:
    if model.format == "keras":
        names = [getattr(t, "name", "") for t in getattr(model.native, "inputs", [])]
        if len(names) == len(feed.input_names) and all(names):
            return [n.split(":")[0] for n in names]
    return list(feed.input_names)


def configure(converter: Any, config: Any, feed: Feed | None, names: list[str]) -> None:
    """Set the converter's options for ``config.scheme``."""
    tf = load_tensorflow()
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if config.scheme == "float16":
        converter.target_spec.supported_types = [tf.float16]
    elif config.scheme == "int8":
        assert feed is not None
        converter.representative_dataset = lambda: _samples(feed, names)
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
        # the converter's own switch for per-tensor weight scales
        converter._experimental_disable_per_channel = not config.per_channel


def quantize(model: Model, config: Any, feed: Feed | None) -> Model:
    """Quantize a Keras/SavedModel/ONNX model into a ``.tflite`` :class:`~scaledown.Model`.

    ONNX models are rebuilt in Keras first (NCHW image inputs become NHWC, and
    the calibration samples, checked against the ONNX inputs, move with them).
    """
    if model.format == "onnx":
        from ..onnxruntime.to_tflite import nhwc_feed, source_layouts, to_keras

        model = to_keras(model)
        feed = nhwc_feed(feed, source_layouts(model))
    names = _signature_names(model, feed) if feed is not None else []
    data = tflite_bytes(model, lambda converter: configure(converter, config, feed, names))
    return Model(native=data, format="tflite", name=model.name)
