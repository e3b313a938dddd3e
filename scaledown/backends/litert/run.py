"""Run TFLite models on the LiteRT interpreter (``ai_edge_litert``).

Falls back to ``tf.lite.Interpreter`` only when LiteRT is not installed.

Example:
    >>> import numpy as np
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> s = open_session(Model(tiny_dense_tflite(), "tflite"))
    >>> s.run([np.array([[1, 2, 3, 4]], np.float32)])[0].round(3)
    array([[0.6, 2.4]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import InputError, RuntimeNotInstalledError, UnsupportedOpError
from ...model import Model
from ..common.quiet import silenced_stderr


def interpreter_class() -> Any:
    """LiteRT's ``Interpreter``, or TensorFlow's if LiteRT is missing."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        try:
            from tensorflow.lite import Interpreter  # type: ignore[no-redef]
        except ImportError:
            raise RuntimeNotInstalledError.for_extra("ai-edge-litert", "litert") from None
    return Interpreter


def make_interpreter(data: bytes, *, threads: int | None = None) -> Any:
    """An allocated interpreter, with op errors turned into ``UnsupportedOpError``."""
    cls = interpreter_class()
    try:
        with silenced_stderr():  # LiteRT prints an INFO line per interpreter
            interp = cls(model_content=data, num_threads=threads)
            interp.allocate_tensors()
    except (RuntimeError, ValueError) as exc:
        text = str(exc)
        if "op" in text.lower() and (
            "resolve" in text.lower() or "registration" in text.lower() or "custom" in text.lower()
        ):
            raise UnsupportedOpError(
                "LiteRT cannot run an op in this model",
                why=text.strip().splitlines()[0],
                fix="check sd.inspect(model) for ops marked 'no' under litert, and replace "
                "that layer, or run the model on onnxruntime/openvino",
            ) from None
        raise UnsupportedOpError(
            "LiteRT could not prepare this model",
            why=text.strip().splitlines()[0] if text.strip() else type(exc).__name__,
            fix="re-convert the model with sd.convert(..., to='tflite')",
        ) from None
    return interp


class Session:
    """One interpreter, reused for every batch (the raw loop ``benchmark`` times)."""

    def __init__(self, data: bytes, *, threads: int | None = None) -> None:
        self.interpreter = make_interpreter(data, threads=threads)
        self._in = [d["index"] for d in self.interpreter.get_input_details()]
        self._out = [d["index"] for d in self.interpreter.get_output_details()]
        # bound methods looked up once: a tiny model runs in microseconds, so
        # attribute lookups would show up in sd.benchmark's figures
        self._set = self.interpreter.set_tensor
        self._invoke = self.interpreter.invoke
        self._get = self.interpreter.get_tensor
        if len(self._in) == 1 and len(self._out) == 1:
            self.run = self._one_in_one_out()  # type: ignore[method-assign]

    def _one_in_one_out(self) -> Callable[[list[np.ndarray]], list[np.ndarray]]:
        """``run`` for the common one-in, one-out model: locals only, no loops."""
        set_tensor, invoke, get_tensor = self._set, self._invoke, self._get
        first_in, first_out = self._in[0], self._out[0]

        def run(arrays: list[np.ndarray]) -> list[np.ndarray]:
            try:
                set_tensor(first_in, arrays[0])
            except ValueError as exc:
                raise InputError(
                    "LiteRT refused the input",
                    why=str(exc),
                    fix="pass data shaped like model.inputs",
                ) from None
            invoke()
            return [get_tensor(first_out)]

        return run

    def run(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        """Run one batch of raw arrays (already in the model's dtypes)."""
        set_tensor = self._set
        try:
            for index, array in zip(self._in, arrays, strict=True):
                set_tensor(index, array)
        except ValueError as exc:
            raise InputError(
                "LiteRT refused the input", why=str(exc), fix="pass data shaped like model.inputs"
            ) from None
        self._invoke()
        get = self._get
        return [get(i) for i in self._out]


def open_session(model: Model, *, threads: int | None = None) -> Session:
    """Open a LiteRT session for a TFLite model."""
    return Session(model.native, threads=threads)
