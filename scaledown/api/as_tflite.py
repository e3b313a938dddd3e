"""Any model as TFLite bytes: what the microcontroller verbs take.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> as_tflite(bytearray(tiny_dense_tflite()))[1]
    'model'
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, a_model


def as_tflite(model: Any) -> tuple[bytes, str]:
    """The model as TFLite bytes, and its name (converting other formats).

    ``sd.fit``, ``sd.export`` and ``sd.compile`` all start here: TFLite-Micro
    and the compiler read ``.tflite`` flatbuffers.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> data, name = as_tflite(tiny_dense_tflite())
        >>> data[4:8], name
        (b'TFL3', 'model')
    """
    if isinstance(model, bytes | bytearray | memoryview):
        return bytes(model), "model"
    from .load import load

    handle = load(model)
    if handle.format == "tflite":
        return handle.to_bytes(), handle.name
    try:
        from .convert import convert
    except ImportError as exc:
        raise InputError(
            f"{handle.name} is {a_model(handle.format)}; fit needs a TFLite model",
            why="TFLite-Micro runs .tflite files and sd.convert is not available here",
            fix="convert it first, e.g. with the TFLite converter, then pass the .tflite file",
        ) from exc
    return convert(handle, to="tflite").to_bytes(), handle.name
