"""ONNX -> TFLite: the op handlers agree with ONNX Runtime, and bad graphs fail clearly."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd
from scaledown.errors import CalibrationError, ConversionError, InputError, UnsupportedOpError

pytestmark = pytest.mark.slow


def _model(nodes, inputs, outputs, weights, opset=17):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        initializer=[numpy_helper.from_array(np.asarray(v), k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _many_ops_model():
    """Depthwise and strided convs, BN, ReLU6, pools, residual add, concat, reshapes."""
    from onnx import helper

    rng = np.random.default_rng(0)
    f32 = np.float32
    w = {
        "w1": rng.normal(0, 0.4, (6, 3, 3, 3)).astype(f32), "b1": rng.normal(0, 0.1, 6).astype(f32),
        "dw": rng.normal(0, 0.4, (6, 1, 3, 3)).astype(f32),
        "s": rng.uniform(0.5, 1.5, 6).astype(f32), "bb": rng.normal(0, 0.1, 6).astype(f32),
        "m": rng.normal(0, 0.1, 6).astype(f32), "v": rng.uniform(0.5, 1.5, 6).astype(f32),
        "w2": rng.normal(0, 0.4, (4, 6, 3, 3)).astype(f32),
        "half": np.array(0.5, f32), "zero": np.array(0.0, f32), "six": np.array(6.0, f32),
        "chan": rng.normal(0, 0.1, (1, 6, 1, 1)).astype(f32),
        "shape": np.array([0, -1], np.int64),
        "fc": rng.normal(0, 0.3, (16 + 6, 5)).astype(f32), "fcb": rng.normal(0, 0.1, 5).astype(f32),
    }
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["c1", "zero", "six"], ["r1"], name="relu6"),
        helper.make_node("Conv", ["r1", "dw"], ["d1"], name="depthwise", group=6,
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["d1", "s", "bb", "m", "v"], ["n1"], name="bn"),
        helper.make_node("LeakyRelu", ["n1"], ["l1"], name="leaky", alpha=0.1),
        helper.make_node("Add", ["l1", "r1"], ["res"], name="residual"),
        helper.make_node("Mul", ["res", "half"], ["h"], name="scale"),
        helper.make_node("Sub", ["h", "chan"], ["h2"], name="shift"),
        helper.make_node("Conv", ["h2", "w2"], ["c2"], name="conv_stride2", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[0, 0, 1, 1]),
        helper.make_node("Sigmoid", ["c2"], ["sg"], name="sigmoid"),
        helper.make_node("AveragePool", ["sg"], ["ap"], name="avgpool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Reshape", ["ap", "shape"], ["flat"], name="reshape"),
        helper.make_node("ReduceMean", ["h2"], ["gm"], name="mean", axes=[2, 3], keepdims=0),
        helper.make_node("Concat", ["flat", "gm"], ["cat"], name="concat", axis=1),
        helper.make_node("MatMul", ["cat", "fc"], ["mm"], name="fc"),
        helper.make_node("Add", ["mm", "fcb"], ["logits"], name="fc_bias"),
        helper.make_node("Tanh", ["logits"], ["y"], name="tanh"),
    ]
    return _model(nodes, [("x", [1, 3, 8, 8])], [("y", [1, 5])], w, opset=13)


def test_many_ops_agree_with_onnx_runtime() -> None:
    source = sd.load(_many_ops_model())
    assert source.inputs[0].layout == "NCHW"
    x = np.random.default_rng(2).random((6, 3, 8, 8), dtype=np.float32)
    tfl = sd.convert(source, to="tflite")
    assert tfl.inputs[0].layout == "NHWC" and tuple(tfl.inputs[0].shape[1:]) == (8, 8, 3)
    got = tfl.predict(x.transpose(0, 2, 3, 1))
    assert np.abs(got - source.predict(x)).max() < 1e-4


def test_an_unmapped_op_is_named_with_its_node() -> None:
    from onnx import helper

    model = _model([helper.make_node("Erf", ["x"], ["y"], name="gelu_part")],
                   [("x", [1, 4])], [("y", [1, 4])], {})
    with pytest.raises(UnsupportedOpError) as err:
        sd.convert(sd.load(model), to="tflite")
    assert "'Erf'" in err.value.what and "gelu_part" in err.value.what
    assert "ONNX Runtime" in err.value.fix


def test_a_dynamic_dimension_is_named_with_the_fix() -> None:
    from onnx import helper

    model = _model([helper.make_node("Relu", ["x"], ["y"])],
                   [("x", ["batch", 3, "height", 8])],
                   [("y", ["batch", 3, "height", 8])], {})
    with pytest.raises(ConversionError) as err:
        sd.convert(sd.load(model), to="tflite")
    assert "dimension 2 ('height')" in err.value.what
    assert "fixed input size" in err.value.fix
    # a dynamic batch alone is fine
    ok = _model([helper.make_node("Relu", ["x"], ["y"])], [("x", ["batch", 4])],
                [("y", ["batch", 4])], {})
    assert sd.convert(sd.load(ok), to="tflite").format == "tflite"


def test_unexpressible_attributes_name_the_node() -> None:
    from onnx import helper

    model = _model([helper.make_node("MaxPool", ["x"], ["y"], name="odd_pool",
                                     kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)],
                   [("x", [1, 2, 8, 8])], [("y", [1, 2, 4, 4])], {})
    with pytest.raises(ConversionError) as err:
        sd.convert(sd.load(model), to="tflite")
    assert "'odd_pool'" in err.value.what and "ceil_mode" in err.value.why


def test_channels_first_data_on_a_channels_last_model_says_the_layout() -> None:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    tfl = sd.convert(sd.load(tiny_conv_onnx()), to="tflite")
    nchw = np.zeros((2, 1, 8, 8), np.float32)
    with pytest.raises(InputError) as err:
        tfl.predict(nchw)
    assert "NCHW" in err.value.what and "NHWC" in err.value.why
    assert "transpose(0, 2, 3, 1)" in err.value.fix
    assert tfl.predict(nchw.transpose(0, 2, 3, 1)).shape == (2, 3)
    assert "NHWC" in sd.inspect(tfl).inputs[0]


def test_int8_from_onnx_takes_calibration_data_in_the_onnx_layout() -> None:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    source = sd.load(tiny_conv_onnx())
    x = np.random.default_rng(3).random((32, 1, 8, 8), dtype=np.float32)
    tiny = sd.quantize(source, "int8", data=x, runtime="litert")
    assert tiny.inputs[0].dtype == "int8" and tiny.inputs[0].layout == "NHWC"
    assert np.abs(tiny.predict(x.transpose(0, 2, 3, 1)) - source.predict(x)).max() < 0.05
    with pytest.raises(CalibrationError):  # NHWC data for an NCHW model
        sd.quantize(source, "int8", data=x.transpose(0, 2, 3, 1), runtime="litert")


def test_mlperf_resnet8_through_onnx_agrees_with_onnx_runtime() -> None:
    """ResNet-8 as tf2onnx writes it: batch-norm Adds next to Dense biases, residuals."""
    onnx_model = sd.convert(sd.load(sd.datasets.mlperf_tiny("ic", "keras")), to="onnx")
    tfl = sd.convert(onnx_model, to="tflite")
    x = np.random.default_rng(4).random((4, 32, 32, 3), dtype=np.float32)
    assert np.abs(tfl.predict(x) - onnx_model.predict(x)).max() < 1e-4
