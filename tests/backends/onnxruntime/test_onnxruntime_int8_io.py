"""ONNX Runtime int8 models are full-integer at their boundary, like LiteRT's.

``sd.quantize(..., "int8", runtime="onnxruntime")`` rewrites ONNX Runtime's
QDQ graph so inputs and outputs are int8 under their original names, and
``predict(float_x)`` quantizes and dequantizes with the scale and zero point
kept in the graph (so a reloaded ``.onnx`` file behaves the same).
"""

from __future__ import annotations

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn

import scaledown as sd
from scaledown.backends.onnxruntime import quantize as ort_quantize
from scaledown.backends.onnxruntime.int8_io import LAYOUT_OPS, int8_boundary
from scaledown.backends.onnxruntime.tiny import tiny_qdq_onnx


@pytest.fixture(scope="module")
def int8_model():
    (x, _), _ = digits()
    return sd.quantize(digits_cnn(), "int8", data=x[:200], runtime="onnxruntime")


@pytest.fixture(scope="module")
def qdq_model():
    """The same quantization with the boundary rewrite switched off (float I/O)."""
    (x, _), _ = digits()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ort_quantize, "int8_boundary", lambda proto: proto)
        return sd.quantize(digits_cnn(), "int8", data=x[:200], runtime="onnxruntime")


def test_inputs_and_outputs_are_int8_with_scale_and_zero_point(int8_model):
    float_onnx = sd.convert(digits_cnn(), to="onnx")
    assert int8_model.format == "onnx" and int8_model.is_quantized
    for spec, source in [(int8_model.inputs[0], float_onnx.inputs[0]),
                         (int8_model.outputs[0], float_onnx.outputs[0])]:
        assert spec.dtype == "int8" and spec.is_quantized
        assert spec.scale > 0 and -128 <= spec.zero_point <= 127
        assert (spec.name, spec.shape) == (source.name, source.shape)  # users' feeds still match
    assert len(int8_model.inputs) == len(int8_model.outputs) == 1


def test_predict_takes_floats_and_keeps_the_float_accuracy(int8_model):
    _, (x_test, y_test) = digits()
    got = int8_model.predict(x_test)
    assert got.dtype == np.float32 and got.shape == (len(x_test), 10)
    float_accuracy = accuracy(digits_cnn().predict(x_test, verbose=0), y_test)
    assert abs(accuracy(got, y_test) - float_accuracy) <= 1.0


def test_same_numbers_as_the_qdq_graph_with_float_io(int8_model, qdq_model):
    _, (x_test, _) = digits()
    assert qdq_model.inputs[0].dtype == "float32"  # the rewrite really was switched off
    ours, theirs = int8_model.predict(x_test), qdq_model.predict(x_test)
    step = int8_model.outputs[0].scale
    assert np.max(np.abs(ours - theirs)) <= step * 1.01  # at most one int8 step apart
    assert np.mean(np.argmax(ours, -1) == np.argmax(theirs, -1)) >= 0.995


def test_raw_session_run_with_int8_arrays(int8_model):
    import onnxruntime as ort

    _, (x_test, _) = digits()
    x = x_test[:32]
    spec_in, spec_out = int8_model.inputs[0], int8_model.outputs[0]
    q = spec_in.quantize(x)
    assert q.dtype == np.int8
    session = ort.InferenceSession(int8_model.to_bytes(), providers=["CPUExecutionProvider"])
    (raw,) = session.run(None, {spec_in.name: q})
    assert raw.dtype == np.int8 and raw.shape == (32, 10)
    np.testing.assert_array_equal(spec_out.dequantize(raw), int8_model.predict(x))
    (ours,) = int8_model.session().run([q])
    np.testing.assert_array_equal(ours, raw)
    # already-quantized data passes through predict untouched
    np.testing.assert_array_equal(int8_model.predict(q), int8_model.predict(x))


def test_saved_and_loaded_back_behaves_the_same(int8_model, tmp_path):
    _, (x_test, _) = digits()
    loaded = sd.load(int8_model.save(tmp_path / "digits-int8.onnx"))
    assert loaded.inputs == int8_model.inputs and loaded.outputs == int8_model.outputs
    np.testing.assert_array_equal(loaded.predict(x_test), int8_model.predict(x_test))


