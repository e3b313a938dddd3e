"""One contract every backend keeps, run on each (LiteRT, ONNX Runtime, OpenVINO, Keras).

The same ResNet-8 from MLPerf Tiny is loaded or converted into each format, so
every backend must also agree with the others on its facts and outputs. Each
subclass also says, as data, which runtimes quantize its models, which formats
it converts to and which support column ``sd.inspect`` fills for it; the
contract checks that each of those works and that everything else is refused
before any work, naming what is possible.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

import scaledown as sd
from scaledown.datasets import mlperf_tiny
from scaledown.errors import ConversionError
from scaledown.model import Model, TensorSpec

X = np.random.default_rng(11).random((3, 32, 32, 3), dtype=np.float32)
QUANTIZING_RUNTIMES = ("litert", "onnxruntime", "openvino")
FORMAT_OF_RUNTIME = {"litert": "tflite", "onnxruntime": "onnx", "openvino": "openvino"}
FORMATS = ("tflite", "onnx", "openvino", "keras")
# Dynamic-range int8 weights move ResNet-8's softmax outputs on X by 0.04 to 0.07
# (measured on these inputs for the three quantizers); the bound leaves room for
# that and still catches a quantizer that returns another model or garbage.
DYNAMIC_TOLERANCE = 0.1



@cache
def _reference() -> np.ndarray:
    return sd.load(mlperf_tiny("ic", "float")).predict(X)


class BackendContract:
    """What every backend must do. Subclasses say how to get the model and its suffix."""

    fmt: str
    backend: str
    suffix: str
    quantized_by: tuple[str, ...]  # runtimes whose quantizer takes this backend's models
    converts_to: tuple[str, ...]   # formats sd.convert reaches from this backend's models
    support_column: str | None     # the column sd.inspect fills for the own runtime

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

    def test_quantize_for_each_runtime_that_takes_it(self):
        for runtime in self.quantized_by:
            tiny = sd.quantize(self.model(), "dynamic", runtime=runtime)
            assert tiny.format == FORMAT_OF_RUNTIME[runtime] and tiny.is_quantized, runtime
            out = tiny.predict(X)
            assert out.shape == (3, 10) and np.isfinite(out).all(), runtime
            assert np.abs(out - _reference()).max() <= DYNAMIC_TOLERANCE, runtime
            assert (out.argmax(1) == _reference().argmax(1)).all(), runtime

    def test_quantize_for_any_other_runtime_is_refused_before_work(self):
        for runtime in sorted(set(QUANTIZING_RUNTIMES) - set(self.quantized_by)):
            with pytest.raises(ConversionError) as info:
                sd.quantize(self.model(), "dynamic", runtime=runtime)
            assert self.fmt in str(info.value), runtime

    def test_convert_to_each_declared_format_agrees(self):
        for target in self.converts_to:
            converted = sd.convert(self.model(), to=target)
            assert converted.format == target
            if target != "keras":
                assert np.abs(converted.predict(X) - _reference()).max() <= 1e-4, target

    def test_convert_to_any_other_format_is_refused_naming_the_possible_ones(self):
        for target in sorted(set(FORMATS) - set(self.converts_to) - {self.fmt}):
            with pytest.raises(ConversionError) as info:
                sd.convert(self.model(), to=target)
            assert all(f in info.value.why for f in self.converts_to), (target, info.value.why)

    def test_support_column_says_every_op_runs(self):
        report = sd.inspect(self.model())
        if self.support_column is None:
            assert report.runtimes == []
            assert any("sd.convert(model, to='tflite')" in n for n in report.notes)
            return
        assert self.support_column in report.runtimes
        assert all(row["support"][self.support_column] == "yes" for row in report.rows)
        assert report.unsupported() == {}


class TestLiteRT(BackendContract):
    fmt, backend, suffix = "tflite", "litert", ".tflite"
    quantized_by = ("onnxruntime", "openvino")  # a float .tflite cannot re-enter the converter
    converts_to = ("onnx", "openvino")
    support_column = "litert"

    def model(self) -> Model:
        return _litert()


class TestOnnxRuntime(BackendContract):
    fmt, backend, suffix = "onnx", "onnxruntime", ".onnx"
    quantized_by = ("litert", "onnxruntime", "openvino")
    converts_to = ("tflite", "openvino")
    support_column = "onnxruntime"

    def model(self) -> Model:
        return _onnx()


class TestOpenVINO(BackendContract):
    fmt, backend, suffix = "openvino", "openvino", ".xml"
    quantized_by = ("openvino",)
    converts_to = ()  # OpenVINO IR is an end point
    support_column = "openvino"

    def model(self) -> Model:
        return _openvino()


class TestKeras(BackendContract):
    fmt, backend, suffix = "keras", "keras", ".keras"
    quantized_by = ("litert", "onnxruntime", "openvino")
    converts_to = ("tflite", "onnx", "openvino")
    support_column = None  # sd.inspect points to the TFLite file for op support

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
