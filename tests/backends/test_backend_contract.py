"""One contract every backend keeps, run on each (LiteRT, ONNX Runtime, OpenVINO, Keras).

The same ResNet-8 from MLPerf Tiny is loaded or converted into each format, so
every backend must also agree with the others on its facts and outputs.

Quantize, convert and support are driven by the registry
(`scaledown.backends.REGISTRY`): every declared quantizer, conversion route
and support column is run here, so a new backend folder is tested the day it
lands (and fails here until this file can make a model in a format it reads).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

import scaledown as sd
from scaledown.backends import REGISTRY, quantizers, support_columns, support_judge
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


# -- quantize, convert, support: every declaration in the registry -----------

def _model_in(fmt: str) -> Model:
    """The reference ResNet-8 in ``fmt``; a format nothing here can make fails loudly."""
    makers = {"tflite": _litert, "onnx": _onnx, "openvino": _openvino, "keras": _keras}
    if fmt not in makers:
        pytest.fail(f"the backend contract cannot make a {fmt} model yet: add a maker to "
                    "_model_in in tests/backends/test_backend_contract.py")
    return makers[fmt]()


QUANTIZE_CASES = [
    pytest.param(runtime, scheme, id=f"{runtime}-{scheme}")
    for runtime, b in quantizers().items()
    for scheme in b.quantizer.schemes
]
CONVERT_CASES = [
    pytest.param(fmt, target, id=f"{fmt}-to-{target}")
    for b in REGISTRY.values()
    if not b.opens_as  # PyTorch models are ONNX once loaded: tests/backends/torch/
    for fmt in b.loads
    if fmt != "savedmodel"  # the routes test runs SavedModels: tests/api/test_routes.py
    for target in b.routes
]


@pytest.mark.parametrize(("runtime", "scheme"), QUANTIZE_CASES)
def test_every_declared_quantizer_applies_every_declared_scheme(runtime, scheme) -> None:
    plan = quantizers()[runtime].quantizer
    source = _model_in(plan.starts_from[0])
    data = X if scheme == "int8" else None
    q = sd.quantize(source, scheme, data=data, runtime=runtime, calibration_samples=3)
    assert q.format == plan.makes  # sd.quantize has checked the file holds the scheme
    assert q.is_quantized == (scheme != "float16")  # int8 weights, or half-precision ones
    if scheme == "int8":
        assert q.inputs[0].dtype == "int8" and q.outputs[0].dtype == "int8"
    out = q.predict(X)
    assert out.shape == (3, 10) and np.isfinite(out).all()
    if scheme == "float16":  # half precision keeps about three significant digits
        assert np.abs(out - _reference()).max() <= 1e-2


@pytest.mark.parametrize(("fmt", "target"), CONVERT_CASES)
def test_every_declared_route_converts_and_agrees(fmt, target) -> None:
    converted = sd.convert(_model_in(fmt), to=target)
    assert converted.format == target and not converted.is_quantized
    assert np.abs(converted.predict(X) - _reference()).max() <= 1e-4


@pytest.mark.parametrize("column", support_columns())
def test_every_support_column_judges_every_layer(column) -> None:
    judged = 0
    for fmt in ("tflite", "onnx", "openvino", "keras"):
        model = _model_in(fmt)
        verdicts = support_judge(column)(model)
        if verdicts is None:  # the column does not apply to this format
            continue
        judged += 1
        assert len(verdicts) == len(model.facts.layers)
        assert verdicts and set(verdicts) <= {"yes", "no"}, (fmt, set(verdicts))
        assert "no" not in verdicts, f"{column} refuses an op of ResNet-8 in {fmt}"
    assert judged, f"the {column} column judged no format"
