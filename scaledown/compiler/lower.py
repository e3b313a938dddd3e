"""Check a graph against what the compiler supports, and turn each operator into a kernel call.

:func:`lower` walks the graph once. Every operator becomes a :class:`Call`:
the kernel to call, the constant parameter struct and arrays the call
needs (multipliers, shifts, clamp range, all worked out here with
:mod:`.quantization`), its arguments, the activation tensors it reads and
writes, and a one-line comment for the generated code. Anything the
compiler cannot reproduce bit for bit stops here with a clear error that
names the operator and its index and points to the TFLite-Micro export.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.compiler.graph import read_graph
    >>> lower(read_graph(tiny_dense_tflite()))
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: the model computes in float32 (op #0 FULLY_CONNECTED)
      why: sd.compile writes int8 kernels only; a float or hybrid model has no int8 path
      fix: quantize it fully to int8 first: sd.quantize(model, scheme="int8", data=samples)
"""

from __future__ import annotations

from math import prod
from typing import Any

from ..errors import UnsupportedOpError
from . import quantization as q
from .graph import Graph, Operator, Tensor
from .program import Call, PointerListArg, Program, ShapeArg, TensorArg
from .support import FALLBACK, SUPPORTED_OPS, boundary, check_precision, shape_only_ops

_ACTIVATIONS = ("NONE", "RELU", "RELU6", "RELU_N1_TO_1")
_SOFTMAX_MAX_DEPTH = 511  # beyond it TFLM's int8 softmax shift leaves 0..31


def _dims(t: Tensor) -> str:
    return "x".join(str(d) for d in t.shape) or "scalar"


def _quant(t: Tensor) -> str:
    if len(t.scales) > 1:
        return f"per-channel ({len(t.scales)} scales)"
    return f"scale {t.scale:.6g} zp {t.zero_point}"


def _unsupported(op: Operator, what: str, why: str | None = None) -> UnsupportedOpError:
    return UnsupportedOpError(
        f"op #{op.index} {op.name}: {what}",
        why=why or "sd.compile reproduces TFLite-Micro's int8 kernels only for: "
        + ", ".join(SUPPORTED_OPS),
        fix=FALLBACK,
    )


def _activation(op: Operator, out: Tensor) -> tuple[int, int]:
    act = op.options.get("fused_activation_function", "NONE")
    if act not in _ACTIVATIONS:
        raise _unsupported(op, f"fused activation {act} is not supported",
                           why="sd.compile fuses NONE, RELU, RELU6 and RELU_N1_TO_1")
    return q.activation_range(act, scale=out.scale, zero_point=out.zero_point)


def _need_int8(op: Operator, tensors: list[Tensor]) -> None:
    for t in tensors:
        if t.dtype != "int8":
            raise _unsupported(op, f"tensor {t.name!r} is {t.dtype}, not int8",
                               why="sd.compile's kernels take int8 activations and weights")
        if not t.scales:
            raise _unsupported(op, f"tensor {t.name!r} has no quantization parameters")


def _need_constant(op: Operator, t: Tensor, role: str) -> None:
    if not t.is_constant:
        raise _unsupported(op, f"its {role} {t.name!r} is computed at run time",
                           why="sd.compile stores weights as constant arrays")


def _bias(op: Operator, graph: Graph, channels: int) -> tuple[Tensor | None, str | int]:
    index = op.inputs[2] if len(op.inputs) > 2 else -1
    if index < 0:
        return None, 0
    bias = graph.tensor(index)
    _need_constant(op, bias, "bias")
    if bias.dtype != "int32" or prod(bias.shape) != channels:
        raise _unsupported(op, f"bias {bias.name!r} is {bias.dtype} {_dims(bias)}, "
                           f"expected int32 with {channels} values")
    return bias, f"@{index}"


def _four(op: Operator, t: Tensor) -> tuple[int, int, int, int]:
    if len(t.shape) != 4:
        raise _unsupported(op, f"tensor {t.name!r} has shape {_dims(t)}, expected 4-D NHWC")
    return t.shape  # type: ignore[return-value]


