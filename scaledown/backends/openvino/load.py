"""Read OpenVINO IR files (``model.xml`` with ``model.bin`` beside it) and ``openvino.Model``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...errors import ModelLoadError
from ...model import Model
from .. import require
from ..common.files import require_file


def core() -> Any:
    """One shared ``openvino.Core`` (creating it costs ~50 ms)."""
    ov = require("openvino")
    global _CORE
    if _CORE is None:
        _CORE = ov.Core()
    return _CORE


_CORE: Any = None
_LOCATION = re.compile(r"^(Exception from \S+:\d+:?|Check '.*' failed at \S+:\d+:?)\s*$")


def reason(exc: BaseException, limit: int = 200) -> str:
    """The first line of an OpenVINO error that says something, not where in C++ it was.

    OpenVINO's messages open with lines such as ``Exception from
    src/inference/src/cpp/core.cpp:84:``; a learner needs the line after them.

    Example:
        >>> reason(RuntimeError("Exception from src/a.cpp:84:\\nUnable to read the model"))
        'Unable to read the model'
    """
    lines = [line.strip() for line in str(exc).splitlines()]
    useful = [line for line in lines if line and not _LOCATION.match(line)]
    return (useful[0] if useful else type(exc).__name__)[:limit]


def load_path(path: Path, *, safe_mode: bool = True) -> Model:
    """Load an IR ``.xml`` file and its ``.bin`` weights (``safe_mode`` has no effect)."""
    require_file(path)
    weights = path.with_suffix(".bin")
    if not weights.exists():
        raise ModelLoadError(
            f"the weights file '{weights.name}' is missing next to '{path}'",
            why="an OpenVINO IR model is two files: the .xml graph and the .bin weights",
            fix=f"copy '{weights.name}' into '{path.parent}' as well",
        )
    try:
        native = core().read_model(str(path), str(weights))
    except Exception as exc:
        first = reason(exc)
        raise ModelLoadError(
            f"cannot read the OpenVINO model '{path}'",
            why=f"OpenVINO could not parse it ({first}); the .xml or .bin is probably damaged",
            fix="export the model again with sd.convert(model, to='openvino').save('model.xml')",
        ) from None
    return Model(native, "openvino", path.stem, path)


def load_bytes(data: bytes, *, name: str = "model") -> Model:
    """OpenVINO IR is two files, so it is not loaded from bytes."""
    from ...errors import UnsupportedFormatError

    raise UnsupportedFormatError(
        "cannot load OpenVINO IR from bytes",
        fix="save the .xml and .bin files and load the .xml path",
    )


def load_object(obj: Any) -> Model:
    """Wrap an ``openvino.Model``."""
    return Model(obj, "openvino", obj.get_friendly_name() or "openvino_model")


def detects(src: Any) -> str | None:
    """``"openvino"`` for an in-memory ``openvino.Model``, else ``None`` (nothing imported).

    Example:
        >>> detects(42)
    """
    if type(src).__module__.split(".")[0] == "openvino" and type(src).__name__ == "Model":
        return "openvino"
    return None
