"""One handler per ONNX op: each turns a node into Keras layers or ``keras.ops`` calls.

Handlers read inputs from the `keras_graph.Graph`, write their outputs back,
and keep channels last where convolutions need it (see `layout`). Constant
sub-graphs (``Shape -> Gather -> Concat -> Reshape``, as PyTorch's exporter
writes ``x.view(x.size(0), -1)``) are folded with NumPy as they are met.

Example:
    >>> "Conv" in HANDLERS and "Gemm" in HANDLERS
    True
    >>> tf_same_pads(8, 3, 2, 1)
    (0, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .keras_graph import Graph, Value
from .layout import NHWC, Perm, compose, identity, inverse, physical_axis, same_element_order


def _keras() -> Any:
    import keras

    return keras


def _attrs(node: Any) -> dict[str, Any]:
    from onnx import helper

    out = {}
    for a in node.attribute:
        v = helper.get_attribute_value(a)
        out[a.name] = v.decode() if isinstance(v, bytes) else v
    return out


def wrap(tensor: Any, perm: Perm) -> Value:
    """A `Value` whose ONNX shape is read back from the Keras tensor through ``perm``."""
    physical = tuple(tensor.shape)
    logical: list[int | None] = [None] * len(perm)
    for k, p in enumerate(perm):
        logical[p] = physical[k]
    return Value(tensor, perm, tuple(logical))


def to_perm(graph: Graph, value: Value, perm: Perm) -> Value:
    """``value`` with its Keras tensor transposed so that it follows ``perm``."""
    if value.perm == perm:
        return value
    moved = _keras().ops.transpose(value.tensor, compose(inverse(value.perm), perm))
    return Value(moved, perm, value.shape)


def _tensor_in(graph: Graph, name: str) -> Value:
    if graph.is_const(name):
        raise graph.fail(
            f"its input {name!r} is a constant where scaledown expects a computed tensor",
            "fold constants before exporting (e.g. torch.onnx.export(..., "
            "do_constant_folding=True))",
        )
    return graph.value(name)


def _set(graph: Graph, node: Any, value: Value) -> None:
    graph.values[node.output[0]] = value


def _need_const(graph: Graph, name: str, what: str) -> np.ndarray:
    data = graph.const(name)
    if data is None:
        raise graph.fail(
            f"its {what} ({name!r}) is computed at run time",
            "export with fixed shapes and constant folding so that the "
            f"{what} is a constant in the file",
        )
    return data


# -- padding ---------------------------------------------------------------------------
def tf_same_pads(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """The (before, after) padding TensorFlow's ``padding="same"`` uses on one axis."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _padding(graph: Graph, spatial: Sequence[int | None], kernel: Sequence[int],
             attrs: dict[str, Any]) -> str | tuple[tuple[int, int], tuple[int, int]]:
    """``"same"``, ``"valid"`` or explicit ((top, bottom), (left, right)) padding."""
    strides = list(attrs.get("strides", [1, 1]))
    dilations = list(attrs.get("dilations", [1, 1]))
    auto = attrs.get("auto_pad", "NOTSET")
    if auto == "VALID":
        return "valid"
    same = [tf_same_pads(int(s or 0), k, st, d)
            for s, k, st, d in zip(spatial, kernel, strides, dilations, strict=True)]
    if auto == "SAME_UPPER":
        return "same"
    if auto == "SAME_LOWER":
        pads = [same[0][1], same[1][1], same[0][0], same[1][0]]
    else:
        pads = list(attrs.get("pads", [0, 0, 0, 0]))
    if not any(pads):
        return "valid"
    if pads == [same[0][0], same[1][0], same[0][1], same[1][1]]:
        return "same"
    return (pads[0], pads[2]), (pads[1], pads[3])


def _spatial_input(graph: Graph, node: Any) -> Value:
    x = _tensor_in(graph, node.input[0])
    if len(x.shape) != 4:
        raise graph.fail(
            f"its input has {len(x.shape)} dimensions; scaledown converts 2-D "
            "convolutions and pooling (inputs shaped N, C, H, W)",
            "use Conv2d/MaxPool2d layers, or reshape 1-D signals to (N, C, 1, L)",
        )
    return to_perm(graph, x, NHWC)


