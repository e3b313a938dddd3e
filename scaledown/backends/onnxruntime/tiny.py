"""Tiny ONNX graphs built with ``onnx.helper``, for doctests and tests.

* :func:`tiny_dense_onnx`: a float dense layer, ``y = x W + b``, to quantize.
* :func:`tiny_qdq_onnx`: what ONNX Runtime's ``quantize_static`` writes
  around one op, in miniature: ``x -> QuantizeLinear -> DequantizeLinear ->
  Relu -> QuantizeLinear -> DequantizeLinear -> y``, so ``x`` and ``y`` are
  float. Scales are powers of two, so every value in the examples is exact.

Both run in milliseconds without TensorFlow.

Example:
    >>> [n.op_type for n in tiny_dense_onnx().graph.node]
    ['MatMul', 'Add']
    >>> proto = tiny_qdq_onnx()
    >>> [n.op_type for n in proto.graph.node]
    ['QuantizeLinear', 'DequantizeLinear', 'Relu', 'QuantizeLinear', 'DequantizeLinear']
    >>> [o.name for o in tiny_qdq_onnx(float_output=True).graph.output]
    ['y', 'relu']
"""

from __future__ import annotations

from typing import Any

import numpy as np

IN_SCALE, IN_ZERO_POINT = 1 / 64, 0
OUT_SCALE, OUT_ZERO_POINT = 1 / 32, -128


def tiny_dense_onnx() -> Any:
    """A ``(batch, 4)`` -> ``(batch, 2)`` float32 dense model with fixed weights.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> sd.load(tiny_dense_onnx()).predict(np.ones((1, 4), np.float32))
        array([[0.6, 0.9]], dtype=float32)
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = np.array([[1.0, 0.25], [-1.0, 0.25], [0.5, 0.25], [0.0, 0.25]], np.float32)
    bias = np.array([0.1, -0.1], np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "dense/kernel"], ["dense/matmul"]),
            helper.make_node("Add", ["dense/matmul", "dense/bias"], ["y"]),
        ],
        "tiny_dense",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 2])],
        initializer=[
            numpy_helper.from_array(weights, "dense/kernel"),
            numpy_helper.from_array(bias, "dense/bias"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # readable by every ONNX Runtime scaledown supports
    onnx.checker.check_model(model)
    return model


def tiny_qdq_onnx(*, float_output: bool = False) -> Any:
    """A ``(batch, 4)`` float -> ``(batch, 4)`` float QDQ model computing ``relu(x)``.

    Args:
        float_output: Also output the Relu's result ``"relu"`` directly, an
            output that was never quantized (for the cases left float).

    Example:
        >>> proto = tiny_qdq_onnx()
        >>> [i.name for i in proto.graph.input], [o.name for o in proto.graph.output]
        (['x'], ['y'])
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def const(name: str, value: float | int, dtype: Any) -> Any:
        return numpy_helper.from_array(np.array(value, dtype=dtype), name)

    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zp"], ["x_q"]),
        helper.make_node("DequantizeLinear", ["x_q", "x_scale", "x_zp"], ["x_dq"]),
        helper.make_node("Relu", ["x_dq"], ["relu"]),
        helper.make_node("QuantizeLinear", ["relu", "y_scale", "y_zp"], ["y_q"]),
        helper.make_node("DequantizeLinear", ["y_q", "y_scale", "y_zp"], ["y"]),
    ]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 4])]
    if float_output:
        outputs.append(helper.make_tensor_value_info("relu", TensorProto.FLOAT, [None, 4]))
    graph = helper.make_graph(
        nodes,
        "tiny_qdq",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
        outputs,
        initializer=[
            const("x_scale", IN_SCALE, np.float32),
            const("x_zp", IN_ZERO_POINT, np.int8),
            const("y_scale", OUT_SCALE, np.float32),
            const("y_zp", OUT_ZERO_POINT, np.int8),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # readable by every ONNX Runtime scaledown supports
    onnx.checker.check_model(model)
    return model
