"""One contract every backend keeps, run on each (LiteRT, ONNX Runtime, OpenVINO, Keras).

The same ResNet-8 from MLPerf Tiny is loaded or converted into each format, so
every backend must also agree with the others on its facts and outputs.
"""

from __future__ import annotations

from functools import cache

import numpy as np

import scaledown as sd
from scaledown.datasets import mlperf_tiny
from scaledown.model import Model, TensorSpec

X = np.random.default_rng(11).random((3, 32, 32, 3), dtype=np.float32)



@cache
def _reference() -> np.ndarray:
    return sd.load(mlperf_tiny("ic", "float")).predict(X)


class BackendContract:
    """What every backend must do. Subclasses say how to get the model and its suffix."""

    fmt: str
    backend: str
    suffix: str

    def model(self) -> Model:  # pragma: no cover - overridden
        raise NotImplementedError

    def test_format_and_backend(self):
        m = self.model()
        assert m.format == self.fmt and m.backend == self.backend

    def test_specs(self):
        m = self.model()
        (inp,), (out,) = m.inputs, m.outputs
        assert isinstance(inp, TensorSpec) and inp.dtype == "float32"
        assert inp.shape[1:] == (32, 32, 3) and out.shape[1:] == (10,)

    def test_facts_agree_with_the_reference(self):
        m = self.model()
        assert m.macs == 12501632
        assert m.param_count >= 77708 and m.size_bytes > 300_000
        assert not m.is_quantized and m.facts.layers

    def test_predict_agrees_with_the_reference(self):
        out = self.model().predict(X)
        assert out.dtype == np.float32 and out.shape == (3, 10)
        assert np.abs(out - _reference()).max() <= 1e-4

    def test_session_runs_raw_batches(self):
        m = self.model()
        batch = m.inputs[0].shape[0] or 1
        outs = m.session().run([X[:batch]])
        assert isinstance(outs, list) and outs[0].shape == (batch, 10)

    def test_save_and_load_round_trip(self, tmp_path):
        m = self.model()
        again = sd.load(m.save(tmp_path / f"model{self.suffix}"))
        assert again.format == self.fmt
        np.testing.assert_allclose(again.predict(X), m.predict(X), atol=1e-6)

    def test_benchmark(self):
        result = sd.benchmark(self.model(), runs=3, warmup=1)
        assert result.runtime == self.backend and len(result.latencies_ms) == 3


class TestLiteRT(BackendContract):
    fmt, backend, suffix = "tflite", "litert", ".tflite"

    def model(self) -> Model:
        return _litert()


class TestOnnxRuntime(BackendContract):
    fmt, backend, suffix = "onnx", "onnxruntime", ".onnx"

    def model(self) -> Model:
        return _onnx()


class TestOpenVINO(BackendContract):
    fmt, backend, suffix = "openvino", "openvino", ".xml"

    def model(self) -> Model:
        return _openvino()


class TestKeras(BackendContract):
    fmt, backend, suffix = "keras", "keras", ".keras"

    def model(self) -> Model:
        return _keras()


@cache
def _litert() -> Model:
    return sd.load(mlperf_tiny("ic", "float"))


@cache
def _onnx() -> Model:
    return sd.convert(_litert(), to="onnx")


@cache
def _openvino() -> Model:
    return sd.convert(_litert(), to="openvino")


@cache
def _keras() -> Model:
    return sd.load(mlperf_tiny("ic", "keras"))