def _pad_explicitly(x: Value, pads: tuple[tuple[int, int], tuple[int, int]]) -> Value:
    return wrap(_keras().layers.ZeroPadding2D(pads)(x.tensor), NHWC)


# -- layers with weights -----------------------------------------------------------------
def conv(graph: Graph, node: Any) -> None:
    """Conv (2-D): Conv2D, DepthwiseConv2D, or grouped Conv2D."""
    keras = _keras()
    x = _spatial_input(graph, node)
    w = _need_const(graph, node.input[1], "weights")
    b = graph.const(node.input[2]) if len(node.input) > 2 and node.input[2] else None
    attrs = _attrs(node)
    kernel = tuple(int(k) for k in w.shape[2:])
    padding = _padding(graph, x.shape[2:], kernel, attrs)
    if isinstance(padding, tuple):
        x, padding = _pad_explicitly(x, padding), "valid"
    out_ch, in_per_group = int(w.shape[0]), int(w.shape[1])
    group, channels = int(attrs.get("group", 1)), x.shape[1]
    common = dict(kernel_size=kernel, strides=tuple(attrs.get("strides", [1, 1])),
                  padding=padding, dilation_rate=tuple(attrs.get("dilations", [1, 1])),
                  use_bias=b is not None)
    if group > 1 and group == channels and in_per_group == 1:
        mult = out_ch // group
        layer = keras.layers.DepthwiseConv2D(depth_multiplier=mult, **common)
        weights = [w.reshape(group, mult, *kernel).transpose(2, 3, 0, 1)]
    else:
        layer = keras.layers.Conv2D(out_ch, groups=group, **common)
        weights = [w.transpose(2, 3, 1, 0)]
    out = layer(x.tensor)
    layer.set_weights([*weights, *([b.reshape(-1)] if b is not None else [])])
    _set(graph, node, wrap(out, NHWC))


def gemm(graph: Graph, node: Any) -> None:
    """Gemm: a Dense layer (alpha, beta and transB folded into its weights)."""
    x = _flat_order(graph, _tensor_in(graph, node.input[0]))
    attrs = _attrs(node)
    if attrs.get("transA", 0):
        raise graph.fail("transA=1 (a transposed input) has no Dense equivalent",
                         "export the layer as x @ W.T (nn.Linear does)")
    w = _need_const(graph, node.input[1], "weights")
    kernel = (w.T if attrs.get("transB", 0) else w) * float(attrs.get("alpha", 1.0))
    bias = None
    if len(node.input) > 2 and node.input[2]:
        c = _need_const(graph, node.input[2], "bias") * float(attrs.get("beta", 1.0))
        bias = np.broadcast_to(c, (kernel.shape[1],)).astype(np.float32)
    _dense(graph, node, x, kernel, bias)


def _dense(graph: Graph, node: Any, x: Value, kernel: np.ndarray, bias: np.ndarray | None,
           ) -> None:
    if x.rows is not None:  # the input was flattened channels last: permute the rows to match
        kernel = kernel[x.rows]
    layer = _keras().layers.Dense(int(kernel.shape[1]), use_bias=bias is not None)
    out = layer(x.tensor)
    layer.set_weights([kernel.astype(np.float32), *([bias] if bias is not None else [])])
    _set(graph, node, wrap(out, identity(len(x.shape))))


