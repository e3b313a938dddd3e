"""ONNX -> TFLite (float), and the channels-last Keras model behind it.

Why our own graph rebuild and not an off-the-shelf converter (checked in
December 2026 against this project's pins: Python 3.11, TensorFlow 2.21,
onnx 1.23, onnxruntime 1.32, NumPy 2.4, protobuf 7.36):

* onnx2tf, the usual choice and well maintained, pins every dependency to one
  exact version. Its 2.6 releases need Python 3.12 or newer and exactly
  numpy 2.2.6, onnx 1.20.1, onnxruntime 1.26.0 and protobuf 7.35.1; its last
  1.x release pins tensorflow 2.19.0. Neither can be installed beside our
  pinned runtimes, so a learner's ``pip install`` would fail to resolve.
* onnx-tf has had no release since 2022 and targets TensorFlow 2.8-era APIs.
* nobuco and litert-torch start from a PyTorch module, not from an ONNX file,
  so they would not serve learners who arrive with an ``.onnx`` file.

Small models use a small set of ops, so scaledown rebuilds the ONNX graph as
a Keras model, one handler per op (`keras_ops`), turning NCHW images into
NHWC on the way, and hands that model to TensorFlow's own TFLite converter,
the maintained part that already serves every Keras route and every int8
quantization here. An op outside that set fails with its name and its node.

Example:
    >>> import numpy as np, scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> onnx_model = sd.load(tiny_dense_onnx())
    >>> tfl = to_tflite(onnx_model)
    >>> x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    >>> float(np.abs(tfl.predict(x) - onnx_model.predict(x)).max()) < 1e-5
    True
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from ...model import Model


def to_keras(model: Model) -> Model:
    """ONNX -> an in-memory Keras model taking channels-last images.

    The result's ``native`` is a ``keras.Model``; ``_cache["source_layouts"]``
    keeps, per input, the layout the ONNX input had (``"NCHW"`` or ``None``).
    """
    from ..common.quiet import tensorflow_logs_at_warning
    from .keras_build import build_keras

    with contextlib.redirect_stdout(io.StringIO()), tensorflow_logs_at_warning():
        net, layouts = build_keras(model.native)
    keras_model = Model(net, "keras", model.name)
    keras_model._cache["source_layouts"] = layouts
    return keras_model


def source_layouts(model: Model) -> list[str | None]:
    """Per input, ``"NCHW"`` when the Keras copy of an ONNX model moved channels last."""
    return list(model._cache.get("source_layouts", []))


def to_tflite(model: Model) -> Model:
    """ONNX -> float32 TFLite with NHWC image inputs (see the module docstring)."""
    from ..keras.convert import to_tflite as keras_to_tflite

    return keras_to_tflite(to_keras(model))


def nhwc_feed(feed: Any, layouts: list[str | None]) -> Any:
    """Calibration samples checked against NCHW inputs, moved channels last.

    Example:
        >>> import numpy as np
        >>> from scaledown.vocabulary.feed import Feed
        >>> f = Feed([[np.zeros((1, 3, 8, 8), np.float32)]], input_names=("x",))
        >>> nhwc_feed(f, ["NCHW"]).samples[0][0].shape
        (1, 8, 8, 3)
    """
    import numpy as np

    from ...vocabulary.feed import Feed

    if feed is None or not any(layouts):
        return feed
    samples = [
        [np.ascontiguousarray(np.transpose(a, (0, 2, 3, 1))) if lay == "NCHW" else a
         for a, lay in zip(sample, layouts, strict=True)]
        for sample in feed.samples
    ]
    return Feed(samples, feed.input_names)
