"""Read ``.tflite`` files and bytes into a `sd.Model`.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> load_bytes(tiny_dense_tflite(), name="tiny").name
    'tiny'
    >>> load_bytes(b"not a model")
    Traceback (most recent call last):
    ...
    scaledown.errors.ModelLoadError: the model bytes is not a TFLite model
    ...
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ModelLoadError
from ...model import Model
from ..common.files import require_file
from .schema import read_model


def load_bytes(data: bytes, *, name: str = "model", source: str = "the model bytes") -> Model:
    """Wrap TFLite flatbuffer bytes, checking that they parse."""
    read_model(data, source=source)
    return Model(native=bytes(data), format="tflite", name=name)


def load_path(path: Path, *, safe_mode: bool = True) -> Model:
    """Load a ``.tflite`` file (``safe_mode`` has no effect: TFLite holds no code)."""
    require_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelLoadError(
            f"cannot read '{path}'", why=str(exc), fix="check the file's permissions"
        ) from None
    model = load_bytes(data, name=path.stem, source=f"'{path}'")
    model.path = path
    return model


def load_object(obj: object) -> Model:
    """TFLite models have no in-memory object other than bytes."""
    return load_bytes(bytes(obj))  # type: ignore[call-overload]


def detects(src: object) -> str | None:
    """``"tflite"`` for bytes carrying the TFLite file identifier, else ``None``.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> detects(tiny_dense_tflite()), detects(b"nonsense"), detects("model.tflite")
        ('tflite', None, None)
    """
    from ..common.sniff import TFLITE, sniff

    if isinstance(src, bytes | bytearray | memoryview) and sniff(bytes(src[:16])) == TFLITE:
        return "tflite"
    return None
