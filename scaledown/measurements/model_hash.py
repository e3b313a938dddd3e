"""The SHA-256 that names a model in result lines and measurement records.

A model file (``.tflite``, ``.onnx``, ...) is hashed as its bytes, so
``sha256sum model.tflite`` gives the same digest. A folder ``sd.compile``
wrote is hashed over its library files (``sd_model.h``, ``sd_model.c``,
``sd_kernels.h``, ``sd_kernels.c``, those present, in that order), each fed as
its name, a zero byte, its length in decimal, a zero byte and its bytes.

Example:
    >>> import hashlib, pathlib, tempfile
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "m.tflite"
    >>> _ = model.write_bytes(b"TFL3")
    >>> model_sha256(model) == hashlib.sha256(b"TFL3").hexdigest()
    True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError

#: The files of a compiled library that its digest covers, in this order.
LIBRARY_FILES = ("sd_model.h", "sd_model.c", "sd_kernels.h", "sd_kernels.c")


def model_sha256(path: str | Path) -> str:
    """SHA-256 (64 lowercase hex digits) of a model file or of a compiled library folder.

    Raises:
        InputError: ``path`` does not exist, or is a folder without ``sd_model.h``.

    Example:
        >>> model_sha256("no/such/model.tflite")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: there is no model at no/such/model.tflite
          fix: pass the .tflite file (or the folder sd.compile wrote) that the board ran
    """
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_file():
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    if path.is_dir():
        if not (path / LIBRARY_FILES[0]).is_file():
            raise InputError(f"{path} is a folder without {LIBRARY_FILES[0]}",
                             why="only a model file or a folder sd.compile wrote has a digest",
                             fix="pass the .tflite file, or the folder sd.compile wrote")
        for name in LIBRARY_FILES:
            if (path / name).is_file():
                data = (path / name).read_bytes()
                digest.update(f"{name}\0{len(data)}\0".encode() + data)
        return digest.hexdigest()
    raise InputError(
        f"there is no model at {path}",
        fix="pass the .tflite file (or the folder sd.compile wrote) that the board ran")
