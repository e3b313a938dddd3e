"""A tiny float OpenVINO model built with OpenVINO's opset, for doctests and tests.

``y = relu(x * w)`` on a ``(batch, 4)`` float32 input, with fixed weights
that are powers of two, so every value in the examples is exact. It builds
in milliseconds, without TensorFlow or NNCF.

Example:
    >>> import numpy as np, scaledown as sd
    >>> model = sd.load(tiny_relu_openvino())
    >>> print(model.inputs[0]); print(model.outputs[0])
    x: ?x4 float32
    y: ?x4 float32
    >>> model.predict(np.array([[1.0, 1.0, -1.0, 0.5]], np.float32))
    array([[0.5 , 2.  , 0.  , 0.25]], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

WEIGHTS = np.array([0.5, 2.0, 1.0, 0.5], np.float32)


def tiny_relu_openvino() -> Any:
    """A new ``openvino.Model``: ``y = relu(x * [0.5, 2, 1, 0.5])``, inputs ``(batch, 4)``.

    Example:
        >>> [op.get_type_name() for op in tiny_relu_openvino().get_ordered_ops()]
        ['Parameter', 'Constant', 'Multiply', 'Relu', 'Result']
    """
    import openvino as ov
    from openvino import opset13 as ops

    x = ops.parameter([-1, 4], ov.Type.f32, name="x")
    x.output(0).set_names({"x"})
    y = ops.relu(ops.multiply(x, ops.constant(WEIGHTS)))
    y.output(0).set_names({"y"})
    return ov.Model([y], [x], "tiny_relu")