def test_no_quantize_after_inputs_and_no_dequantize_before_outputs(int8_model):
    graph = int8_model.native.graph
    reach = {i.name for i in graph.input}
    for node in graph.node:  # what the input reaches through layout-only ops
        if node.op_type in LAYOUT_OPS and node.input[0] in reach:
            reach.update(node.output)
    outputs = {o.name for o in graph.output}
    for node in graph.node:
        assert not (node.op_type == "QuantizeLinear" and node.input[0] in reach), node.name
        assert not (node.op_type == "DequantizeLinear" and node.output[0] in outputs), node.name


# -- the rewrite on hand-built graphs ------------------------------------------

def _run(proto, x):
    import onnxruntime as ort

    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})


def test_an_output_that_was_never_quantized_stays_float():
    import onnx

    source = tiny_qdq_onnx(float_output=True)
    before = source.SerializeToString()
    proto = int8_boundary(source)
    assert source.SerializeToString() == before  # the source is left alone
    types = {o.name: o.type.tensor_type.elem_type for o in proto.graph.output}
    assert types == {"y": onnx.TensorProto.INT8, "relu": onnx.TensorProto.FLOAT}
    model = sd.load(proto)
    assert [s.dtype for s in model.outputs] == ["int8", "float32"]
    assert model.outputs[1].scale is None
    x = np.array([[-1.0, 0.0, 0.5, 1.0]], np.float32)
    y, relu = model.predict(x)
    np.testing.assert_array_equal(y, [[0.0, 0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(relu, [[0.0, 0.0, 0.5, 1.0]])
    raw_y, raw_relu = _run(proto, model.inputs[0].quantize(x))
    assert raw_y.dtype == np.int8 and raw_relu.dtype == np.float32


def test_an_input_read_by_a_float_op_stays_float():
    from onnx import helper

    proto = tiny_qdq_onnx()
    proto.graph.node.append(helper.make_node("Neg", ["x"], ["minus_x"]))
    proto.graph.output.append(helper.make_tensor_value_info("minus_x", 1, [None, 4]))
    rewritten = int8_boundary(proto)
    assert rewritten.graph.input[0].type.tensor_type.elem_type == 1  # float, as it was
    assert [o.type.tensor_type.elem_type for o in rewritten.graph.output] == [3, 1]
    model = sd.load(rewritten)
    assert model.inputs[0].dtype == "float32" and not model.inputs[0].is_quantized
    y, minus_x = model.predict(np.array([[-1.0, 0.0, 0.5, 1.0]], np.float32))
    np.testing.assert_array_equal(y, [[0.0, 0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(minus_x, [[1.0, -0.0, -0.5, -1.0]])


def test_an_input_behind_a_reshape_becomes_int8():
    from onnx import helper, numpy_helper

    proto = tiny_qdq_onnx()
    graph = proto.graph
    graph.initializer.append(numpy_helper.from_array(np.array([-1, 4], np.int64), "flat"))
    graph.node[0].input[0] = "x_flat"  # x (batch, 2, 2) -> Reshape -> QuantizeLinear
    graph.node.insert(0, helper.make_node("Reshape", ["x", "flat"], ["x_flat"]))
    del graph.input[:]
    graph.input.append(helper.make_tensor_value_info("x", 1, [None, 2, 2]))
    model = sd.load(int8_boundary(proto))
    assert [n.op_type for n in model.native.graph.node][:2] == ["Reshape", "DequantizeLinear"]
    assert model.inputs[0].dtype == "int8" and model.inputs[0].scale == 1 / 64
    got = model.predict(np.array([[[-1.0, 0.25], [0.5, 1.0]]], np.float32))
    np.testing.assert_array_equal(got, [[0.0, 0.25, 0.5, 1.0]])


def test_quantize_keeps_the_qdq_model_when_the_rewrite_cannot_run(monkeypatch):
    from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx

    def broken(proto):
        raise ValueError("pretend the rewritten graph is invalid")

    monkeypatch.setattr(ort_quantize, "int8_boundary", broken)
    x = np.random.default_rng(0).uniform(-1, 1, (32, 4)).astype(np.float32)
    with pytest.warns(UserWarning, match="keeps float inputs and outputs"):
        model = sd.quantize(tiny_dense_onnx(), "int8", data=x, runtime="onnxruntime")
    assert model.inputs[0].dtype == model.outputs[0].dtype == "float32"
    reference = sd.load(tiny_dense_onnx()).predict(x)
    assert np.max(np.abs(model.predict(x) - reference)) < 0.05