def _window(op: Operator, x: Tensor, out: Tensor, kh: int, kw: int,
            dil_h: int = 1, dil_w: int = 1) -> tuple[int, int, int, int]:
    """(stride_h, stride_w, pad_h, pad_w), checking the output size the padding gives."""
    sh, sw = int(op.options["stride_h"]), int(op.options["stride_w"])
    padding = op.options["padding"]
    if padding not in ("SAME", "VALID"):
        raise _unsupported(op, f"padding {padding} is not supported")
    oh = q.output_size(padding, x.shape[1], kh, sh, dil_h)
    ow = q.output_size(padding, x.shape[2], kw, sw, dil_w)
    if (oh, ow) != tuple(out.shape[1:3]):
        raise _unsupported(op, f"output {_dims(out)} does not match {padding} padding "
                           f"({oh}x{ow} expected)")
    return (sh, sw, q.padding_before(x.shape[1], kh, sh, oh, dil_h),
            q.padding_before(x.shape[2], kw, sw, ow, dil_w))


def _conv(op: Operator, graph: Graph, depthwise: bool) -> Call:
    x, w = graph.tensor(op.inputs[0]), graph.tensor(op.inputs[1])
    out = graph.tensor(op.outputs[0])
    _need_int8(op, [x, w, out])
    _need_constant(op, w, "filter")
    n, ih, iw, ic = _four(op, x)
    _four(op, w)
    _four(op, out)
    oc = out.shape[3]
    if depthwise:
        if w.shape[0] != 1 or w.shape[3] != oc or oc % ic:
            raise _unsupported(op, f"filter {_dims(w)} does not fit input {_dims(x)} "
                               f"and output {_dims(out)}")
    elif w.shape[0] != oc or w.shape[3] != ic:
        raise _unsupported(op, f"filter {_dims(w)} with input depth {ic} is a grouped "
                           "convolution", why="sd.compile supports ungrouped CONV_2D only")
    if any(z != 0 for z in w.zero_points):
        raise _unsupported(op, "the filter has non-zero zero points",
                           why="TFLite-Micro's int8 convolutions take symmetric weights")
    if len(w.scales) not in (1, oc):
        raise _unsupported(op, f"filter has {len(w.scales)} scales for {oc} channels")
    kh, kw = w.shape[1], w.shape[2]
    dh, dw = int(op.options.get("dilation_h", 1) or 1), int(op.options.get("dilation_w", 1) or 1)
    sh, sw, ph, pw = _window(op, x, out, kh, kw, dh, dw)
    lo, hi = _activation(op, out)
    _, bias_arg = _bias(op, graph, oc)
    mults, shifts = q.per_channel_multipliers(x.scale, w.scales, out.scale, oc)
    params = {"stride_h": sh, "stride_w": sw, "dilation_h": dh, "dilation_w": dw,
              "pad_h": ph, "pad_w": pw, "input_offset": -x.zero_point,
              "output_offset": out.zero_point, "act_min": lo, "act_max": hi,
              "depth_multiplier": oc // ic if depthwise else 1}
    act = op.options.get("fused_activation_function", "NONE")
    comment = (f"{_dims(x)} -> {_dims(out)}, filter {_dims(w)}, stride {sh}x{sw}, "
               f"{op.options['padding']} (pad {ph},{pw})"
               + (f", dilation {dh}x{dw}" if (dh, dw) != (1, 1) else "")
               + f", {act}; in {_quant(x)}, filter {_quant(w)}, out {_quant(out)}")
    return Call(op, "sd_depthwise_conv2d_s8" if depthwise else "sd_conv2d_s8",
                ["&P", "A:multiplier", "A:shift", ShapeArg((n, ih, iw, ic)), TensorArg(x.index),
                 ShapeArg(w.shape), f"@{w.index}", bias_arg,  # type: ignore[arg-type]
                 ShapeArg(out.shape), TensorArg(out.index)],  # type: ignore[arg-type]
                comment, (x.index,), (out.index,), "sd_conv_params", params,
                {"multiplier": mults, "shift": shifts})


def _fully_connected(op: Operator, graph: Graph) -> Call:
    x, w = graph.tensor(op.inputs[0]), graph.tensor(op.inputs[1])
    out = graph.tensor(op.outputs[0])
    _need_int8(op, [x, w, out])
    _need_constant(op, w, "weights")
    if op.options.get("weights_format", "DEFAULT") != "DEFAULT":
        raise _unsupported(op, f"weights format {op.options['weights_format']} is not supported",
                           why="sd.compile reads DEFAULT (row-major) weights only")
    if len(w.shape) != 2:
        raise _unsupported(op, f"weights {_dims(w)} are not 2-D")
    units, depth = w.shape
    if prod(x.shape) % depth or prod(out.shape) != prod(x.shape) // depth * units:
        raise _unsupported(op, f"input {_dims(x)} and output {_dims(out)} do not fit "
                           f"weights {_dims(w)}")
    batches = prod(x.shape) // depth
    lo, hi = _activation(op, out)
    _, bias_arg = _bias(op, graph, units)
    per_channel = len(w.scales) > 1
    if per_channel:
        if len(w.scales) != units:
            raise _unsupported(op, f"weights have {len(w.scales)} scales for {units} units")
        mults, shifts = q.per_channel_multipliers(x.scale, w.scales, out.scale, units)
    else:
        m, s = q.quantize_multiplier(float(x.scale) * float(w.scale) / float(out.scale))
        mults, shifts = [m], [s]
    params = {"input_offset": -x.zero_point, "filter_offset": -w.zero_point,
              "output_offset": out.zero_point, "act_min": lo, "act_max": hi}
    act = op.options.get("fused_activation_function", "NONE")
    comment = (f"{_dims(x)} -> {_dims(out)}, weights {_dims(w)}, {act}; "
               f"in {_quant(x)}, weights {_quant(w)}, out {_quant(out)}")
    return Call(op, "sd_fully_connected_s8",
                ["&P", "A:multiplier", "A:shift", int(per_channel), batches, depth, units,
                 TensorArg(x.index), f"@{w.index}", bias_arg, TensorArg(out.index)],
                comment, (x.index,), (out.index,), "sd_fc_params", params,
                {"multiplier": mults, "shift": shifts})


def _pool(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    _four(op, x)
    _four(op, out)
    kh, kw = int(op.options["filter_h"]), int(op.options["filter_w"])
    sh, sw, ph, pw = _window(op, x, out, kh, kw)
    lo, hi = _activation(op, out)
    params = {"stride_h": sh, "stride_w": sw, "filter_h": kh, "filter_w": kw,
              "pad_h": ph, "pad_w": pw, "act_min": lo, "act_max": hi}
    act = op.options.get("fused_activation_function", "NONE")
    comment = (f"{_dims(x)} -> {_dims(out)}, window {kh}x{kw}, stride {sh}x{sw}, "
               f"{op.options['padding']} (pad {ph},{pw}), {act}; in {_quant(x)}, "
               f"out {_quant(out)}")
    kernel = "sd_average_pool_s8" if op.name == "AVERAGE_POOL_2D" else "sd_max_pool_s8"
    return Call(op, kernel, ["&P", ShapeArg(x.shape), TensorArg(x.index),  # type: ignore[arg-type]
                             ShapeArg(out.shape), TensorArg(out.index)],  # type: ignore[arg-type]
                comment, (x.index,), (out.index,), "sd_pool_params", params)


def _add(op: Operator, graph: Graph) -> Call:
    a, b = graph.tensor(op.inputs[0]), graph.tensor(op.inputs[1])
    out = graph.tensor(op.outputs[0])
    _need_int8(op, [a, b, out])
    if not (a.shape == b.shape == out.shape):
        raise _unsupported(op, f"broadcasting {_dims(a)} + {_dims(b)} is not supported",
                           why="sd.compile adds tensors of the same shape only")
    lo, hi = _activation(op, out)
    params = {"input1_offset": -a.zero_point, "input2_offset": -b.zero_point,
              "output_offset": out.zero_point,
              **q.add_parameters(a.scale, b.scale, out.scale), "act_min": lo, "act_max": hi}
    act = op.options.get("fused_activation_function", "NONE")
    comment = (f"{_dims(a)} + {_dims(b)}, {act}; in1 {_quant(a)}, in2 {_quant(b)}, "
               f"out {_quant(out)}")

    def arg(t: Tensor) -> Any:
        return f"@{t.index}" if t.is_constant else TensorArg(t.index)

    reads = tuple(t.index for t in (a, b) if not t.is_constant)
    return Call(op, "sd_add_s8", ["&P", prod(out.shape), arg(a), arg(b), TensorArg(out.index)],
                comment, reads, (out.index,), "sd_add_params", params)


def _softmax(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    if out.zero_point != -128 or out.scale != 1.0 / 256:
        raise _unsupported(op, f"output scale {out.scale:.6g} zp {out.zero_point} is not "
                           "scale 1/256, zero point -128",
                           why="TFLite-Micro's int8 softmax requires that output quantization")
    depth = x.shape[-1] if x.shape else 1
    if depth > _SOFTMAX_MAX_DEPTH:
        raise _unsupported(op, f"softmax over {depth} values (at most {_SOFTMAX_MAX_DEPTH})")
    params = q.softmax_parameters(float(op.options.get("beta", 1.0)), x.scale)
    comment = (f"{_dims(x)}, beta {op.options.get('beta', 1.0):g}; in {_quant(x)}, "
               f"out {_quant(out)}")
    return Call(op, "sd_softmax_s8",
                ["&P", prod(x.shape) // depth, depth, TensorArg(x.index), TensorArg(out.index)],
                comment, (x.index,), (out.index,), "sd_softmax_params", params)


def _logistic(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    if out.zero_point != -128:
        raise _unsupported(op, f"output zero point {out.zero_point} is not -128",
                           why="TFLite-Micro's int8 LOGISTIC requires that output quantization")
    try:
        params = q.logistic_parameters(x.scale)
    except ValueError as exc:
        raise _unsupported(op, str(exc)) from None
    params = {"input_zero_point": x.zero_point, **params}
    comment = f"{_dims(x)}; in {_quant(x)}, out {_quant(out)}"
    return Call(op, "sd_logistic_s8", ["&P", prod(x.shape), TensorArg(x.index),
                                       TensorArg(out.index)],
                comment, (x.index,), (out.index,), "sd_logistic_params", params)


def _requantize(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    m, s = q.quantize_multiplier(float(x.scale) / float(out.scale))
    comment = f"{_dims(x)} requantized; in {_quant(x)}, out {_quant(out)}"
    return Call(op, "sd_requantize_s8",
                [prod(x.shape), x.zero_point, out.zero_point, m, s, TensorArg(x.index),
                 TensorArg(out.index)], comment, (x.index,), (out.index,))


def _four_padded(t: Tensor) -> tuple[int, int, int, int]:
    shape = (1,) * (4 - len(t.shape)) + tuple(t.shape)
    return shape  # type: ignore[return-value]


def _axis_values(op: Operator, graph: Graph, rank: int) -> list[int]:
    t = graph.tensor(op.inputs[1])
    _need_constant(op, t, "axis list")
    if t.dtype != "int32":
        raise _unsupported(op, f"axis tensor {t.name!r} is {t.dtype}, not int32")
    return sorted({int(a) % rank for a in t.array().reshape(-1)})


def _pad(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    if len(x.shape) > 4:
        raise _unsupported(op, f"input {_dims(x)} has more than 4 dimensions")
    pads = graph.tensor(op.inputs[1])
    _need_constant(op, pads, "padding amounts")
    if pads.dtype != "int32":
        raise _unsupported(op, f"padding amounts {pads.name!r} are {pads.dtype}, not int32")
    amounts = pads.array().reshape(-1, 2).tolist()
    before = [0] * (4 - len(x.shape)) + [int(b) for b, _ in amounts]
    value = out.zero_point
    if op.name == "PADV2" and len(op.inputs) > 2 and op.inputs[2] >= 0:
        constant = graph.tensor(op.inputs[2])
        _need_constant(op, constant, "padding value")
        value = int(constant.array().reshape(-1)[0])
    if x.scale != out.scale or x.zero_point != out.zero_point:
        raise _unsupported(op, "input and output quantization differ",
                           why="TFLite-Micro's int8 PAD copies values without rescaling")
    comment = (f"{_dims(x)} -> {_dims(out)}, before {tuple(before)}, value {value}; "
               f"{_quant(x)}")
    return Call(op, "sd_pad_s8", [ShapeArg(_four_padded(x)), TensorArg(x.index), "A:before",
                                  ShapeArg(_four_padded(out)), value, TensorArg(out.index)],
                comment, (x.index,), (out.index,), arrays={"before": before})


def _concatenation(op: Operator, graph: Graph) -> Call:
    parts = [graph.tensor(i) for i in op.inputs]
    out = graph.tensor(op.outputs[0])
    _need_int8(op, [*parts, out])
    if op.options.get("fused_activation_function", "NONE") != "NONE":
        raise _unsupported(op, f"fused activation {op.options['fused_activation_function']}",
                           why="sd.compile concatenates int8 tensors without an activation")
    if any(p.scale != out.scale or p.zero_point != out.zero_point for p in parts):
        raise _unsupported(op, "its inputs and output have different quantization",
                           why="TFLite-Micro's int8 CONCATENATION requires one scale and "
                           "zero point")
    rank = len(out.shape)
    axis = int(op.options.get("axis", 0)) % max(rank, 1)
    outer = prod(out.shape[:axis])
    part_bytes = [prod(p.shape[axis:]) for p in parts]
    comment = (" + ".join(_dims(p) for p in parts) + f" -> {_dims(out)} along axis {axis}; "
               f"{_quant(out)}")
    reads = tuple(p.index for p in parts if not p.is_constant)
    return Call(op, "sd_concat_s8",
                [outer, len(parts), PointerListArg(tuple(p.index for p in parts)),
                 "A:part_bytes", TensorArg(out.index)],
                comment, reads, (out.index,), arrays={"part_bytes": part_bytes})


def _mean(op: Operator, graph: Graph) -> Call:
    x, out = graph.tensor(op.inputs[0]), graph.tensor(op.outputs[0])
    _need_int8(op, [x, out])
    if len(x.shape) > 4:
        raise _unsupported(op, f"input {_dims(x)} has more than 4 dimensions")
    axes = _axis_values(op, graph, len(x.shape))
    shape4 = _four_padded(x)
    offset = 4 - len(x.shape)
    reduce = [0, 0, 0, 0]
    for a in axes:
        reduce[a + offset] = 1
    count = prod(d for d, r in zip(shape4, reduce, strict=True) if r)
    if prod(out.shape) * count != prod(x.shape):
        raise _unsupported(op, f"output {_dims(out)} does not fit a mean of {_dims(x)} "
                           f"over axes {axes}")
    multiplier, shift = q.mean_parameters(x.scale, out.scale, count)
    params = {"input_zero_point": x.zero_point, "output_zero_point": out.zero_point,
              "multiplier": multiplier, "shift": shift, "count": count}
    reduce_init = "{" + ", ".join(str(r) for r in reduce) + "}"
    comment = (f"{_dims(x)} -> {_dims(out)}, mean over axes {axes} ({count} values); "
               f"in {_quant(x)}, out {_quant(out)}")
    return Call(op, "sd_mean_s8", ["&P", ShapeArg(shape4), TensorArg(x.index),
                                   TensorArg(out.index)],
                comment, (x.index,), (out.index,), "sd_mean_params",
                {**params, "reduce": reduce_init})  # type: ignore[dict-item]


def _copy(op: Operator, src: int, dst: int, graph: Graph, note: str) -> Call:
    t = graph.tensor(dst)
    return Call(op, "sd_copy_s8", [t.nbytes, TensorArg(src), TensorArg(dst)], note,
                (src,), (dst,))


def lower(graph: Graph, *, source: str = "the model") -> Program:
    """Turn every operator of ``graph`` into a kernel :class:`Call`.

    Args:
        graph: The graph from :func:`scaledown.compiler.graph.read_graph`.
        source: How to call the model in error messages.

    Returns:
        The :class:`Program`.

    Raises:
        InputError: a float or hybrid model, or more than one input or output.
        UnsupportedOpError: an operator or option outside what the compiler supports.

    Example:
        >>> from scaledown.compiler.graph import Graph, Operator, Tensor
        >>> x = Tensor(0, "x", (1, 4), "int8", (0.5,), (0,))
        >>> y = Tensor(1, "y", (1, 4), "int8", (0.5,), (0,))
        >>> g = Graph((x, y), (Operator(0, "GELU", (0,), (1,)),), (0,), (1,))
        >>> lower(g)
        Traceback (most recent call last):
        ...
        scaledown.errors.UnsupportedOpError: op #0 GELU: sd.compile has no kernel for this operator
          why: sd.compile reproduces TFLite-Micro's int8 kernels only for: ADD, ...
          fix: export it for TFLite-Micro instead: sd.export(model, "c", out_dir)
    """
    check_precision(graph, source)  # a float model needs quantizing before anything else
    folded = shape_only_ops(graph)
    for op in graph.operators:
        if op.index in folded:
            continue
        if op.custom or op.name not in SUPPORTED_OPS:
            kind = "custom operator" if op.custom else "operator"
            raise _unsupported(op, f"sd.compile has no kernel for this {kind}")
    inp, outp, skipped = boundary(graph, source)
    skipped |= folded
    program = Program(graph, [], inp, outp, folded=sorted(folded))
    for op in graph.operators:
        if op.index in skipped:
            continue
        if op.name in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            call = _conv(op, graph, op.name == "DEPTHWISE_CONV_2D")
        elif op.name == "FULLY_CONNECTED":
            call = _fully_connected(op, graph)
        elif op.name in ("AVERAGE_POOL_2D", "MAX_POOL_2D"):
            call = _pool(op, graph)
        elif op.name == "ADD":
            call = _add(op, graph)
        elif op.name == "SOFTMAX":
            call = _softmax(op, graph)
        elif op.name in ("PAD", "PADV2"):
            call = _pad(op, graph)
        elif op.name == "CONCATENATION":
            call = _concatenation(op, graph)
        elif op.name == "MEAN":
            call = _mean(op, graph)
        elif op.name == "LOGISTIC":
            call = _logistic(op, graph)
        elif op.name == "QUANTIZE" and graph.tensor(op.inputs[0]).dtype == "int8":
            call = _requantize(op, graph)
        elif op.name == "RESHAPE":
            src, dst = op.inputs[0], op.outputs[0]
            _need_int8(op, [graph.tensor(src), graph.tensor(dst)])
            if dst == outp or graph.tensor(src).is_constant:
                call = _copy(op, src, dst, graph, f"{_dims(graph.tensor(src))} -> "
                             f"{_dims(graph.tensor(dst))} (a copy into the output)")
            else:
                program.aliases[dst] = src  # same bytes, new shape: no code at all
                continue
        else:  # QUANTIZE/DEQUANTIZE with a float side inside the graph
            raise _unsupported(op, "a float QUANTIZE/DEQUANTIZE inside the graph",
                               why="sd.compile accepts float edges only at the model's "
                               "input and output")
        program.calls.append(call)
    used = {int(a[1:]) for c in program.calls for a in c.args
            if isinstance(a, str) and a.startswith("@")}
    used |= {i for c in program.calls for a in c.args if isinstance(a, PointerListArg)
             for i in a.indices if graph.tensor(i).is_constant}
    program.constants = sorted(used)
    return program
