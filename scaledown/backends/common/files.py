"""Find out what a path holds (writing lives in :mod:`scaledown.safe_write`).

Example:
    >>> detect_format(Path("model.tflite"))
    'tflite'
    >>> detect_format(Path("net.txt"))
    Traceback (most recent call last):
    ...
    scaledown.errors.UnsupportedFormatError: cannot load 'net.txt': unknown extension '.txt'
      why: scaledown reads .keras/.h5/.hdf5 (keras), .tflite (tflite), .onnx (onnx), ...
      fix: export your model to one of those formats, or check the file name
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ModelLoadError, UnsupportedFormatError
from .. import extensions


def _readable() -> str:
    """``.keras/.h5/.hdf5 (keras), .tflite (tflite), ...`` from the declarations."""
    by_format: dict[str, list[str]] = {}
    for ext, fmt in extensions().items():
        by_format.setdefault(fmt, []).append(ext)
    return ", ".join(f"{'/'.join(exts)} ({fmt})" for fmt, exts in by_format.items())


def detect_format(path: Path) -> str:
    """The model format of ``path`` from its extension (or SavedModel folder layout).

    Raises:
        UnsupportedFormatError: an extension or folder scaledown cannot read.
    """
    if path.is_dir():
        if (path / "saved_model.pb").is_file():
            return "savedmodel"
        raise UnsupportedFormatError(
            f"cannot load folder '{path}'",
            why="a SavedModel folder holds saved_model.pb, and this one does not",
            fix="point at the model file itself, or at a folder written by model.export()",
        )
    suffix = path.suffix.lower()
    known = extensions()
    if suffix in known:
        return known[suffix]
    raise UnsupportedFormatError(
        f"cannot load '{path}': unknown extension '{suffix or '(none)'}'",
        why=f"scaledown reads {_readable()} and SavedModel folders",
        fix="export your model to one of those formats, or check the file name",
    )


def require_file(path: Path) -> Path:
    """Return ``path`` if it exists, else raise a ``ModelLoadError`` saying where we looked."""
    if path.exists():
        return path
    near = (
        sorted(p.name for p in path.parent.glob(f"*{path.suffix}"))[:5]
        if path.parent.is_dir()
        else []
    )
    hint = f"; files there with that extension: {', '.join(near)}" if near else ""
    raise ModelLoadError(
        f"model file not found: '{path}'",
        why=f"nothing exists at that path (looked in '{path.parent.resolve()}'{hint})",
        fix="check the spelling and the working folder, or pass an absolute path",
    )
