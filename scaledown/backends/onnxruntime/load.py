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
