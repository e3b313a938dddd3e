"""Write OpenVINO IR: ``name.xml`` and ``name.bin``, both moved into place together.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
    >>> model = sd.load(tiny_relu_openvino())
    >>> import pathlib, tempfile
    >>> xml = save(model, pathlib.Path(tempfile.mkdtemp()) / "relu.xml")
    >>> sorted(p.name for p in xml.parent.iterdir())
    ['relu.bin', 'relu.xml']
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...model import Model
from ...safe_write import write_file


def to_bytes(model: Model) -> bytes:
    """OpenVINO IR is two files; there is no single byte string to give."""
    raise InputError(
        "an OpenVINO model has no single-file byte form",
        why="OpenVINO IR is an .xml graph plus a .bin weights file",
        fix="use model.save('model.xml'), which writes both files",
    )


def save(model: Model, path: Path) -> Path:
    """Write ``path`` (.xml) and its .bin beside it; weights are kept in float32."""
    import openvino as ov

    if path.suffix.lower() != ".xml":
        raise InputError(
            f"cannot save an OpenVINO model as '{path.name}'",
            why="OpenVINO IR is written as an .xml file with a .bin beside it",
            fix=f"use '{path.with_suffix('.xml')}'",
        )
    bin_path = path.with_suffix(".bin")

    def both(tmp: Path) -> None:  # ov.save_model writes tmp.xml and tmp.bin
        ov.save_model(model.native, str(tmp), compress_to_fp16=False)

    return write_file(path, both, also=[bin_path])