def matmul(graph: Graph, node: Any) -> None:
    """MatMul by a constant: a Dense layer, taking the bias of a following Add."""
    keras = _keras()
    w = graph.const(node.input[1])
    x = _flat_order(graph, _tensor_in(graph, node.input[0]))
    if w is None:
        y = _flat_order(graph, _tensor_in(graph, node.input[1]))
        _set(graph, node, wrap(keras.ops.matmul(x.tensor, y.tensor), identity(len(x.shape))))
        return
    if w.ndim != 2:
        raise graph.fail(f"its constant operand has {w.ndim} dimensions",
                         "use a Linear layer (2-D weights)")
    bias, add = _following_bias(graph, node, int(w.shape[1]))
    _dense(graph, node, x, w, bias)
    if add is not None:
        graph.values[add.output[0]] = graph.values[node.output[0]]
        graph.absorbed.add(add.output[0])


def _following_bias(graph: Graph, node: Any, units: int) -> tuple[np.ndarray | None, Any]:
    """The constant of the one Add that consumes ``node`` (a bias), if there is one."""
    out = node.output[0]
    users = [n for n in graph.proto.graph.node if out in n.input]
    if len(users) != 1 or users[0].op_type != "Add":
        return None, None
    other = [i for i in users[0].input if i != out]
    c = graph.const(other[0]) if len(other) == 1 else None
    if c is None or c.size != units or (c.ndim > 1 and c.shape[-1] != units):
        return None, None
    return c.reshape(-1).astype(np.float32), users[0]


def batch_norm(graph: Graph, node: Any) -> None:
    """BatchNormalization (inference): a per-channel multiply and add."""
    x = _tensor_in(graph, node.input[0])
    scale, shift, mean, var = (_need_const(graph, n, "statistics") for n in node.input[1:5])
    eps = float(_attrs(node).get("epsilon", 1e-5))
    a = (scale / np.sqrt(var + eps)).astype(np.float32)
    b = (shift - mean * a).astype(np.float32)
    shape = [1] * len(x.perm)
    shape[physical_axis(x.perm, 1)] = a.size
    ops = _keras().ops
    _set(graph, node, Value(ops.add(ops.multiply(x.tensor, a.reshape(shape)), b.reshape(shape)),
                            x.perm, x.shape))


# -- pooling -----------------------------------------------------------------------------
def _pool(graph: Graph, node: Any, kind: str) -> None:
    keras = _keras()
    x = _spatial_input(graph, node)
    attrs = _attrs(node)
    kernel = tuple(int(k) for k in attrs["kernel_shape"])
    strides = tuple(int(s) for s in attrs.get("strides", [1] * len(kernel)))
    if any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise graph.fail("dilated pooling has no TFLite kernel", "use dilations=1")
    padding = _padding(graph, x.shape[2:], kernel, {**attrs, "dilations": [1, 1]})
    if attrs.get("ceil_mode", 0):
        floor_ok = all(((int(s) - k) % st) == 0
                       for s, k, st in zip(x.shape[2:], kernel, strides, strict=True))
        if not floor_ok or padding != "valid":
            raise graph.fail("ceil_mode=1 gives an output size TFLite pooling cannot produce",
                             "use ceil_mode=False in the pooling layer")
    if kind == "max" and isinstance(padding, tuple):
        raise graph.fail(f"max pooling with padding {attrs.get('pads')} cannot be expressed "
                         "as TFLite's 'same' or 'valid'",
                         "pad so that the output is ceil(input / stride), or use padding=0")
    if kind == "avg" and padding == "same" and attrs.get("count_include_pad", 0):
        padding = tuple(tuple(tf_same_pads(int(s), k, st, 1))
                        for s, k, st in zip(x.shape[2:], kernel, strides, strict=True))
    if isinstance(padding, tuple):  # average over explicit zeros: count_include_pad=1
        if not attrs.get("count_include_pad", 0):
            raise graph.fail("average pooling that skips its padding cannot be expressed "
                             "in TFLite with these pads",
                             "use count_include_pad=True or padding=0")
        x, padding = _pad_explicitly(x, padding), "valid"
    layer = keras.layers.MaxPooling2D if kind == "max" else keras.layers.AveragePooling2D
    _set(graph, node, wrap(layer(kernel, strides, padding=padding)(x.tensor), NHWC))


