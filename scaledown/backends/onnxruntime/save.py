"""Write ONNX models (a serialized ``onnx.ModelProto``).

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> model = sd.load(tiny_dense_onnx())
    >>> again = sd.load(to_bytes(model))
    >>> again.predict(np.ones((1, 4), np.float32))
    array([[0.6, 0.9]], dtype=float32)
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...model import Model
from ...safe_write import write_file


def to_bytes(model: Model) -> bytes:
    """The serialized ONNX protobuf."""
    return model.native.SerializeToString()


def save(model: Model, path: Path) -> Path:
    """Write ``model`` to a ``.onnx`` file atomically."""
    if path.suffix.lower() != ".onnx":
        raise InputError(
            f"cannot save an ONNX model as '{path.name}'",
            why="ONNX models are written to files ending in .onnx",
            fix=f"use '{path.with_suffix('.onnx')}', or sd.convert(model, to=...) first",
        )
    data = to_bytes(model)
    return write_file(path, data)
