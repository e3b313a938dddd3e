"""Issue 11: a result that is not what was asked for is an error, never a quiet success."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd
from scaledown.api.result_check import check_converted, check_quantized
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
from scaledown.errors import ConversionError
from scaledown.model import Model

X = np.random.default_rng(0).uniform(-1, 1, (32, 4)).astype(np.float32)


def _tiny_keras():
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)], name="tiny")


def test_litert_dynamic_that_quantizes_nothing_is_an_error():
    # TFLite's dynamic-range pass leaves this model's small weights in float32; before the
    # check, sd.quantize returned that float model named 'tiny-dynamic' as a success
    with pytest.raises(ConversionError, match="not quantized: every weight is still float32"):
        sd.quantize(_tiny_keras(), "dynamic")


def test_a_quantizer_that_quietly_returns_float_is_caught(monkeypatch):
    from scaledown.backends.litert import quantize as litert_quantize

    monkeypatch.setattr(litert_quantize, "quantize",
                        lambda model, config, feed: Model(tiny_dense_tflite(), "tflite"))
    with pytest.raises(ConversionError, match=r"'int8' result .* is not quantized") as err:
        sd.quantize(_tiny_keras(), "int8", data=X)
    assert "fix:" in str(err.value)


def test_int8_with_nan_scales_is_caught(monkeypatch):
    from onnx import numpy_helper

    from scaledown.backends.onnxruntime import quantize as ort_quantize

    real = ort_quantize.quantize

    def nan_scales(model, config, feed):
        result = real(model, config, feed)
        graph = result.native.graph
        targets = {n.input[1] for n in graph.node if n.op_type == "QuantizeLinear"}
        for i, tensor in enumerate(graph.initializer):
            if tensor.name in targets:
                nan = np.full_like(numpy_helper.to_array(tensor), np.nan)
                graph.initializer[i].CopyFrom(numpy_helper.from_array(nan, tensor.name))
        return Model(result.native, "onnx", name=result.name)

    monkeypatch.setattr(ort_quantize, "quantize", nan_scales)
    with pytest.raises(ConversionError, match="not finite positive"):
        sd.quantize(tiny_dense_onnx(), "int8", data=X, runtime="onnxruntime")


def test_a_converter_that_returns_something_else_is_caught(monkeypatch):
    from scaledown.backends.onnxruntime import to_tflite as ort_to_tflite

    # the registry names the function (onnxruntime: "tflite" -> "to_tflite:to_tflite")
    monkeypatch.setattr(ort_to_tflite, "to_tflite",
                        lambda model: Model(b"\x00" * 16, "tflite", name=model.name))
    with pytest.raises(ConversionError, match="did not produce a tflite model"):
        sd.convert(tiny_dense_onnx(), to="tflite")


def test_a_converter_crash_is_a_conversion_error_not_a_traceback(monkeypatch):
    from scaledown.backends.onnxruntime import to_tflite as ort_to_tflite

    def boom(model):
        raise KeyError("node_17")

    monkeypatch.setattr(ort_to_tflite, "to_tflite", boom)
    with pytest.raises(ConversionError, match="KeyError") as err:
        sd.convert(tiny_dense_onnx(), to="tflite")
    assert isinstance(err.value.__cause__, KeyError)


@pytest.mark.parametrize("scheme", ["int8", "dynamic", "float16"])
def test_real_onnxruntime_results_pass_their_own_scheme_and_not_others(scheme):
    q = sd.quantize(tiny_dense_onnx(), scheme, data=X if scheme == "int8" else None,
                    runtime="onnxruntime")
    assert check_quantized(q, scheme) is q
    other = "float16" if scheme != "float16" else "dynamic"
    with pytest.raises(ConversionError):
        check_quantized(q, other)


def test_check_converted_reads_the_model():
    assert check_converted(sd.load(tiny_dense_onnx()), "onnx").format == "onnx"
    with pytest.raises(ConversionError, match="is an onnx model"):
        check_converted(sd.load(tiny_dense_onnx()), "tflite")