def _global_pool(graph: Graph, node: Any, kind: str) -> None:
    ops = _keras().ops
    x = _spatial_input(graph, node)
    reduce = ops.max if kind == "max" else ops.mean
    _set(graph, node, wrap(reduce(x.tensor, axis=(1, 2), keepdims=True), NHWC))


# -- shape handling ------------------------------------------------------------------------
def _flat_order(graph: Graph, x: Value) -> Value:
    """``x`` in ONNX's axis order, by a reshape when the elements already agree."""
    if same_element_order(x.perm, x.shape):
        return _relabel(x)
    return to_perm(graph, x, identity(len(x.perm)))


def _relabel(x: Value) -> Value:
    """Reshape ``x`` into ONNX order when the element order already agrees."""
    rank = len(x.perm)
    if x.perm == identity(rank):
        return x
    target = tuple(x.shape[1:])
    return Value(_keras().ops.reshape(x.tensor, (-1, *target)), identity(rank), x.shape)


def _feeds_only_dense(graph: Graph, name: str) -> bool:
    """True when every consumer of ``name`` multiplies it by constant weights."""
    users = [n for n in graph.proto.graph.node if name in n.input]
    return bool(users) and all(
        n.op_type in ("Gemm", "MatMul") and n.input[0] == name and graph.is_const(n.input[1])
        and not _attrs(n).get("transA", 0)
        for n in users)


def _flatten_to(graph: Graph, node: Any, x: Value, units: int) -> None:
    """Flatten ``x`` to (batch, units) in ONNX's element order.

    When only Dense layers read the result, the channels-last tensor is
    flattened as it is and the Dense weights' rows are permuted instead
    (``Value.rows``), so the TFLite model needs no TRANSPOSE op.
    """
    keras = _keras()
    if not same_element_order(x.perm, x.shape) and _feeds_only_dense(graph, node.output[0]):
        index = np.arange(units).reshape([int(d) for d in x.shape[1:]])
        rows = np.transpose(index, [p - 1 for p in x.perm[1:]]).reshape(-1)
        out = Value(keras.ops.reshape(x.tensor, (-1, units)), (0, 1), (None, units), rows)
        _set(graph, node, out)
        return
    x = _flat_order(graph, x)
    _set(graph, node, wrap(keras.ops.reshape(x.tensor, (-1, units)), (0, 1)))


def flatten(graph: Graph, node: Any) -> None:
    """Flatten(axis=1): one vector per sample, in ONNX's element order."""
    x = _tensor_in(graph, node.input[0])
    if int(_attrs(node).get("axis", 1)) != 1:
        raise graph.fail("only Flatten(axis=1) keeps the batch axis",
                         "flatten with torch.flatten(x, 1) or nn.Flatten()")
    _flatten_to(graph, node, x, int(np.prod([int(d) for d in x.shape[1:]])))


def reshape(graph: Graph, node: Any) -> None:
    """Reshape to a constant shape whose first entry is the batch."""
    x = _tensor_in(graph, node.input[0])
    target = [int(t) for t in _need_const(graph, node.input[1], "target shape")]
    rest = [x.shape[i] if t == 0 and i < len(x.shape) else t
            for i, t in enumerate(target)][1:]
    per_sample = int(np.prod([d for d in x.shape[1:]]))
    if -1 in rest:
        known = int(np.prod([d for d in rest if d != -1]))
        rest[rest.index(-1)] = per_sample // max(known, 1)
    if int(np.prod(rest)) != per_sample:
        raise graph.fail(f"it reshapes {x.shape} to {target}, which changes the batch axis",
                         "keep the batch first: x.view(x.size(0), -1) or torch.flatten(x, 1)")
    if len(rest) == 1:
        _flatten_to(graph, node, x, int(rest[0]))
        return
    x = _flat_order(graph, x)
    out = _keras().ops.reshape(x.tensor, (-1, *rest))
    _set(graph, node, wrap(out, identity(len(rest) + 1)))


