"""sd.quantize on every runtime, calibration feeds, and every bad input it refuses."""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn, direct_int8

import scaledown as sd
from scaledown import backends
from scaledown.backends import quantizers
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.datasets import mlperf_tiny
from scaledown.errors import (
    AlreadyQuantizedError,
    CalibrationError,
    ConversionError,
    InputError,
    RuntimeNotInstalledError,
)


@pytest.fixture(scope="module")
def keras_model():
    return digits_cnn()


@pytest.fixture(scope="module")
def float_accuracy(keras_model):
    (_, _), (x, y) = digits()
    return accuracy(keras_model.predict(x, verbose=0), y)


@pytest.fixture(scope="module")
def litert_int8(keras_model):
    (x, _), _ = digits()
    return sd.quantize(keras_model, "int8", data=x[:200])


def test_litert_int8_is_full_integer_and_keeps_accuracy(litert_int8, float_accuracy):
    assert litert_int8.format == "tflite" and litert_int8.is_quantized
    (spec,), (out,) = litert_int8.inputs, litert_int8.outputs
    assert spec.dtype == "int8" and out.dtype == "int8" and spec.scale and out.scale
    _, (x, y) = digits()
    assert abs(accuracy(litert_int8.predict(x), y) - float_accuracy) <= 2.0


@pytest.mark.filterwarnings("ignore:Statistics for quantized inputs")
def test_wrapper_matches_the_tflite_converter_called_directly(keras_model, litert_int8):
    (x, _), (x_test, y_test) = digits()
    direct = sd.load(direct_int8(keras_model, x[:200]))
    direct_size = len(direct.to_bytes())
    assert abs(len(litert_int8.to_bytes()) - direct_size) <= 0.01 * direct_size
    assert accuracy(litert_int8.predict(x_test), y_test) == accuracy(direct.predict(x_test), y_test)


def test_every_kind_of_calibration_data_gives_the_same_model(keras_model, litert_int8):
    import tensorflow as tf

    (x, y), _ = digits()
    x = x[:200]

    def samples():
        yield from (x[i] for i in range(len(x)))  # single samples, no batch axis

    def representative_dataset():  # TensorFlow's own convention
        for i in range(len(x)):
            yield [x[i : i + 1]]

    feeds = {
        "x, y tuple": (x, y[:200]),
        "generator": samples(),
        "function": representative_dataset,
        "tf.data": tf.data.Dataset.from_tensor_slices((x, y[:200])).batch(16),
    }
    reference = litert_int8.to_bytes()
    for label, data in feeds.items():
        assert sd.quantize(keras_model, "int8", data=data).to_bytes() == reference, label


def test_per_tensor_weights_have_one_scale(keras_model):
    from ai_edge_litert.interpreter import Interpreter

    (x, _), _ = digits()

    def conv_scales(model):
        interpreter = Interpreter(model_content=model.to_bytes())
        sizes = [len(t["quantization_parameters"]["scales"])
                 for t in interpreter.get_tensor_details()
                 if t["dtype"] == np.int8 and len(t["shape"]) == 4 and t["shape"][0] == 16]
        return max(sizes)

    per_channel = sd.quantize(keras_model, "int8", data=x[:50])
    per_tensor = sd.quantize(keras_model, "int8", data=x[:50], per_channel=False)
    assert conv_scales(per_channel) == 16 and conv_scales(per_tensor) == 1


def test_float16_and_dynamic_shrink_and_agree(keras_model):
    _, (x, _) = digits()
    float_size = len(sd.convert(keras_model, to="tflite").to_bytes())
    half = sd.quantize(keras_model, "float16")
    dynamic = sd.quantize(keras_model, "dynamic")
    assert len(half.to_bytes()) <= 0.60 * float_size
    assert len(dynamic.to_bytes()) <= 0.40 * float_size and dynamic.is_quantized
    reference = keras_model.predict(x, verbose=0)
    assert np.max(np.abs(half.predict(x) - reference)) < 1e-2
    assert np.max(np.abs(dynamic.predict(x) - reference)) < 5e-2


def test_onnxruntime_int8_agrees_with_litert_int8(keras_model, litert_int8, float_accuracy):
    (x, _), (x_test, y_test) = digits()
    ort = sd.quantize(keras_model, "int8", data=x[:200], runtime="onnxruntime")
    assert ort.format == "onnx" and ort.is_quantized
    (spec,), (out,) = ort.inputs, ort.outputs  # full-integer like LiteRT: int8 in and out
    assert spec.dtype == "int8" and out.dtype == "int8" and spec.scale and out.scale
    ort_acc = accuracy(ort.predict(x_test), y_test)
    assert abs(ort_acc - accuracy(litert_int8.predict(x_test), y_test)) <= 2.0
    assert abs(ort_acc - float_accuracy) <= 2.0
    for scheme in ("dynamic", "float16"):
        other = sd.quantize(keras_model, scheme, runtime="onnxruntime")
        assert abs(accuracy(other.predict(x_test), y_test) - float_accuracy) <= 2.0, scheme


