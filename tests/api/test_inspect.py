"""sd.inspect: ops, params, MACs, peak activations and per-runtime support."""

from __future__ import annotations

import pytest
from core_testmodels import digits_cnn

import scaledown as sd
from scaledown.backends import support_columns
from scaledown.backends.litert.ops import list_ops
from scaledown.datasets import mlperf_tiny
from scaledown.errors import InputError


def test_list_ops_reads_the_kws_graph():
    ops = list_ops(mlperf_tiny("kws").read_bytes())
    names = [op.name for op in ops]
    assert names[0] == "CONV_2D" and names[-1] == "SOFTMAX"
    assert names.count("DEPTHWISE_CONV_2D") == 4
    first = ops[0]
    assert first.inputs[0].dtype == "int8" and first.inputs[0].scale is not None
    assert first.inputs[1].is_constant and first.inputs[1].per_channel
    assert [op.index for op in ops] == list(range(len(ops)))


def test_kws_report_has_every_runtime_column():
    report = sd.inspect(mlperf_tiny("kws"))
    assert report.runtimes == ["litert", "tflm", "onnxruntime", "openvino"]
    assert report.unsupported() == {}
    assert report.params == 22606 and sum(r["macs"] for r in report.rows) == report.macs
    # ten 25x5x64 int8 activations are the largest pair alive at once: 2 x 8000 bytes
    assert report.peak_activation_bytes == 16000
    text = str(report)
    assert "DEPTHWISE_CONV_2D" in text and "2,656,768" in text


def test_onnx_report_uses_onnxruntime_kernels_and_openvino_frontend():
    onnx_model = sd.convert(mlperf_tiny("ic", "float"), to="onnx")
    report = sd.inspect(onnx_model)
    assert report.runtimes == ["onnxruntime", "openvino"]
    assert report.unsupported() == {}
    assert {"Conv", "Add"} <= {r["kind"] for r in report.rows}


def test_keras_report_lists_layers_and_points_to_tflite_for_support():
    report = sd.inspect(digits_cnn())
    assert [r["kind"] for r in report.rows] == ["Conv2D", "DepthwiseConv2D", "Flatten", "Dense"]
    assert report.runtimes == []
    assert any("sd.convert(model, to='tflite')" in n for n in report.notes)


def test_html_for_notebooks():
    html = sd.inspect(mlperf_tiny("ad"), runtimes=["tflm"])._repr_html_()
    assert html.count("<tr>") == 11 and "FULLY_CONNECTED" in html


def test_summary_prints(capsys):
    sd.load(mlperf_tiny("ad")).summary()
    assert "FULLY_CONNECTED" in capsys.readouterr().out


def test_unknown_runtime_column():
    with pytest.raises(InputError, match="tensorrt"):
        sd.inspect(mlperf_tiny("ad"), runtimes=["tensorrt"])


def test_macs_of_an_int8_onnx_graph_match_the_float_one():
    from core_testmodels import digits, digits_cnn

    x, _ = digits()
    float_onnx = sd.convert(digits_cnn(), to="onnx")
    qdq = sd.quantize(digits_cnn(), scheme="int8", data=x[:64], runtime="onnxruntime")
    assert qdq.is_quantized and not float_onnx.is_quantized
    assert qdq.macs == float_onnx.macs == sd.load(digits_cnn()).macs


# -- unsupported combinations fail before any work, listing what is supported --

def test_an_unknown_support_column_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown runtime\(s\) \['keras'\]") as err:
        sd.inspect(object(), runtimes=["keras"])
    assert err.value.why.endswith(", ".join(support_columns()))


def test_every_support_column_is_filled_by_its_declared_backend() -> None:
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    report = sd.inspect(tiny_dense_tflite())
    assert set(report.rows[0]["support"]) <= set(support_columns())