def transpose(graph: Graph, node: Any) -> None:
    """Transpose: often free, when it only undoes a channels-last move we made."""
    x = _tensor_in(graph, node.input[0])
    p = tuple(int(i) for i in _attrs(node).get("perm", list(range(len(x.perm)))[::-1]))
    if p[0] != 0:
        raise graph.fail("it moves the batch axis", "keep axis 0 in place")
    base = compose(inverse(x.perm), p)  # Keras tensor -> ONNX output
    shape = tuple(x.shape[i] for i in p)
    rank = len(p)
    for want in ([identity(rank), NHWC] if rank == 4 else [identity(rank)]):
        if compose(base, want) == identity(rank):
            _set(graph, node, Value(x.tensor, want, shape))
            return
    moved = _keras().ops.transpose(x.tensor, base)
    _set(graph, node, Value(moved, identity(rank), shape))


def _axes(graph: Graph, node: Any) -> list[int] | None:
    attrs = _attrs(node)
    if "axes" in attrs:
        return [int(a) for a in attrs["axes"]]
    if len(node.input) > 1 and node.input[1]:
        return [int(a) for a in _need_const(graph, node.input[1], "axes")]
    return None


def _drop_axes(perm: Perm, logical: Sequence[int]) -> Perm:
    kept = [p for p in perm if p not in logical]
    order = sorted(kept)
    return tuple(order.index(p) for p in kept)


def reduce_mean(graph: Graph, node: Any) -> None:
    """ReduceMean over constant axes (global average pooling in many exports)."""
    x = _tensor_in(graph, node.input[0])
    rank = len(x.perm)
    axes = [a % rank for a in (_axes(graph, node) or list(range(rank)))]
    keep = bool(_attrs(node).get("keepdims", 1))
    phys = tuple(sorted(physical_axis(x.perm, a) for a in axes))
    out = _keras().ops.mean(x.tensor, axis=phys, keepdims=keep)
    _set(graph, node, wrap(out, x.perm if keep else _drop_axes(x.perm, axes)))


def squeeze(graph: Graph, node: Any) -> None:
    """Squeeze size-1 axes (constants are folded)."""
    data = graph.const(node.input[0])
    axes = _axes(graph, node)
    if data is not None:
        graph.consts[node.output[0]] = np.squeeze(data, axis=tuple(axes) if axes else None)
        return
    x = _tensor_in(graph, node.input[0])
    rank = len(x.perm)
    axes = [a % rank for a in (axes or [i for i, d in enumerate(x.shape) if d == 1])]
    phys = tuple(sorted(physical_axis(x.perm, a) for a in axes))
    _set(graph, node, wrap(_keras().ops.squeeze(x.tensor, axis=phys), _drop_axes(x.perm, axes)))


def unsqueeze(graph: Graph, node: Any) -> None:
    """Unsqueeze: new size-1 axes (constants are folded)."""
    axes = _axes(graph, node) or []
    data = graph.const(node.input[0])
    if data is not None:
        out = data
        for a in sorted(a % (data.ndim + len(axes)) for a in axes):
            out = np.expand_dims(out, a)
        graph.consts[node.output[0]] = out
        return
    x = to_perm(graph, _tensor_in(graph, node.input[0]), identity(
        len(graph.value(node.input[0]).perm)))
    out = x.tensor
    for a in sorted(a % (len(x.perm) + len(axes)) for a in axes):
        out = _keras().ops.expand_dims(out, a)
    _set(graph, node, wrap(out, identity(len(out.shape))))


