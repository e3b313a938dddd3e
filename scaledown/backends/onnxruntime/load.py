"""Read ``.onnx`` files, bytes and ``onnx.ModelProto`` objects.

Example:
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> model = load_bytes(tiny_dense_onnx().SerializeToString(), name="tiny")
    >>> model.format, model.name, [s.shape for s in model.inputs]
    ('onnx', 'tiny', [(None, 4)])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import ModelLoadError, first_line
from ...model import Model
from .. import require
from ..common.files import require_file


def _parse(data: bytes, source: str) -> Any:
    require("onnxruntime")
    try:
        import onnx
    except ImportError:
        from ...errors import RuntimeNotInstalledError

        raise RuntimeNotInstalledError.for_extra("onnx", "onnx") from None
    try:
        proto = onnx.load_model_from_string(data)
        onnx.checker.check_model(proto)
    except Exception as exc:  # protobuf DecodeError, onnx ValidationError
        first = first_line(exc, 200)
        raise ModelLoadError(
            f"{source} is not a valid ONNX model",
            why=f"parsing or checking it failed ({type(exc).__name__}: {first}); "
            "the file is probably truncated or corrupt",
            fix="export or copy the .onnx file again, e.g. sd.convert(model, to='onnx')",
        ) from None
    if not proto.graph.node:
        raise ModelLoadError(
            f"{source} holds an empty ONNX graph",
            why="it has no nodes",
            fix="export the model again",
        )
    return proto


def load_bytes(data: bytes, *, name: str = "model", source: str = "the model bytes") -> Model:
    """Wrap serialized ONNX bytes, checking them with ``onnx.checker``."""
    return Model(_parse(bytes(data), source), "onnx", name)


def load_path(path: Path, *, safe_mode: bool = True) -> Model:
    """Load an ``.onnx`` file (``safe_mode`` has no effect: ONNX holds no code)."""
    require_file(path)
    if path.with_suffix(".onnx.data").exists() or any(path.parent.glob(f"{path.stem}*.data")):
        import onnx  # external weights: let onnx resolve the side files

        try:
            proto = onnx.load(str(path))
        except Exception as exc:
            raise ModelLoadError(
                f"cannot read '{path}'",
                why=str(exc)[:200],
                fix="keep the .onnx file and its .data file together",
            ) from None
        return Model(proto, "onnx", path.stem, path)
    model = load_bytes(path.read_bytes(), name=path.stem, source=f"'{path}'")
    model.path = path
    return model


def load_object(obj: Any) -> Model:
    """Wrap an ``onnx.ModelProto``."""
    return Model(obj, "onnx", obj.graph.name or "onnx_model")


def detects(src: Any) -> str | None:
    """``"onnx"`` for an ``onnx.ModelProto``, or for bytes no other format's signature claims.

    ONNX files have no magic number, so bytes that look like nothing else are
    handed to the ONNX parser, whose error then says what is wrong with them.

    Example:
        >>> detects(b"\\x08\\x08\\x12\\x07tf2onnx"), detects(b"nonsense"), detects(42)
        ('onnx', 'onnx', None)
        >>> detects(b"\\x89HDF\\r\\n\\x1a\\n" + bytes(8)) is None
        True
    """
    from ..common.sniff import HEAD_BYTES, ONNX, sniff

    if isinstance(src, bytes | bytearray | memoryview):
        return "onnx" if sniff(bytes(src[:HEAD_BYTES])) in (None, ONNX) else None
    if type(src).__module__.split(".")[0] == "onnx" and type(src).__name__ == "ModelProto":
        return "onnx"
    return None
