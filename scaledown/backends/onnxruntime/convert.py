"""Convert ONNX models to OpenVINO (its ONNX frontend) and to TFLite.

ONNX -> TFLite rebuilds the graph in Keras, channels last, and runs
TensorFlow's converter; `to_tflite` says why that route and not onnx2tf.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...errors import ConversionError, first_line
from ...model import Model
from .. import require


def to_openvino(model: Model) -> Model:
    """ONNX -> OpenVINO with ``openvino.convert_model``."""
    ov = require("openvino")
    folder = Path(tempfile.mkdtemp(prefix="scaledown-"))
    try:
        (folder / "model.onnx").write_bytes(model.native.SerializeToString())
        native = ov.convert_model(str(folder / "model.onnx"))
    except Exception as exc:
        first = first_line(exc)
        raise ConversionError(
            "converting this ONNX model to OpenVINO failed",
            why=first,
            fix="check sd.inspect(model) for ops marked 'no' under openvino",
        ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Model(native, "openvino", model.name)

