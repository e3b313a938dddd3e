"""Run ONNX models on ONNX Runtime's CPU execution provider.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> model = sd.load(tiny_dense_onnx())
    >>> open_session(model).run([np.ones((1, 4), np.float32)])
    [array([[0.6, 0.9]], dtype=float32)]
"""

from __future__ import annotations

import numpy as np

from ...errors import InputError, UnsupportedOpError, first_line
from ...model import Model
from .. import require


class Session:
    """One ``onnxruntime.InferenceSession`` reused for every batch."""

    def __init__(self, model: Model, *, threads: int | None = None) -> None:
        ort = require("onnxruntime")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        try:
            self.session = ort.InferenceSession(
                model.native.SerializeToString(), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            text = first_line(exc)
            raise UnsupportedOpError(
                "ONNX Runtime could not load this model",
                why=text,
                fix="check sd.inspect(model) for ops marked 'no' under onnxruntime, or run it "
                "on another runtime (litert, openvino)",
            ) from None
        self._names = [i.name for i in self.session.get_inputs()]

    def run(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        """Run one batch; returns the outputs in graph order."""
        try:
            return list(self.session.run(None, dict(zip(self._names, arrays, strict=True))))
        except Exception as exc:
            if type(exc).__name__ in {"InvalidArgument", "Fail"}:
                raise InputError(
                    "ONNX Runtime refused the input",
                    why=first_line(exc, 300),
                    fix="pass data shaped like model.inputs",
                ) from None
            raise


def open_session(model: Model, *, threads: int | None = None) -> Session:
    """Open an ONNX Runtime session for an ONNX model."""
    return Session(model, threads=threads)
