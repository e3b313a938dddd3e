"""sd.compare: the table, its plot, a reference that is not in the list, and channel orders."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import digits, digits_tflite
from layout_testkit import cube_conv_onnx, nchw_digits_like

import scaledown as sd
from scaledown.api.compare import max_abs_diff
from scaledown.errors import InputError


def test_compare_table_and_plot():
    import matplotlib

    matplotlib.use("Agg")
    x, y = digits()
    float_model = sd.load(digits_tflite(), name="float")
    onnx_model = sd.convert(float_model, to="onnx")
    table = sd.compare([float_model, onnx_model], x[1500:], y[1500:], runs=5)
    first, second = table.rows
    assert first["agreement"] == 1.0 and second["agreement"] >= 0.99
    assert first["score"] == pytest.approx(second["score"], abs=0.01)
    assert second["runtime"] == "onnxruntime" and second["max_abs_diff"] <= 1e-4
    ax = table.plot()
    assert ax.get_xlabel() == "model size (KB)" and len(ax.collections) == 2
    assert "<table>" in table._repr_html_()


def test_compare_bad_reference():
    with pytest.raises(InputError, match="reference=3"):
        sd.compare([digits_tflite()], np.zeros((1, 8, 8, 1), np.float32), reference=3)


def test_compare_an_onnx_model_with_its_nhwc_tflite_on_nchw_data() -> None:
    onnx_model, tflite_model, x, y = nchw_digits_like()
    table = sd.compare([onnx_model, tflite_model], x, y, runs=2, warmup=0)
    assert [r["agreement"] for r in table.rows] == [1.0, 1.0]
    assert table.rows[1]["max_abs_diff"] < 1e-4


def test_compare_takes_the_data_in_the_reference_models_layout() -> None:
    onnx_model, tflite_model, x, y = nchw_digits_like()
    table = sd.compare([onnx_model, tflite_model], x.transpose(0, 2, 3, 1), y, reference=1,
                       runs=2, warmup=0)
    assert [r["agreement"] for r in table.rows] == [1.0, 1.0]
    with pytest.raises(InputError) as err:
        sd.compare([onnx_model, tflite_model], x.transpose(0, 2, 3, 1), y, runs=2, warmup=0)
    assert "takes NCHW" in err.value.why and "layout='NHWC'" in err.value.fix
    table = sd.compare([onnx_model, tflite_model], x.transpose(0, 2, 3, 1), y, layout="NHWC",
                       runs=2, warmup=0)
    assert [r["agreement"] for r in table.rows] == [1.0, 1.0]


def test_compare_runtimes_of_one_onnx_model_on_nchw_data() -> None:
    onnx_model, _, x, y = nchw_digits_like()
    table = sd.compare([onnx_model, onnx_model], x, y, runtimes=[None, "litert"], runs=2,
                       warmup=0)
    assert [r["runtime"] for r in table.rows] == ["onnxruntime", "litert"]
    assert table.rows[1]["agreement"] == 1.0


def test_compare_of_square_images_whose_channels_equal_their_size_needs_layout() -> None:
    onnx_model = sd.load(cube_conv_onnx())
    tflite_model = sd.convert(onnx_model, to="tflite")
    x = np.random.default_rng(2).random((6, 3, 3, 3), dtype=np.float32)
    with pytest.raises(InputError) as err:
        sd.compare([onnx_model, tflite_model], x, runs=1, warmup=0)
    assert "layout='NCHW'" in err.value.fix and "layout='NHWC'" in err.value.fix
    table = sd.compare([onnx_model, tflite_model], x, layout="NCHW", runs=1, warmup=0)
    assert table.rows[1]["max_abs_diff"] < 1e-4


def test_max_abs_diff_between_an_nchw_model_and_its_nhwc_conversion() -> None:
    onnx_model, tflite_model, x, _ = nchw_digits_like()
    assert max_abs_diff(onnx_model, tflite_model) < 1e-4
    assert max_abs_diff(onnx_model, tflite_model, x) < 1e-4
    assert max_abs_diff(tflite_model, onnx_model, x, layout="NCHW") < 1e-4