# -- element-wise ---------------------------------------------------------------------------
def _binary(fn_name: str, fold: Callable[[np.ndarray, np.ndarray], np.ndarray]
            ) -> Callable[[Graph, Any], None]:
    def handler(graph: Graph, node: Any) -> None:
        a, b = node.input[0], node.input[1]
        ca, cb = graph.const(a), graph.const(b)
        if ca is not None and cb is not None:
            graph.consts[node.output[0]] = fold(ca, cb)
            return
        values = [graph.value(n) for n in (a, b) if not graph.is_const(n)]
        lead = max(values, key=lambda v: len(v.perm))
        rank = len(lead.perm)
        perm = lead.perm if all(len(v.perm) == rank for v in values) else identity(rank)

        def operand(name: str) -> Any:
            c = graph.const(name)
            if c is None:
                v = graph.value(name)
                return to_perm(graph, v, perm if len(v.perm) == rank else identity(
                    len(v.perm))).tensor
            c = np.asarray(c, dtype=np.float32)
            c = c.reshape((1,) * (rank - c.ndim) + c.shape)
            return np.transpose(c, perm)

        out = getattr(_keras().ops, fn_name)(operand(a), operand(b))
        _set(graph, node, wrap(out, perm))

    handler.__doc__ = f"{fn_name}: element-wise, with constants laid out like the tensor."
    return handler


def _unary(make: Callable[[Any, dict[str, Any], Graph, Any], Any]) -> Callable[[Graph, Any], None]:
    def handler(graph: Graph, node: Any) -> None:
        x = _tensor_in(graph, node.input[0])
        out = make(x.tensor, _attrs(node), graph, node)
        _set(graph, node, Value(out, x.perm, x.shape))

    return handler


def _clip(t: Any, attrs: dict[str, Any], graph: Graph, node: Any) -> Any:
    ops = _keras().ops

    def bound(i: int, key: str, default: float) -> float:
        if len(node.input) > i and node.input[i]:
            return float(_need_const(graph, node.input[i], f"{key} bound"))
        return float(attrs.get(key, default))

    lo, hi = bound(1, "min", -np.inf), bound(2, "max", np.inf)
    if lo == 0.0 and hi == 6.0:
        return ops.relu6(t)
    if lo == 0.0 and hi == np.inf:
        return ops.relu(t)
    return ops.clip(t, lo, hi)


def softmax(graph: Graph, node: Any) -> None:
    """Softmax along one axis (opset 13+ semantics; older files on 2-D tensors)."""
    x = _tensor_in(graph, node.input[0])
    opset = max((o.version for o in graph.proto.opset_import if o.domain in ("", "ai.onnx")),
                default=13)
    axis = int(_attrs(node).get("axis", -1 if opset >= 13 else 1))
    if opset < 13 and axis % len(x.perm) != len(x.perm) - 1:
        raise graph.fail("softmax before opset 13 flattens its input first",
                         "export with opset_version=13 or newer")
    out = _keras().ops.softmax(x.tensor, axis=physical_axis(x.perm, axis))
    _set(graph, node, Value(out, x.perm, x.shape))


def concat(graph: Graph, node: Any) -> None:
    """Concat: constants are folded; tensors joined along the mapped axis."""
    axis = int(_attrs(node)["axis"])
    if all(graph.is_const(n) for n in node.input):
        graph.consts[node.output[0]] = np.concatenate([graph.const(n) for n in node.input],
                                                      axis=axis)
        return
    values = [_tensor_in(graph, n) for n in node.input]
    perm = values[0].perm
    tensors = [to_perm(graph, v, perm).tensor for v in values]
    out = _keras().ops.concatenate(tensors, axis=physical_axis(perm, axis))
    _set(graph, node, wrap(out, perm))


def alias(graph: Graph, node: Any) -> None:
    """Identity, Dropout (inference): the output is the input."""
    name = node.input[0]
    if graph.is_const(name):
        graph.consts[node.output[0]] = graph.const(name)
    else:
        graph.values[node.output[0]] = graph.value(name)


def constant(graph: Graph, node: Any) -> None:
    """Constant: a NumPy array for later folding."""
    from onnx import numpy_helper

    attr = next(a for a in node.attribute)
    if attr.name == "value":
        graph.consts[node.output[0]] = numpy_helper.to_array(attr.t)
    else:
        graph.consts[node.output[0]] = np.asarray(_attrs(node)[attr.name])


