"""A tiny channels-first (NCHW) ONNX CNN built with ``onnx.helper``, as PyTorch exports one.

``(batch, 1, 8, 8)`` -> Conv 3x3 (4 filters, padding 1) -> Relu -> MaxPool 2x2
-> Flatten -> Gemm (3 classes) -> Softmax, with fixed random weights. It
exercises what the ONNX -> TFLite rebuild must get right: channels moved last,
and a flatten that keeps PyTorch's element order.

Example:
    >>> [n.op_type for n in tiny_conv_onnx().graph.node]
    ['Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Softmax']
"""

from __future__ import annotations

from typing import Any

import numpy as np


def tiny_conv_onnx(seed: int = 0) -> Any:
    """The model above as an ``onnx.ModelProto`` (opset 17, batch 1).

    Example:
        >>> import numpy as np, scaledown as sd
        >>> m = sd.load(tiny_conv_onnx())
        >>> m.inputs[0].layout, m.predict(np.zeros((2, 1, 8, 8), np.float32)).shape
        ('NCHW', (2, 3))
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    weights = {
        "conv.weight": rng.normal(0, 0.5, (4, 1, 3, 3)).astype(np.float32),
        "conv.bias": rng.normal(0, 0.1, (4,)).astype(np.float32),
        "fc.weight": rng.normal(0, 0.3, (3, 64)).astype(np.float32),
        "fc.bias": rng.normal(0, 0.1, (3,)).astype(np.float32),
    }
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["logits"], name="fc",
                         transB=1),
        helper.make_node("Softmax", ["logits"], ["y"], name="softmax", axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        initializer=[numpy_helper.from_array(v, k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model
