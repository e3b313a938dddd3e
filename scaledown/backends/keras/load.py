"""Read Keras files (``.keras``, ``.h5``) and SavedModel folders.

Legacy ``.h5`` files written by TF 2.x Keras 2 that Keras 3 refuses are read
with ``tf_keras`` instead, without the user having to know. Lambda layers
carry Python code that runs on load, so they are refused unless
``safe_mode=False``; for ``.h5`` files we check the stored config ourselves,
because ``tf_keras`` has no safe mode for them.

Example:
    >>> import keras
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="tiny")
    >>> model = load_object(net)
    >>> model.format, model.name
    ('keras', 'tiny')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import ModelLoadError, UnsafeModelError, first_line
from ...model import Model
from .. import require
from ..common.files import require_file


def _unsafe(path: Path) -> UnsafeModelError:
    return UnsafeModelError(
        f"'{path}' contains a Lambda layer, i.e. Python code that runs when it is loaded",
        why="loading it could execute arbitrary code, so scaledown refuses by default",
        fix="only if you trust where the file came from: sd.load(path, safe_mode=False)",
    )


def _h5_has_lambda(path: Path) -> bool:
    import h5py

    with h5py.File(path, "r") as f:
        config = f.attrs.get("model_config")
    if config is None:
        return False
    text = config.decode() if isinstance(config, bytes) else str(config)
    return (
        '"class_name": "Lambda"' in text
        or "'class_name': 'Lambda'" in text
        or _walk(json.loads(text))
    )


def _walk(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("class_name") == "Lambda" or any(_walk(v) for v in node.values())
    if isinstance(node, list):
        return any(_walk(v) for v in node)
    return False


def _damaged(path: Path, exc: Exception) -> ModelLoadError:
    first = first_line(exc, None)
    return ModelLoadError(
        f"cannot read the Keras model '{path}'",
        why=f"the file looks truncated or corrupt ({type(exc).__name__}: {first[:200]})",
        fix="save or copy the model again; a Keras file must be complete to load",
    )


def _load_h5(path: Path, safe_mode: bool) -> Any:
    try:
        lambda_inside = _h5_has_lambda(path)
    except Exception as exc:  # h5py: OSError for truncated/garbage files
        raise _damaged(path, exc) from None
    if lambda_inside and safe_mode:
        raise _unsafe(path)
    keras = require("keras")  # tensorflow ships keras 3
    import keras as keras3

    del keras
    try:
        return keras3.models.load_model(path, compile=False, safe_mode=safe_mode)
    except Exception as first:  # Keras 3 refuses some TF 2.x Keras 2 files
        try:
            import tf_keras
        except ImportError:
            raise _damaged(path, first) from None
        try:
            return tf_keras.models.load_model(path, compile=False)
        except Exception:
            raise _damaged(path, first) from None


def _load_keras_v3(path: Path, safe_mode: bool) -> Any:
    require("keras")
    import keras

    try:
        return keras.models.load_model(path, compile=False, safe_mode=safe_mode)
    except ValueError as exc:
        if "safe_mode" in str(exc) or "Lambda" in str(exc):
            raise _unsafe(path) from None
        raise _damaged(path, exc) from None
    except Exception as exc:
        raise _damaged(path, exc) from None


def _load_savedmodel(path: Path) -> Any:
    tf = require("keras")
    try:
        return tf.saved_model.load(str(path))
    except Exception as exc:
        raise _damaged(path, exc) from None


def load_path(path: Path, *, safe_mode: bool = True) -> Model:
    """Load a ``.keras``/``.h5`` file or a SavedModel folder."""
    require_file(path)
    if path.is_dir():
        return Model(_load_savedmodel(path), "savedmodel", path.name, path)
    loader = _load_h5 if path.suffix.lower() in {".h5", ".hdf5"} else _load_keras_v3
    return Model(loader(path, safe_mode), "keras", path.stem, path)


def load_bytes(data: bytes, *, name: str = "model") -> Model:
    """Keras models are not loaded from bytes; save them to a file first."""
    from ...errors import UnsupportedFormatError

    raise UnsupportedFormatError(
        "cannot load Keras models from bytes",
        fix="save the model to a .keras file and load that path",
    )


def load_object(obj: Any) -> Model:
    """Wrap an in-memory ``keras.Model`` (Keras 3 or tf_keras)."""
    name = getattr(obj, "name", None) or "keras_model"
    if not getattr(obj, "built", True) or not getattr(obj, "inputs", None):
        raise ModelLoadError(
            f"the Keras model {name!r} has no defined inputs yet",
            why="a Sequential model learns its input shape only when built",
            fix="start it with keras.Input(shape=...), or call model.build((None, ...)) first",
        )
    return Model(obj, "keras", name)


def detects(src: Any) -> str | None:
    """``"keras"`` for an in-memory Keras model (Keras 3, tf_keras or tf.keras), else ``None``.

    Tested by the object's module name, so nothing is imported.

    Example:
        >>> detects(42), detects(b"PK\\x03\\x04")
        (None, None)
    """
    module = type(src).__module__.split(".")[0]
    if module in {"keras", "tf_keras"} or (module == "tensorflow" and hasattr(src, "layers")):
        return "keras"
    return None
