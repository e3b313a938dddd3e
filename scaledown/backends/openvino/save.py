"""Write OpenVINO IR: ``name.xml`` and ``name.bin``, both moved into place together."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ...errors import InputError
from ...model import Model


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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.stem}.", dir=path.parent))
    try:
        xml = tmp / path.name
        ov.save_model(model.native, str(xml), compress_to_fp16=False)
        os.replace(xml.with_suffix(".bin"), path.with_suffix(".bin"))
        os.replace(xml, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path
