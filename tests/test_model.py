"""Model.predict: automatic (de)quantization, batching, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import custom_op_tflite, mlperf_file

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.datasets import mlperf_tiny
from scaledown.errors import InputError, UnsupportedOpError


def _raw_int8_loop(path, x):
    """What a user would write by hand: quantize, invoke per sample, dequantize."""
    from ai_edge_litert.interpreter import Interpreter

    interp = Interpreter(model_path=str(path))
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    s_in, z_in = inp["quantization"]
    s_out, z_out = out["quantization"]
    results = []
    for sample in x:
        q = np.clip(np.round(sample / s_in) + z_in, -128, 127).astype(np.int8)
        interp.set_tensor(inp["index"], q[None])
        interp.invoke()
        results.append((interp.get_tensor(out["index"]).astype(np.float32) - z_out) * s_out)
    return np.concatenate(results)


@pytest.mark.parametrize(
    "name", ["kws_ref_model.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite"]
)
def test_int8_predict_quantizes_with_the_models_own_scale(name):
    path = mlperf_file(name)
    model = sd.load(path)
    shape = model.inputs[0].shape[1:]
    x = np.random.default_rng(0).normal(0, 20, (5, *shape)).astype(np.float32)
    got = model.predict(x)
    assert got.dtype == np.float32 and got.shape == (5, *model.outputs[0].shape[1:])
    np.testing.assert_allclose(got, _raw_int8_loop(path, x), rtol=0, atol=1e-6)


def test_already_quantized_input_passes_through():
    model = sd.load(mlperf_tiny("kws"))
    q = np.random.default_rng(1).integers(-128, 128, (2, 49, 10, 1)).astype(np.int8)
    real = model.inputs[0].dequantize(q)
    np.testing.assert_allclose(model.predict(q), model.predict(real), atol=1e-6)


def test_single_sample_without_batch_axis():
    model = sd.load(tiny_dense_tflite())
    np.testing.assert_allclose(
        model.predict(np.array([1, 2, 3, 4], np.float32)), [[0.6, 2.4]], atol=1e-6
    )


def test_batch_larger_than_fixed_batch_is_looped():
    model = sd.load(mlperf_tiny("ic", "float"))
    x = np.random.default_rng(2).random((7, 32, 32, 3), dtype=np.float32)
    together = model.predict(x)
    one_by_one = np.concatenate([model.predict(x[i : i + 1]) for i in range(7)])
    np.testing.assert_allclose(together, one_by_one, atol=1e-6)


def test_wrong_shape_says_what_is_expected():
    model = sd.load(mlperf_tiny("kws"))
    with pytest.raises(InputError) as info:
        model.predict(np.zeros((2, 10, 49, 1), np.float32))
    text = str(info.value)
    assert "(2, 10, 49, 1)" in text and "(batch, 49, 10, 1)" in text and "reshape" in text


def test_wrong_dtype_is_refused():
    model = sd.load(tiny_dense_tflite())
    with pytest.raises(InputError, match="dtype"):
        model.predict(np.array([["a", "b", "c", "d"]]))
    with pytest.raises(InputError, match="dtype"):
        sd.load(mlperf_tiny("kws")).predict(np.zeros((1, 49, 10, 1), np.int32))


def test_wrong_number_of_inputs():
    with pytest.raises(InputError, match="2 input array"):
        sd.load(tiny_dense_tflite()).predict([np.zeros((1, 4)), np.zeros((1, 4))])


def test_unsupported_op_is_named_with_a_fix():
    model = sd.load(custom_op_tflite())
    report = sd.inspect(model, runtimes=["litert", "tflm"])
    assert report.unsupported() == {
        "litert": ["SCALEDOWN_MYSTERY_OP"],
        "tflm": ["SCALEDOWN_MYSTERY_OP"],
    }
    with pytest.raises(UnsupportedOpError) as info:
        model.predict(np.zeros((1, 4), np.float32))
    assert "SCALEDOWN_MYSTERY_OP" in str(info.value) and info.value.fix


# -- inputs at the edges (issue 11) ------------------------------------------------


@pytest.mark.parametrize("fmt", ["keras", "savedmodel", "tflite", "onnx", "openvino", "int8"])
def test_empty_batch_is_one_input_error_on_every_runtime(fmt):
    from edge_testmodels import tiny_models

    model = tiny_models()[fmt]
    with pytest.raises(InputError, match="empty batch") as caught:
        model.predict(np.zeros((0, 4), np.float32))
    assert "at least one sample" in str(caught.value)


def test_nan_into_an_int8_model_is_refused_with_where_it_is():
    import warnings

    from edge_testmodels import tiny_models

    model = tiny_models()["int8"]
    x = np.ones((3, 4), np.float32)
    x[1, 2] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy cast warning on the way
        with pytest.raises(InputError, match=r"1 NaN value\(s\), the first at index \(1, 2\)") as e:
            model.predict(x)
    assert "np.nan_to_num" in str(e.value)


def test_nan_into_a_float_model_still_computes():
    from edge_testmodels import tiny_models

    out = tiny_models()["tflite"].predict(np.full((1, 4), np.nan, np.float32))
    assert np.isnan(out).all()
