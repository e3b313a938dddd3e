"""Channel-first models and data for the layout tests of evaluate, benchmark and compare.

``tiny_conv_onnx`` (1 channel, 8x8) tells NCHW from NHWC by shape alone;
``cube_conv_onnx`` takes 3 channels of 3x3, so both orders have one shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import scaledown as sd


def cube_conv_onnx(seed: int = 0, channels: int = 3, size: int = 3) -> Any:
    """An NCHW ONNX model taking (batch, 3, 3, 3): Conv 1x1 (2 filters) -> Flatten -> Gemm (2).

    ``channels`` and ``size`` change the input to (batch, channels, size, size).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    weights = {
        "conv.weight": rng.normal(0, 0.5, (2, channels, 1, 1)).astype(np.float32),
        "conv.bias": rng.normal(0, 0.1, (2,)).astype(np.float32),
        "fc.weight": rng.normal(0, 0.3, (2, 2 * size * size)).astype(np.float32),
        "fc.bias": rng.normal(0, 0.1, (2,)).astype(np.float32),
    }
    nodes = [
        helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="conv",
                         kernel_shape=[1, 1]),
        helper.make_node("Flatten", ["c"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "cube_conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, channels, size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
        initializer=[numpy_helper.from_array(v, k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def nchw_digits_like(n: int = 12, seed: int = 0) -> tuple[Any, Any, np.ndarray, np.ndarray]:
    """The NCHW tiny conv ONNX model, its float TFLite conversion, NCHW data, its labels."""
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    onnx_model = sd.load(tiny_conv_onnx())
    tflite_model = sd.convert(onnx_model, to="tflite")
    x = np.random.default_rng(seed).random((n, 1, 8, 8), dtype=np.float32)
    return onnx_model, tflite_model, x, onnx_model.predict(x).argmax(axis=1)
