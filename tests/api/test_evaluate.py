"""sd.evaluate refuses a runtime that cannot run the model, listing those that can."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.errors import ConversionError, InputError


def test_an_unreachable_runtime_lists_the_reachable_ones() -> None:
    x, y = np.zeros((2, 4), np.float32), np.zeros(2, np.int64)
    with pytest.raises(ConversionError, match="the keras runtime cannot run a tflite model") as err:
        sd.evaluate(tiny_dense_tflite(), x, y, runtime="keras")
    assert "runtimes that can run it: litert, onnxruntime, openvino" in err.value.why


def test_an_unknown_runtime_lists_the_known_ones() -> None:
    x, y = np.zeros((2, 4), np.float32), np.zeros(2, np.int64)
    with pytest.raises(InputError, match="unknown runtime 'coreml'"):
        sd.evaluate(tiny_dense_tflite(), x, y, runtime="coreml")
