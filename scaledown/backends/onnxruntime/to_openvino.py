"""ONNX -> OpenVINO with OpenVINO's own ONNX frontend.

Its own module because the Keras backend reaches OpenVINO through ONNX too
(Keras -> ONNX -> OpenVINO), and must not import the ONNX backend's other
routes, which lead back to Keras.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> ir = to_openvino(sd.load(tiny_dense_onnx()))
    >>> ir.format, ir.predict(np.ones((1, 4), np.float32))
    ('openvino', array([[0.6, 0.9]], dtype=float32))
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
