"""Which ops of a model ONNX Runtime can run (CPU execution provider).

* ONNX models: an op is supported when ONNX Runtime registers a CPU kernel
  for its (domain, op type), read from ``onnxruntime``'s own kernel registry.
* TFLite models: an op reaches ONNX Runtime through tf2onnx, so it is
  supported when tf2onnx has a handler for ``TFL_<op>`` (read from its
  handler registry).

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> model = sd.load(tiny_dense_onnx())
    >>> [node.op_type for node in model.native.graph.node], judge(model)
    (['MatMul', 'Add'], ['yes', 'yes'])
    >>> ("ai.onnx", "MatMul") in cpu_kernels()
    True
"""

from __future__ import annotations

from functools import cache

from ...model import Model


@cache
def cpu_kernels() -> frozenset[tuple[str, str]]:
    """(domain, op type) pairs with a CPU kernel in the installed ONNX Runtime."""
    from onnxruntime.capi import _pybind_state as c

    return frozenset(
        ((d.domain or "ai.onnx"), d.op_name)
        for d in c.get_all_opkernel_def()
        if d.provider == "CPUExecutionProvider"
    )


@cache
def tf2onnx_tflite_ops() -> frozenset[str]:
    """TFLite op names (``TFL_CONV_2D``...) tf2onnx can convert."""
    from ..common.quiet import quiet_tensorflow

    quiet_tensorflow()  # tf2onnx imports TensorFlow
    import tf2onnx.tflite_handlers  # noqa: F401 - registers the handlers
    from tf2onnx.handler import tf_op

    names: set[str] = set()
    for opsets in tf_op.get_opsets().values():
        for table in opsets:
            names.update(n for n in table if n.startswith("TFL_"))
    return frozenset(names)


def judge(model: Model) -> list[str] | None:
    """``"yes"``/``"no"`` per layer row, or ``None`` if the format is not applicable."""
    if model.format == "onnx":
        kernels = cpu_kernels()
        domains = {}
        for node in model.native.graph.node:
            domains[node.name or node.output[0]] = node.domain or "ai.onnx"
        rows = model.facts.layers
        return [
            "yes" if (domains.get(r.name, "ai.onnx"), r.kind) in kernels else "no" for r in rows
        ]
    if model.format == "tflite":
        from ..litert.ops import list_ops

        known = tf2onnx_tflite_ops()
        return ["yes" if f"TFL_{op.name}" in known else "no" for op in list_ops(model.native)]
    return None
