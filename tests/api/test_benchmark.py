"""sd.benchmark refuses an unknown or unreachable runtime before timing anything."""

from __future__ import annotations

import pytest

import scaledown as sd
from scaledown.backends import runtimes
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.errors import ConversionError, InputError


def test_an_unknown_runtime_is_refused_before_loading() -> None:
    with pytest.raises(InputError, match="unknown runtime 'tflm'") as err:
        sd.benchmark(object(), runtime="tflm", runs=1)
    assert err.value.why.endswith(", ".join(runtimes()))


def test_an_unreachable_runtime_in_a_list_stops_before_the_first_timing() -> None:
    sessions = []

    def runner(model):
        sessions.append(model)
        raise AssertionError("nothing may be timed")

    with pytest.raises(ConversionError, match="the keras runtime cannot run a tflite model") as err:
        sd.benchmark(tiny_dense_tflite(), runtime=["litert", "keras"], runs=1, runner=runner)
    assert "litert, onnxruntime, openvino" in err.value.why and not sessions