def test_openvino_int8_with_nncf_and_float16(keras_model, float_accuracy):
    (x, _), (x_test, y_test) = digits()
    ov_int8 = sd.quantize(keras_model, "int8", data=x[:100], runtime="openvino")
    assert ov_int8.format == "openvino"
    kinds = {op.get_type_name() for op in ov_int8.native.get_ops()}
    assert "FakeQuantize" in kinds  # NNCF inserted the int8 quantizers
    (spec,), (out,) = ov_int8.inputs, ov_int8.outputs  # full-integer like LiteRT: int8 in and out
    assert spec.dtype == "int8" and out.dtype == "int8" and spec.scale and out.scale
    assert abs(accuracy(ov_int8.predict(x_test), y_test) - float_accuracy) <= 2.0
    half = sd.quantize(keras_model, "float16", runtime="openvino")
    types = {op.get_output_element_type(0).get_type_name() for op in half.native.get_ops()
             if op.get_type_name() == "Constant"}
    assert "f16" in types
    assert abs(accuracy(half.predict(x_test), y_test) - float_accuracy) <= 1.0


def test_openvino_dynamic_stores_int8_weights_and_keeps_float_activations(keras_model,
                                                                           float_accuracy):
    _, (x_test, y_test) = digits()
    float_ir = sd.convert(keras_model, to="openvino")
    dynamic = sd.quantize(keras_model, "dynamic", runtime="openvino")
    assert dynamic.format == "openvino" and dynamic.is_quantized
    counts: dict[str, int] = {}
    for op in dynamic.native.get_ops():
        if op.get_type_name() == "Constant":
            kind = op.get_output_element_type(0).get_type_name()
            counts[kind] = counts.get(kind, 0) + int(np.prod(op.get_output_shape(0)))
    # kernels and weight matrices are int8; biases and per-channel scales are the rest
    assert counts.get("i8", 0) >= 0.9 * sum(counts.values())
    (spec,), (out,) = dynamic.inputs, dynamic.outputs  # activations stay float
    assert spec.dtype == "float32" and out.dtype == "float32"
    assert dynamic.size_bytes <= 0.50 * float_ir.size_bytes  # .bin shrinks; the .xml does not
    assert abs(accuracy(dynamic.predict(x_test), y_test) - float_accuracy) <= 1.0
    with pytest.raises(InputError, match="no per-tensor mode"):
        sd.quantize(keras_model, "dynamic", runtime="openvino", per_channel=False)
    with pytest.raises(AlreadyQuantizedError):
        sd.quantize(dynamic, "dynamic", runtime="openvino")


def test_mlperf_autoencoder_int8_matches_the_published_int8_file():
    source = sd.load(mlperf_tiny("ad", "keras"))
    rng = np.random.default_rng(0)
    calibration = rng.normal(0.0, 1.0, size=(100, 640)).astype(np.float32)
    # MLCommons' file has one scale per weight tensor (the converter's default then)
    ours = sd.quantize(source, "int8", data=calibration, per_channel=False)
    published = (mlperf_tiny("ad")).stat().st_size
    assert ours.inputs[0].dtype == "int8" and ours.inputs[0].shape[-1] == 640
    # same architecture, same scheme: the same size as the published file, within 2 %
    assert abs(len(ours.to_bytes()) - published) <= 0.02 * published


def test_mlperf_autoencoder_meets_the_size_targets():
    source = sd.load(mlperf_tiny("ad", "keras"))  # 270k parameters
    calibration = np.random.default_rng(0).normal(0.0, 1.0, size=(50, 640)).astype(np.float32)
    float_size = len(sd.convert(source, to="tflite").to_bytes())
    assert len(sd.quantize(source, "int8", data=calibration).to_bytes()) <= 0.30 * float_size
    assert len(sd.quantize(source, "float16").to_bytes()) <= 0.55 * float_size


def test_mlperf_float_tflite_quantizes_for_onnxruntime():
    source = sd.load(mlperf_tiny("ad", "float"))  # converted to ONNX on the way
    x = np.random.default_rng(1).normal(0.0, 1.0, size=(150, 640)).astype(np.float32)
    quantized = sd.quantize(source, "int8", data=x[:100], runtime="onnxruntime")
    assert quantized.format == "onnx" and quantized.is_quantized
    assert [s.dtype for s in (*quantized.inputs, *quantized.outputs)] == ["int8", "int8"]
    assert all(s.is_quantized for s in (*quantized.inputs, *quantized.outputs))
    reference, output = source.predict(x[100:]), quantized.predict(x[100:])
    assert np.corrcoef(reference.ravel(), output.ravel())[0, 1] > 0.99
    assert np.mean(np.abs(reference - output)) < 0.1 * np.mean(np.abs(reference))


