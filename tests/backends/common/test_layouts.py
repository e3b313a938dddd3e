"""Which channel order a model's image input expects, and the error for the other one."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd
from scaledown.errors import InputError


def test_an_nchw_onnx_model_refuses_nhwc_images_naming_its_layout() -> None:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    model = sd.load(tiny_conv_onnx())
    assert model.inputs[0].layout == "NCHW"
    assert "NCHW" in str(model.inputs[0])
    with pytest.raises(InputError) as err:
        model.predict(np.zeros((3, 8, 8, 1), np.float32))
    assert "NHWC" in err.value.what and "takes NCHW" in err.value.why
    assert "transpose(0, 3, 1, 2)" in err.value.fix


def test_an_onnx_input_transposed_first_is_nhwc() -> None:
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Transpose", ["x"], ["t"], perm=[0, 3, 1, 2]),
         helper.make_node("Relu", ["t"], ["y"])],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 8, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 8, 8])])
    model = sd.load(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]))
    assert model.inputs[0].layout == "NHWC"


def test_a_wrong_shape_that_is_not_a_swap_keeps_the_plain_message() -> None:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    with pytest.raises(InputError) as err:
        sd.load(tiny_conv_onnx()).predict(np.zeros((3, 1, 4, 4), np.float32))
    assert "NHWC" not in str(err.value)
