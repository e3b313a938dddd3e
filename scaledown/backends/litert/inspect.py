"""Facts about a TFLite model, read from its flatbuffer (no interpreter needed).

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> f = facts(Model(tiny_dense_tflite(), "tflite"))
    >>> f.param_count, f.macs, f.is_quantized, f.layers[0].kind
    (10, 8, False, 'FULLY_CONNECTED')
"""

from __future__ import annotations

from math import prod
from typing import Any

from ...model import Model
from ...vocabulary.facts import Facts, LayerRow
from ...vocabulary.tensors import TensorSpec
from .ops import list_ops, peak_activation_bytes, tensor_info
from .schema import read_model


def _io(
    seen: dict[int, TensorSpec], graph: Any, fb: Any, data: bytes, indices: list[int]
) -> list[TensorSpec]:
    specs = []
    for i in indices:
        t = seen.get(i) or tensor_info(graph, fb, data, i)
        specs.append(TensorSpec(t.name, tuple(t.shape), t.dtype, t.scale, t.zero_point))
    return specs


def facts(model: Model) -> Facts:
    """Inputs, outputs, ops with params and MACs, peak activations, size."""
    data: bytes = model.native
    fb = read_model(data)
    graph = fb.Subgraphs(0)
    ops = list_ops(data)
    seen = {t.index: t for op in ops for t in (*op.inputs, *op.outputs)}
    ins = [int(i) for i in graph.InputsAsNumpy()] if graph.InputsLength() else []
    outs = [int(i) for i in graph.OutputsAsNumpy()] if graph.OutputsLength() else []
    constants = {t.index: t for op in ops for t in op.inputs if t.is_constant}
    params = sum(prod(t.shape) for t in constants.values())
    weight_types = {t.dtype for op in ops for t in op.inputs[1:2] if t.is_constant}
    rows = [
        LayerRow(
            op.index,
            op.name,
            op.outputs[0].name if op.outputs else "",
            op.outputs[0].shape if op.outputs else None,
            op.params,
            op.macs,
        )
        for op in ops
    ]
    notes = []
    if fb.SubgraphsLength() > 1:
        notes.append(f"{fb.SubgraphsLength()} subgraphs; only the main one is listed")
    return Facts(
        inputs=_io(seen, graph, fb, data, ins),
        outputs=_io(seen, graph, fb, data, outs),
        param_count=params,
        macs=sum(op.macs for op in ops),
        size_bytes=len(data),
        is_quantized=bool(weight_types & {"int8", "uint8", "int16", "int4"}),
        layers=rows,
        peak_activation_bytes=peak_activation_bytes(ops, ins, outs),
        notes=notes,
    )