# -- bad input ---------------------------------------------------------------

def test_wrong_calibration_shape_names_the_expected_shape(keras_model):
    with pytest.raises(CalibrationError) as info:
        sd.quantize(keras_model, "int8", data=np.zeros((10, 8, 8, 3), np.float32))
    assert "(batch, 8, 8, 1)" in str(info.value) and "fix:" in str(info.value)


def test_missing_or_empty_calibration_data(keras_model):
    with pytest.raises(CalibrationError, match="no calibration data"):
        sd.quantize(keras_model, "int8")
    with pytest.raises(CalibrationError, match="empty"):
        sd.quantize(keras_model, "int8", data=iter([]))
    with pytest.raises(CalibrationError, match="not numbers"):
        sd.quantize(keras_model, "int8", data=np.array([["a"] * 64] * 2).reshape(2, 8, 8, 1))


def test_already_quantized_models_are_refused(litert_int8):
    with pytest.raises(AlreadyQuantizedError):
        sd.quantize(litert_int8, "int8", data=np.zeros((1, 8, 8, 1), np.float32))
    with pytest.raises(AlreadyQuantizedError):
        sd.quantize(mlperf_tiny("kws"), "dynamic", runtime="onnxruntime")


def test_unknown_scheme_runtime_and_unsupported_pairs(keras_model, monkeypatch):
    with pytest.raises(InputError, match="int8, dynamic, float16"):
        sd.quantize(keras_model, "int4")
    with pytest.raises(InputError, match="litert"):
        sd.quantize(keras_model, "int8", runtime="tensorrt")
    from dataclasses import replace

    from scaledown import backends

    registry = dict(backends.REGISTRY)  # a runtime with fewer schemes
    openvino = registry["openvino"]
    registry["openvino"] = replace(openvino,
                                   quantizer=replace(openvino.quantizer, schemes=("int8",)))
    monkeypatch.setattr(backends, "REGISTRY", registry)
    with pytest.raises(InputError, match="openvino supports: int8"):
        sd.quantize(keras_model, "dynamic", runtime="openvino")


def test_float_tflite_cannot_go_back_through_the_converter(keras_model):
    float_tflite = sd.convert(keras_model, to="tflite")
    with pytest.raises(ConversionError, match="Keras model"):
        sd.quantize(float_tflite, "float16", runtime="litert")


def test_missing_quantization_tool_names_the_extra(keras_model, monkeypatch):
    monkeypatch.setitem(sys.modules, "nncf", None)  # makes `import nncf` fail
    with pytest.raises(RuntimeNotInstalledError, match=r"scaledown-tinyml\[openvino\]"):
        sd.quantize(keras_model, "float16", runtime="openvino")


# -- unsupported combinations fail before any work, listing what is supported --

NOT_A_MODEL = object()  # sd.load would refuse it: an error about it means work had started


def test_a_runtime_that_cannot_quantize_lists_the_ones_that_can() -> None:
    with pytest.raises(InputError, match="cannot quantize for runtime 'keras'") as err:
        sd.quantize(NOT_A_MODEL, "int8", runtime="keras")
    assert err.value.why.endswith(", ".join(quantizers()))
    assert all(repr(name) in err.value.fix for name in quantizers())  # from the registry too


def test_a_scheme_the_runtime_lacks_lists_its_schemes(monkeypatch) -> None:
    registry = dict(backends.REGISTRY)
    openvino = registry["openvino"]
    int8_only = replace(openvino.quantizer, schemes=("int8",))
    registry["openvino"] = replace(openvino, quantizer=int8_only)
    monkeypatch.setattr(backends, "REGISTRY", registry)
    with pytest.raises(InputError, match="cannot apply scheme 'dynamic'") as err:
        sd.quantize(NOT_A_MODEL, "dynamic", runtime="openvino")
    assert err.value.why == "openvino supports: int8"
    assert "litert" in err.value.fix and "onnxruntime" in err.value.fix


def test_a_format_the_quantizer_does_not_start_from_lists_the_ones_it_does() -> None:
    starts = quantizers()["litert"].quantizer.starts_from
    with pytest.raises(ConversionError, match="litert cannot quantize a tflite model") as err:
        sd.quantize(tiny_dense_tflite(), "float16", runtime="litert")
    assert ", ".join(starts) in err.value.why
