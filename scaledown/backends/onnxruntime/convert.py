"""Convert ONNX models to OpenVINO (its ONNX frontend) and to TFLite.

ONNX -> TFLite rebuilds the graph in Keras, channels last, and runs
TensorFlow's converter; `to_tflite` says why that route and not onnx2tf.
"""

from __future__ import annotations

from collections.abc import Callable

from ...model import Model
from .to_openvino import to_openvino


def to_tflite(model: Model) -> Model:
    """ONNX -> float32 TFLite, NCHW image inputs turned NHWC (see `to_tflite`)."""
    from .to_tflite import to_tflite as rebuild_and_convert

    return rebuild_and_convert(model)


ROUTES: dict[str, Callable[[Model], Model]] = {
    "openvino": to_openvino,
    "tflite": to_tflite,
}
