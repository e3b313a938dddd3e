"""OpenVINO int8 models are full-integer at their boundary, like LiteRT's.

``sd.quantize(..., "int8", runtime="openvino")`` runs NNCF, then gives the
model int8 inputs and outputs with OpenVINO's PrePostProcessor, calibrated
the way TensorFlow's converter calibrates them; the scale and zero point ride
in the model's ``rt_info``, so ``predict(float_x)`` quantizes and dequantizes,
also for IR files loaded back.
"""

from __future__ import annotations

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn, direct_int8

import scaledown as sd
from scaledown.backends.openvino import quantize as ov_quantize
from scaledown.backends.openvino.int8_io import (
    RT_INFO_PATH,
    fake_quantize_grid,
    int8_boundary,
    int8_params,
    io_quantization,
)
from scaledown.backends.openvino.tiny import tiny_relu_openvino
from scaledown.errors import CalibrationError, InputError

CALIBRATION = 200


@pytest.fixture(scope="module")
def int8_model():
    (x, _), _ = digits()
    return sd.quantize(digits_cnn(), "int8", data=x[:CALIBRATION], runtime="openvino")


@pytest.fixture(scope="module")
def nncf_model():
    """The same quantization with the int8 boundary switched off (NNCF's float I/O)."""
    (x, _), _ = digits()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ov_quantize, "calibrated_int8_io", lambda native, feed: native)
        return sd.quantize(digits_cnn(), "int8", data=x[:CALIBRATION], runtime="openvino")


# -- the quantized digits model ------------------------------------------------

def test_inputs_and_outputs_are_int8_with_scale_and_zero_point(int8_model):
    float_ov = sd.convert(digits_cnn(), to="openvino")
    assert int8_model.format == "openvino" and int8_model.is_quantized
    assert len(int8_model.inputs) == len(int8_model.outputs) == 1
    for spec, source in [(int8_model.inputs[0], float_ov.inputs[0]),
                         (int8_model.outputs[0], float_ov.outputs[0])]:
        assert spec.dtype == "int8" and spec.is_quantized
        assert spec.scale > 0 and -128 <= spec.zero_point <= 127
        assert (spec.name, spec.shape) == (source.name, source.shape)  # users' feeds still match
    ports = [*int8_model.native.inputs, *int8_model.native.outputs]
    assert [p.get_element_type().get_type_name() for p in ports] == ["i8", "i8"]


def test_scales_come_from_nncf_and_calibration_like_tflite(int8_model, nncf_model):
    (x, _), _ = digits()
    x_cal = x[:CALIBRATION]
    spec_in, spec_out = int8_model.inputs[0], int8_model.outputs[0]
    # input: NNCF quantizes it first, so its own grid is taken (pixels in [0, 1])
    grid = fake_quantize_grid(nncf_model.native.inputs[0])
    assert grid is not None and (spec_in.scale, spec_in.zero_point) == grid
    assert grid[1] == -128 and abs(grid[0] * 255 - x_cal.max()) < 0.01
    # output: the range of the quantized model's own outputs on the same samples
    assert nncf_model.outputs[0].dtype == "float32"  # the boundary really was switched off
    outs = nncf_model.predict(x_cal)
    assert (spec_out.scale, spec_out.zero_point) == int8_params(outs.min(), outs.max())


def test_predict_takes_floats_and_keeps_the_float_accuracy(int8_model):
    _, (x_test, y_test) = digits()
    got = int8_model.predict(x_test)
    assert got.dtype == np.float32 and got.shape == (len(x_test), 10)
    float_accuracy = accuracy(digits_cnn().predict(x_test, verbose=0), y_test)
    assert abs(accuracy(got, y_test) - float_accuracy) <= 1.0


def test_same_numbers_as_nncf_with_float_io(int8_model, nncf_model):
    _, (x_test, _) = digits()
    spec_in, spec_out = int8_model.inputs[0], int8_model.outputs[0]
    ours = int8_model.predict(x_test)
    # the int8 input uses NNCF's own input grid, so each pixel is rounded once, as in
    # NNCF's float-I/O model; only the outputs are rounded to their int8 grid on top
    assert spec_in.dequantize(spec_in.quantize(x_test)).max() <= x_test.max()
    theirs = nncf_model.predict(x_test)
    expected = spec_out.dequantize(spec_out.quantize(theirs))
    np.testing.assert_allclose(ours, expected, rtol=0, atol=spec_out.scale * 1.01)
    assert np.mean(ours == expected) >= 0.99
    assert np.mean(np.argmax(ours, -1) == np.argmax(theirs, -1)) >= 0.995


