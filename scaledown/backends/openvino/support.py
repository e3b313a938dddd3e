"""Which ops of a model OpenVINO can run, asked of OpenVINO's own frontends.

The model is converted with the frontend's ``convert_partially``: ops the
frontend cannot translate stay as framework nodes instead of failing the
whole conversion, so their types are exactly the unsupported ones.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
    >>> model = sd.load(tiny_relu_openvino())
    >>> judge(model)
    ['yes', 'yes']
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...model import Model


def _unsupported(model: Model) -> set[str] | None:
    from openvino.frontend import FrontEndManager

    folder = Path(tempfile.mkdtemp(prefix="scaledown-"))
    try:
        if model.format == "tflite":
            path = folder / "m.tflite"
            path.write_bytes(model.native)
        else:
            path = folder / "m.onnx"
            path.write_bytes(model.native.SerializeToString())
        frontend = FrontEndManager().load_by_framework(model.format)
        converted = frontend.convert_partially(frontend.load(str(path)))
    except Exception:
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    missing: set[str] = set()
    for node in converted.get_ordered_ops():
        if "FrameworkNode" in node.get_type_name():
            attrs = node.get_attributes()
            missing.add(str(attrs.get("type") or attrs.get("op_type") or node.get_friendly_name()))
    return missing


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"``/``"?"`` per layer row, or ``None`` if not applicable."""
    rows = model.facts.layers
    if model.format == "openvino":
        return ["yes"] * len(rows)
    if model.format not in {"tflite", "onnx"}:
        return None
    missing = _unsupported(model)
    if missing is None:
        return ["?"] * len(rows)
    return ["no" if r.kind in missing else "yes" for r in rows]
