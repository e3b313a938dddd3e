"""Facts about OpenVINO models: ops in topological order, constants, MACs.

Example:
    >>> import numpy as np
    >>> import scaledown as sd
    >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
    >>> model = sd.load(tiny_relu_openvino())
    >>> facts(model).param_count
    4
"""

from __future__ import annotations

import tempfile
from math import prod
from pathlib import Path
from typing import Any

import numpy as np

from ...model import Model
from ...vocabulary.facts import Facts, LayerRow
from ...vocabulary.tensors import TensorSpec
from .int8_io import io_quantization, port_name


def _shape(partial: Any) -> tuple[int | None, ...]:
    if partial.rank.is_dynamic:
        return ()
    return tuple(d.get_length() if d.is_static else None for d in partial)


def _dtype(port: Any) -> str:
    try:
        return str(np.dtype(port.get_element_type().to_dtype()))
    except Exception:
        return str(port.get_element_type().get_type_name())


def _is_integer(dtype: str) -> bool:
    try:
        return np.dtype(dtype).kind in "iu"
    except TypeError:  # OpenVINO types NumPy does not name
        return False


def port_spec(port: Any, i: int, prefix: str, net: Any = None) -> TensorSpec:
    """The spec of one port; an integer port takes its scale and zero point from ``net``.

    ``sd.quantize(..., runtime="openvino")`` keeps them in the model's
    ``rt_info`` (see :mod:`scaledown.backends.openvino.int8_io`).

    Example:
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> net = tiny_relu_openvino()
        >>> print(port_spec(net.inputs[0], 0, "input", net))
        x: ?x4 float32
    """
    name = port_name(port, i, prefix)
    dtype = _dtype(port)
    quant = io_quantization(net, name) if net is not None and _is_integer(dtype) else None
    scale, zero_point = quant or (None, None)
    return TensorSpec(name, _shape(port.get_partial_shape()), dtype, scale, zero_point)


def op_macs(node: Any) -> int:
    """MACs of one OpenVINO node at batch 1 (Convolution, GroupConvolution, MatMul)."""
    kind = node.get_type_name()
    if kind not in {"Convolution", "GroupConvolution", "MatMul", "ConvolutionBackpropData"}:
        return 0
    out = _shape(node.get_output_partial_shape(0))
    w = _shape(node.get_input_partial_shape(1))
    x = _shape(node.get_input_partial_shape(0))
    if not out or not w:
        return 0
    n_out = prod(d or 1 for d in out[1:]) if len(out) > 1 else (out[0] or 1)
    if kind == "Convolution":
        return n_out * prod(d or 1 for d in w[1:])
    if kind == "GroupConvolution":
        return n_out * prod(d or 1 for d in w[2:])
    if kind == "ConvolutionBackpropData":
        return prod(d or 1 for d in x[1:]) * prod(d or 1 for d in w[1:])
    transpose_a = node.get_attributes().get("transpose_a", False)
    k = (x[-2] if transpose_a else x[-1]) if x else 1
    return n_out * (k or 1)


def ir_size(model: Model) -> int:
    """Bytes of the IR files (.xml + .bin), serializing to a temp folder if needed."""
    if model.path and model.path.is_file():
        return model.path.stat().st_size + model.path.with_suffix(".bin").stat().st_size
    import openvino as ov

    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "m.xml"
        ov.save_model(model.native, str(xml), compress_to_fp16=False)
        return xml.stat().st_size + xml.with_suffix(".bin").stat().st_size


def facts(model: Model) -> Facts:
    """Facts for an OpenVINO model."""
    net = model.native
    rows: list[LayerRow] = []
    params = 0
    quantized = False
    for i, node in enumerate(net.get_ordered_ops()):
        kind = node.get_type_name()
        if kind == "Constant":
            size = prod(_shape(node.get_output_partial_shape(0)) or (1,))
            params += int(size or 0)
            quantized |= str(node.get_output_element_type(0)) in {
                "<Type: 'int8_t'>",
                "<Type: 'uint8_t'>",
            } or node.get_output_element_type(0).get_type_name() in {"i8", "u8"}
            continue
        if kind in {"Parameter", "Result"}:
            continue
        const_in = 0
        for inp in node.inputs():
            src = inp.get_source_output().get_node()
            if src.get_type_name() == "Constant":
                const_in += prod(_shape(src.get_output_partial_shape(0)) or (1,)) or 0
        out_shape = _shape(node.get_output_partial_shape(0)) if node.get_output_size() else None
        rows.append(
            LayerRow(i, kind, node.get_friendly_name(), out_shape, int(const_in), op_macs(node))
        )
    return Facts(
        inputs=[port_spec(p, i, "input", net) for i, p in enumerate(net.inputs)],
        outputs=[port_spec(p, i, "output", net) for i, p in enumerate(net.outputs)],
        param_count=params,
        macs=sum(r.macs for r in rows),
        size_bytes=ir_size(model),
        is_quantized=quantized,
        layers=rows,
        notes=["params count every constant element (weights, and shape constants)"],
    )
