"""sd.benchmark on real runtimes and with a fake runner; what it refuses before timing anything."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import digits_tflite

import scaledown as sd
from scaledown.backends import runtimes
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.datasets import mlperf_tiny
from scaledown.errors import ConversionError, InputError


def test_benchmark_real_runtime():
    result = sd.benchmark(mlperf_tiny("kws"), runs=30, warmup=3)
    assert result.runtime == "litert" and result.runs == len(result.latencies_ms) == 30
    assert 0 < result.p50_ms <= result.p90_ms <= result.p99_ms
    assert result.throughput == pytest.approx(1000 / result.mean_ms)
    assert result.size_bytes == 53936 and result.peak_rss_mb > 0
    assert "p50" in str(result)


def test_benchmark_takes_a_runner_and_calls_it_exactly():
    calls = []

    class FakeSession:
        def run(self, arrays):
            calls.append(arrays[0].shape)
            return [np.zeros((1, 2), np.float32)]

    result = sd.benchmark(
        sd.load(digits_tflite()), runs=7, warmup=2, runner=lambda m: FakeSession()
    )
    assert len(calls) == 9 and calls[0] == (1, 8, 8, 1)
    assert result.runs == 7


def test_benchmark_all_runtimes():
    suite = sd.benchmark(digits_tflite(), runtime="all", runs=5, warmup=1)
    assert [r.runtime for r in suite] == ["litert", "onnxruntime", "openvino"]
    assert "openvino" in str(suite)


def test_benchmark_bad_arguments():
    with pytest.raises(InputError, match="runs=0"):
        sd.benchmark(digits_tflite(), runs=0)
    with pytest.raises(InputError, match="unknown runtime 'tensorrt'"):
        sd.benchmark(digits_tflite(), runtime="tensorrt")
    with pytest.raises(ConversionError, match="keras runtime cannot run a tflite") as info:
        sd.benchmark(digits_tflite(), runtime="keras")
    assert "litert, onnxruntime, openvino" in info.value.why


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
