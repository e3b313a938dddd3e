"""Export PyTorch programs to ONNX with ``torch.onnx.export``, quietly.

The exporter prints its progress, logs warnings about torchvision and raises
long errors; a learner sees none of that, only a scaledown error when the
export fails.

Example:
    >>> example_tensor(None, "MyNet")
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: a PyTorch module needs example_input to be loaded
      why: PyTorch modules do not record their input shape; scaledown traces MyNet once on an example to export it
      fix: pass one input of the size you will deploy, e.g. sd.load(model, example_input=torch.zeros(1, 1, 8, 8)) (batch, channels, height, width)
"""  # noqa: E501

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from ...errors import ConversionError, InputError, RuntimeNotInstalledError, first_line
from .. import require


def torch_module() -> Any:
    """Import ``torch`` or raise with the command that installs the ``torch`` extra."""
    return require("torch")


def _require_onnxscript() -> None:
    try:
        import onnxscript  # noqa: F401  (torch.onnx.export needs it)
    except ImportError:
        raise RuntimeNotInstalledError.for_extra("onnxscript", "torch") from None


@contextlib.contextmanager
def quiet_exporter() -> Iterator[None]:
    """Hide the exporter's progress lines, logged warnings and Python warnings."""
    loggers = [logging.getLogger(n) for n in ("torch.onnx", "torch.export", "torch._dynamo",
                                               "onnxscript", "torch")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with (contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()),
              warnings.catch_warnings()):
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def example_tensor(example: Any, what: str) -> tuple[Any, ...]:
    """``example`` as a tuple of tensors for the exporter (NumPy arrays are accepted)."""
    if example is None:
        raise InputError(
            "a PyTorch module needs example_input to be loaded",
            why="PyTorch modules do not record their input shape; scaledown traces "
            f"{what} once on an example to export it",
            fix="pass one input of the size you will deploy, e.g. sd.load(model, "
            "example_input=torch.zeros(1, 1, 8, 8)) (batch, channels, height, width)",
        )
    torch = torch_module()
    items = example if isinstance(example, (tuple, list)) else (example,)
    out = []
    for item in items:
        if isinstance(item, torch.Tensor):
            out.append(item.detach().float())
            continue
        try:
            import numpy as np

            out.append(torch.from_numpy(np.asarray(item, dtype=np.float32)))
        except Exception:
            raise InputError(
                f"example_input holds a {type(item).__name__}",
                why="the exporter needs tensors (or NumPy arrays) shaped like the model's input",
                fix="pass e.g. example_input=torch.zeros(1, 1, 8, 8)",
            ) from None
    return tuple(out)


def to_onnx_proto(program: Any, args: tuple[Any, ...] | None, what: str) -> Any:
    """Export a module (with ``args``) or an ``ExportedProgram`` to an ``onnx.ModelProto``.

    Raises:
        ConversionError: the exporter failed; its first line is quoted.
    """
    torch = torch_module()
    require("onnxruntime")
    _require_onnxscript()
    if isinstance(program, torch.nn.Module):
        program = program.eval()
    try:
        with quiet_exporter(), torch.no_grad():
            exported = torch.onnx.export(program, args or (), dynamo=True, verbose=False)
    except Exception as exc:
        raise ConversionError(
            f"PyTorch could not export {what} to ONNX",
            why=f"{type(exc).__name__}: {first_line(exc)}",
            fix="check that model(example_input) runs; code that branches on tensor values "
            "or calls NumPy inside forward() cannot be exported",
        ) from None
    return exported.model_proto
