"""sd.compare: the table, its plot, and a reference that is not in the list."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import digits, digits_tflite

import scaledown as sd
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
