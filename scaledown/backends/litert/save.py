"""Write TFLite models: the flatbuffer bytes are the file.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> out = save(Model(tiny_dense_tflite(), "tflite"), Path(tempfile.mkdtemp()) / "m.tflite")
    >>> out.stat().st_size == len(tiny_dense_tflite())
    True
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...model import Model
from ...safe_write import write_file


def to_bytes(model: Model) -> bytes:
    """The flatbuffer bytes."""
    return bytes(model.native)


def save(model: Model, path: Path) -> Path:
    """Write ``model`` to a ``.tflite`` file atomically."""
    if path.suffix.lower() != ".tflite":
        raise InputError(
            f"cannot save a TFLite model as '{path.name}'",
            why="TFLite models are written to files ending in .tflite",
            fix=f"use '{path.with_suffix('.tflite')}', or sd.convert(model, to=...) first",
        )
    return write_file(path, bytes(model.native))