def test_raw_int8_arrays_in_and_out(int8_model):
    _, (x_test, _) = digits()
    x = x_test[:32]
    spec_in, spec_out = int8_model.inputs[0], int8_model.outputs[0]
    q = spec_in.quantize(x)
    assert q.dtype == np.int8
    (raw,) = int8_model.session().run([q])
    assert raw.dtype == np.int8 and raw.shape == (32, 10)
    np.testing.assert_array_equal(spec_out.dequantize(raw), int8_model.predict(x))
    # already-quantized data passes through predict untouched, as for LiteRT int8 models
    np.testing.assert_array_equal(int8_model.predict(q), int8_model.predict(x))
    with pytest.raises(InputError, match="int16"):
        int8_model.predict(q.astype(np.int16))


def test_saved_as_ir_and_loaded_back_behaves_the_same(int8_model, tmp_path):
    _, (x_test, _) = digits()
    path = int8_model.save(tmp_path / "digits-int8.xml")
    assert "io_quantization" in path.read_text()
    loaded = sd.load(path)
    assert loaded.inputs == int8_model.inputs and loaded.outputs == int8_model.outputs
    np.testing.assert_array_equal(loaded.predict(x_test), int8_model.predict(x_test))


def test_benchmark_compare_evaluate_and_inspect(int8_model):
    from scaledown.api.compare import max_abs_diff

    _, (x_test, y_test) = digits()
    result = sd.benchmark(int8_model, runs=3, warmup=1)  # random raw int8 inputs
    assert result.p50_ms > 0
    assert sd.benchmark(int8_model, runs=3, warmup=1, x=x_test[:4]).p50_ms > 0  # float x
    score = sd.evaluate(int8_model, x_test, y_test)
    assert abs(score * 100 - accuracy(int8_model.predict(x_test), y_test)) < 1e-9
    rows = sd.compare([digits_cnn(), int8_model], x_test, y_test, runs=3, warmup=1).rows
    assert rows[1]["format"] == "openvino" and rows[1]["agreement"] >= 0.97
    # random float inputs in [0, 1) go through predict's quantization
    assert max_abs_diff(digits_cnn(), int8_model) < 0.2
    assert "int8" in str(sd.inspect(int8_model).to_dict())


def test_quantize_keeps_the_nncf_model_when_the_boundary_cannot_be_added(monkeypatch):
    from scaledown.errors import ConversionError

    def broken(native, feed):
        raise ConversionError("pretend OpenVINO refused the PrePostProcessor")

    monkeypatch.setattr(ov_quantize, "calibrated_int8_io", broken)
    x = np.random.default_rng(0).uniform(-1, 1, (32, 4)).astype(np.float32)
    # a model with a MatMul, so NNCF has something to quantize (for the Relu-only model
    # it quantizes nothing, and a float result is refused as not int8)
    from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx

    source = sd.convert(tiny_dense_onnx(), to="openvino")
    with pytest.warns(UserWarning, match="OpenVINO int8 model keeps float inputs and outputs"):
        model = sd.quantize(source, "int8", data=x, runtime="openvino")
    assert model.inputs[0].dtype == model.outputs[0].dtype == "float32"
    reference = source.predict(x)
    # int8 rounding: within 5 % of the output range
    assert np.max(np.abs(model.predict(x) - reference)) < 0.05 * np.ptp(reference)


# -- the scale and zero point --------------------------------------------------

@pytest.mark.parametrize(
    ("low", "high", "scale", "zero_point"),
    [
        (0.0, 1.0, 1 / 255, -128),
        (0.5, 2.0, 2 / 255, -128),  # all positive: widened down to 0
        (-3.0, -2.0, 3 / 255, 127),  # all negative: widened up to 0
        (-1.0, 1.0, 2 / 255, -1),  # zero point -0.5 rounds away from zero, as in TFLite
        (-1.5, 253.5, 1.0, -127),  # -126.5 -> -127
        (-3.5, 251.5, 1.0, -125),  # -124.5 -> -125 (half to even would give -124)
        (-1.3, 0.4, 0.006666666362434626, 67),  # float32 (0.4 + 1.3) / 255, as TFLite writes
        (2.0, 2.0, 2 / 255, -128),
        (0.0, 0.0, 7.84313680668447e-09, 0),  # all zeros: widened by 1e-6 on both sides
        (-400.0, 5.0, 405 / 255, 124),
    ],
)
def test_int8_params_on_hand_made_ranges(low, high, scale, zero_point):
    got_scale, got_zero_point = int8_params(low, high)
    assert got_zero_point == zero_point and isinstance(got_zero_point, int)
    assert got_scale == float(np.float32(scale))  # float32, as stored in a .tflite file
    # zero is exactly representable and the range is covered (up to half a step)
    lo, hi = min(low, 0.0), max(high, 0.0)
    q_lo, q_hi = -128 - got_zero_point, 127 - got_zero_point
    assert got_scale * q_lo <= lo + got_scale / 2 and got_scale * q_hi >= hi - got_scale / 2


