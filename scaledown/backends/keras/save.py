"""Write Keras models (``.keras``; ``.h5`` for tf_keras models) and SavedModel folders.

Example:
    >>> import keras
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="tiny")
    >>> import pathlib, tempfile
    >>> path = save(sd.load(net), pathlib.Path(tempfile.mkdtemp()) / "tiny.keras")
    >>> path.name, sd.load(path).format
    ('tiny.keras', 'keras')
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...errors import InputError
from ...model import Model
from ...safe_write import write_file, write_folder


def _is_tf_keras(net: object) -> bool:
    return type(net).__module__.startswith("tf_keras")


def save(model: Model, path: Path) -> Path:
    """Write a Keras model to ``.keras`` (or ``.h5``), or copy a SavedModel folder."""
    if model.format == "savedmodel":
        if path.suffix:
            raise InputError(
                f"cannot save a SavedModel as '{path.name}'",
                why="a SavedModel is a folder",
                fix="pass a folder path without an extension",
            )
        import tensorflow as tf

        return write_folder(path, lambda tmp: tf.saved_model.save(model.native, str(tmp)))
    suffix = path.suffix.lower()
    allowed = {".h5", ".keras"} if _is_tf_keras(model.native) else {".keras", ".h5"}
    if suffix not in allowed:
        raise InputError(
            f"cannot save a Keras model as '{path.name}'",
            why=f"Keras models are written as {' or '.join(sorted(allowed))}",
            fix=f"use '{path.with_suffix('.keras')}', or sd.convert(model, to=...) first",
        )
    return write_file(path, lambda tmp: model.native.save(str(tmp)))


def to_bytes(model: Model) -> bytes:
    """The bytes of the model saved as ``.keras`` (``.h5`` for tf_keras models)."""
    suffix = ".h5" if _is_tf_keras(model.native) else ".keras"
    tmp = Path(tempfile.mkdtemp())
    try:
        if model.format == "savedmodel":
            raise InputError(
                "a SavedModel is a folder and has no single-file byte form",
                fix="use model.save(folder) or sd.convert(model, to='tflite')",
            )
        out = save(model, tmp / f"model{suffix}")
        return out.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