def shape(graph: Graph, node: Any) -> None:
    """Shape of a tensor: a constant (batch taken as 1; reshapes keep the batch anyway)."""
    name = node.input[0]
    dims = graph.const(name).shape if graph.is_const(name) else graph.value(name).shape
    full = np.array([1 if d is None else d for d in dims], dtype=np.int64)
    attrs = _attrs(node)
    graph.consts[node.output[0]] = full[attrs.get("start", 0): attrs.get("end", len(full))]


def gather(graph: Graph, node: Any) -> None:
    """Gather on constants (folded); on tensors it has no small-model use here."""
    data = _need_const(graph, node.input[0], "data")
    idx = _need_const(graph, node.input[1], "indices")
    graph.consts[node.output[0]] = np.take(data, idx, axis=int(_attrs(node).get("axis", 0)))


def slice_(graph: Graph, node: Any) -> None:
    """Slice of a constant (shape arithmetic), folded with NumPy."""
    data = _need_const(graph, node.input[0], "data")
    starts, ends = (_need_const(graph, n, "bounds") for n in node.input[1:3])
    rest = [graph.const(n) if n else None for n in node.input[3:5]]
    axes = rest[0] if rest and rest[0] is not None else range(len(starts))
    steps = rest[1] if len(rest) > 1 and rest[1] is not None else [1] * len(starts)
    index = [slice(None)] * data.ndim
    for a, b, e, st in zip(axes, starts, ends, steps, strict=True):
        index[int(a)] = slice(int(b), int(e), int(st))
    graph.consts[node.output[0]] = data[tuple(index)]


def cast(graph: Graph, node: Any) -> None:
    """Cast: folded on constants; float-to-float casts on tensors pass through."""
    from onnx import helper

    to = helper.tensor_dtype_to_np_dtype(int(_attrs(node)["to"]))
    if graph.is_const(node.input[0]):
        graph.consts[node.output[0]] = graph.const(node.input[0]).astype(to)
        return
    if np.dtype(to).kind != "f":
        raise graph.fail(f"it casts a tensor to {np.dtype(to)}",
                         "keep activations in float; scaledown quantizes them later")
    alias(graph, node)


def _wrap_absorbed(handler: Callable[[Graph, Any], None]) -> Callable[[Graph, Any], None]:
    def run(graph: Graph, node: Any) -> None:
        if node.output[0] in graph.absorbed:
            return
        handler(graph, node)

    run.__doc__ = handler.__doc__
    return run


HANDLERS: dict[str, Callable[[Graph, Any], None]] = {
    "Conv": conv,
    "Gemm": gemm,
    "MatMul": matmul,
    "BatchNormalization": batch_norm,
    "MaxPool": lambda g, n: _pool(g, n, "max"),
    "AveragePool": lambda g, n: _pool(g, n, "avg"),
    "GlobalAveragePool": lambda g, n: _global_pool(g, n, "avg"),
    "GlobalMaxPool": lambda g, n: _global_pool(g, n, "max"),
    "Flatten": flatten,
    "Reshape": reshape,
    "Transpose": transpose,
    "ReduceMean": reduce_mean,
    "Squeeze": squeeze,
    "Unsqueeze": unsqueeze,
    "Add": _wrap_absorbed(_binary("add", np.add)),
    "Sub": _binary("subtract", np.subtract),
    "Mul": _binary("multiply", np.multiply),
    "Div": _binary("divide", np.divide),
    "Relu": _unary(lambda t, a, g, n: _keras().ops.relu(t)),
    "Sigmoid": _unary(lambda t, a, g, n: _keras().ops.sigmoid(t)),
    "Tanh": _unary(lambda t, a, g, n: _keras().ops.tanh(t)),
    "LeakyRelu": _unary(lambda t, a, g, n: _keras().ops.leaky_relu(
        t, negative_slope=float(a.get("alpha", 0.01)))),
    "Clip": _unary(_clip),
    "Softmax": softmax,
    "Concat": concat,
    "Identity": alias,
    "Dropout": alias,
    "Constant": constant,
    "Shape": shape,
    "Gather": gather,
    "Cast": cast,
    "Slice": slice_,
}