def test_int8_params_refuses_ranges_that_are_not_finite():
    for low, high in [(float("nan"), 1.0), (0.0, float("inf")), (1.0, -1.0)]:
        with pytest.raises(CalibrationError, match="cannot be quantized") as info:
            int8_params(low, high)
        assert "fix:" in str(info.value)


@pytest.mark.filterwarnings("ignore:Statistics for quantized inputs")
def test_int8_params_match_tensorflows_converter():
    """Calibrate a one-layer model with TFLite on data spanning each range; same input params."""
    import keras
    from ai_edge_litert.interpreter import Interpreter

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)])
    rng = np.random.default_rng(0)
    for low, high in [(0.3, 2.7), (-1.3, 0.4), (-0.39631459, 0.37719065), (-2.0, -0.5)]:
        x = rng.uniform(low, high, (20, 5)).astype(np.float32)
        x[0, :2] = low, high

        interpreter = Interpreter(model_content=direct_int8(model, x))
        scale, zero_point = interpreter.get_input_details()[0]["quantization"]
        assert int8_params(x.min(), x.max()) == (scale, zero_point), (low, high)


# -- the boundary on a hand-built model ---------------------------------------

def test_boundary_values_are_exact_and_round_half_to_even():
    # y = relu(x * [0.5, 2, 1, 0.5]); output scale 1 and an odd zero point
    source = tiny_relu_openvino()
    model = sd.load(int8_boundary(source, {"x": (1 / 32, 0), "y": (1.0, 1)}))
    assert [p.get_element_type().get_type_name() for p in source.inputs] == ["f32"]  # untouched
    x = np.array([[1.0, 0.75, 2.5, -1.0], [1.0, 1.75, 0.5, 64.0]], np.float32)
    (raw,) = model.session().run([model.inputs[0].quantize(x)])
    # x = 64 is clipped to 127 / 32 on the way in, so y = [0.5, 1.5, 2.5, 0] and
    # [0.5, 3.5, 0.5, 1.984375]: halves go to even, then the zero point is added,
    # as TensorSpec.quantize does (adding first would give 2, 2, 4 for the halves)
    np.testing.assert_array_equal(raw, [[1, 3, 3, 1], [1, 5, 1, 3]])
    np.testing.assert_array_equal(raw, model.outputs[0].quantize(
        np.maximum(model.inputs[0].dequantize(model.inputs[0].quantize(x)) * [0.5, 2, 1, 0.5], 0)))


def test_boundary_clamps_outputs_to_int8():
    model = sd.load(int8_boundary(tiny_relu_openvino(), {"y": (1 / 64, -128)}))
    assert model.inputs[0].dtype == "float32" and not model.inputs[0].is_quantized
    (raw,) = model.session().run([np.array([[100.0, -5.0, 1.0, 0.0]], np.float32)])
    np.testing.assert_array_equal(raw, [[127, -128, -64, -128]])


def test_boundary_records_params_in_rt_info_and_refuses_bad_ones():
    model = int8_boundary(tiny_relu_openvino(), {"x": (0.5, 3)})
    assert model.get_rt_info([*RT_INFO_PATH, "x", "scale"]).astype(str) == "0.5"
    assert io_quantization(model, "x") == (0.5, 3) and io_quantization(model, "y") is None
    for bad in [(0.0, 0), (-1.0, 0), (0.5, 128), (float("nan"), 0), ("a", 0)]:
        with pytest.raises(InputError, match="scale, zero point"):
            int8_boundary(tiny_relu_openvino(), {"x": bad})
    # a model without scaledown's rt_info (IR written by other tools) reads as float-less
    assert io_quantization(tiny_relu_openvino(), "x") is None
