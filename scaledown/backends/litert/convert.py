"""Convert TFLite models to ONNX (tf2onnx's TFLite reader) and OpenVINO (its TFLite frontend).

Example:
    >>> import scaledown as sd
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> model = sd.load(tiny_dense_tflite())
    >>> to_openvino(model).format
    'openvino'
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

from ...errors import ConversionError, RuntimeNotInstalledError, first_line
from ...model import Model
from .. import require
from ..common.quiet import quiet_tensorflow


def _tmp_file(model: Model) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="scaledown-"))
    path = folder / "model.tflite"
    path.write_bytes(model.native)
    return path


def to_onnx(model: Model, *, opset: int = 17) -> Model:
    """TFLite -> ONNX with ``tf2onnx.convert.from_tflite``."""
    require("onnxruntime")
    quiet_tensorflow()  # tf2onnx imports TensorFlow
    try:
        import tf2onnx
    except ImportError:
        raise RuntimeNotInstalledError.for_extra("tf2onnx", "onnx") from None
    path = _tmp_file(model)
    try:
        with warnings.catch_warnings():  # tf2onnx still uses tf.lite.Interpreter
            warnings.simplefilter("ignore")
            proto, _ = tf2onnx.convert.from_tflite(str(path), opset=opset)
    except Exception as exc:
        first = first_line(exc)
        raise ConversionError(
            "converting this TFLite model to ONNX failed",
            why=f"tf2onnx: {first}",
            fix="check sd.inspect(model) for ops marked 'no' under onnxruntime; "
            "or convert from the original Keras model instead",
        ) from None
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    return Model(proto, "onnx", model.name)


def to_openvino(model: Model) -> Model:
    """TFLite -> OpenVINO with ``openvino.convert_model`` (TFLite frontend)."""
    ov = require("openvino")
    path = _tmp_file(model)
    try:
        native = ov.convert_model(str(path))
    except Exception as exc:
        first = first_line(exc)
        raise ConversionError(
            "converting this TFLite model to OpenVINO failed",
            why=first,
            fix="check sd.inspect(model) for ops marked 'no' under openvino",
        ) from None
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    return Model(native, "openvino", model.name)

