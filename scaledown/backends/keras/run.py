"""Run Keras models and SavedModel signatures.

Keras models run through ``predict_on_batch``, which uses the model's
compiled predict function: an eager ``model(x)`` call is over ten times
slower per batch on TensorFlow, and benchmarks would measure that instead.

Example:
    >>> import keras
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="tiny")
    >>> import numpy as np
    >>> session = open_session(sd.load(net))
    >>> [y.shape for y in session.run([np.ones((3, 4), np.float32)])]
    [(3, 2)]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...model import Model


class Session:
    """Calls the Keras model (or the SavedModel's ``serving_default``) on a batch."""

    def __init__(self, model: Model) -> None:
        self.model = model
        if model.format == "savedmodel":
            self._sig = model.native.signatures["serving_default"]
            self._names = [s.name for s in model.inputs]
            self._out = [s.name for s in model.outputs]

    def run(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        """Run one batch; returns NumPy arrays."""
        if self.model.format == "savedmodel":
            result = self._sig(**dict(zip(self._names, arrays, strict=True)))
            return [np.asarray(result[k]) for k in self._out]
        net = self.model.native
        # Keras 3 warns unless the call matches the structure the model was built with
        as_list = len(arrays) > 1 or isinstance(getattr(net, "input", None), list)
        out: Any = net.predict_on_batch(list(arrays) if as_list else arrays[0])
        outs = out if isinstance(out, (list, tuple)) else [out]
        return [np.asarray(o) for o in outs]


def open_session(model: Model, *, threads: int | None = None) -> Session:
    """Open a session for a Keras model or SavedModel (``threads`` is ignored)."""
    return Session(model)
