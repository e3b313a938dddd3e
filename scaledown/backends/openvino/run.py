"""Run OpenVINO models on the CPU plugin.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
    >>> model = sd.load(tiny_relu_openvino())
    >>> open_session(model).run([np.array([[-1.0, 2.0, 3.0, -4.0]], np.float32)])
    [array([[0., 4., 3., 0.]], dtype=float32)]
"""

from __future__ import annotations

import numpy as np

from ...errors import InputError, UnsupportedOpError, first_line
from ...model import Model
from .load import core, reason


class Session:
    """One compiled model and infer request reused for every batch."""

    def __init__(self, model: Model, *, threads: int | None = None) -> None:
        config = {"INFERENCE_NUM_THREADS": int(threads)} if threads else {}
        config["INFERENCE_PRECISION_HINT"] = "f32"  # keep float results comparable
        try:
            self.compiled = core().compile_model(model.native, "CPU", config)
        except Exception as exc:
            first = first_line(exc)
            raise UnsupportedOpError(
                "OpenVINO could not compile this model for the CPU",
                why=first,
                fix="check sd.inspect(model) for ops marked 'no' under openvino, or run it on "
                "another runtime (litert, onnxruntime)",
            ) from None
        self.request = self.compiled.create_infer_request()
        self._outputs = list(self.compiled.outputs)  # the property builds new objects per call

    def run(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        """Run one batch; returns the outputs in model order."""
        try:
            result = self.request.infer(arrays)
        except Exception as exc:
            raise InputError(
                "OpenVINO refused the input",
                why=reason(exc, 300),
                fix="pass data shaped like model.inputs",
            ) from None
        return [np.array(result[out]) for out in self._outputs]


def open_session(model: Model, *, threads: int | None = None) -> Session:
    """Compile an OpenVINO model for the CPU."""
    return Session(model, threads=threads)
