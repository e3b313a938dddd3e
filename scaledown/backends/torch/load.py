"""Load ``torch.nn.Module`` objects and ``.pt2`` files (``torch.export`` programs) as ONNX.

Example:
    >>> from pathlib import Path
    >>> load_path(Path("missing.pt2"))
    Traceback (most recent call last):
    ...
    scaledown.errors.ModelLoadError: model file not found: 'missing.pt2'
    ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import ModelLoadError, first_line
from ...model import Model
from ..common.files import require_file
from .export import example_tensor, quiet_exporter, to_onnx_proto, torch_module


def _as_onnx(proto: Any, name: str, path: Path | None = None) -> Model:
    model = Model(proto, "onnx", name, path)
    model._cache["source"] = "pytorch"
    return model


def load_object(module: Any, *, example_input: Any = None, name: str | None = None) -> Model:
    """Export a ``torch.nn.Module`` (traced on ``example_input``) to an ONNX `sd.Model`."""
    what = type(module).__name__
    args = example_tensor(example_input, what)
    return _as_onnx(to_onnx_proto(module, args, what), name or what.lower())


def load_path(path: Path, *, safe_mode: bool = True) -> Model:
    """Read a ``.pt2`` file written by ``torch.export.save`` and export it to ONNX.

    ``safe_mode`` has no effect: ``torch.export.load`` reads a serialized graph
    and its weights, not pickled Python code.
    """
    require_file(path)
    torch = torch_module()
    try:
        with quiet_exporter():
            program = torch.export.load(str(path))
    except Exception as exc:
        raise ModelLoadError(
            f"'{path}' is not a torch.export program",
            why=f"torch.export.load failed ({type(exc).__name__}: {first_line(exc, 200)})",
            fix="write the file with torch.export.save(torch.export.export(model, (x,)), "
            "'model.pt2'); files from torch.save are not .pt2 programs",
        ) from None
    return _as_onnx(to_onnx_proto(program, None, f"'{path.name}'"), path.stem, path)


def detects(src: Any) -> str | None:
    """``"pytorch"`` for a ``torch.nn.Module`` (found in the class's bases, nothing imported).

    Example:
        >>> detects(42) is None
        True
    """
    if type(src).__module__.split(".")[0] == "scaledown":
        return None
    if any(c.__module__.startswith("torch.nn") and c.__name__ == "Module"
           for c in type(src).__mro__):
        return "pytorch"
    return None
