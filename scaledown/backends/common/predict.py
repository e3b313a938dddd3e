"""``Model.predict`` for every backend: check inputs, (de)quantize, batch, run.

The backend only supplies a session whose ``run(arrays)`` runs one batch of
raw arrays in the model's own dtypes. Everything a beginner could get wrong
(shape, dtype, number of inputs, int8 scaling) is handled here, once.

Example:
    >>> import numpy as np
    >>> from scaledown.vocabulary.tensors import TensorSpec
    >>> spec = TensorSpec("x", (1, 4), "float32")
    >>> [a.shape for a in prepare_inputs([spec], np.zeros(4))]
    [(1, 4)]
    >>> prepare_inputs([spec], np.zeros((2, 5)))
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: input 'x' has shape (2, 5)
      why: the model expects (batch, 4) (shape (1, 4) with any batch size)
      fix: reshape your data to (batch, 4), e.g. x.reshape(-1, 4)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ...model import Model
    from ...vocabulary.tensors import TensorSpec

_DEFAULT_CHUNK = 256


def _fmt(shape: Sequence[int | None]) -> str:
    return "(" + ", ".join("batch" if i == 0 else str(d) for i, d in enumerate(shape)) + ")"


def _as_list(specs: list[TensorSpec], x: Any) -> list[Any]:
    if isinstance(x, Mapping):
        missing = [s.name for s in specs if s.name not in x]
        if missing:
            raise InputError(
                f"input(s) {missing} missing from the dict passed to predict",
                why=f"the model's inputs are {[s.name for s in specs]}; got keys {list(x)}",
                fix="pass one array per input name, or a list in the model's input order",
            )
        return [x[s.name] for s in specs]
    if (isinstance(x, (list, tuple)) and len(specs) > 1) or (
        isinstance(x, (list, tuple))
        and len(x) != 1
        and x
        and all(isinstance(a, np.ndarray) and a.ndim == len(specs[0].shape) for a in x)
    ):
        items = list(x)
    else:
        items = [x]
    if len(items) != len(specs):
        raise InputError(
            f"predict got {len(items)} input array(s)",
            why=f"the model has {len(specs)} inputs: {[s.name for s in specs]}",
            fix="pass a list with one array per input, in this order",
        )
    return items


def _in_model_order(spec: TensorSpec, arr: np.ndarray, layout: str | None) -> np.ndarray:
    """``arr`` (image data in channel order ``layout``) moved to the order ``spec`` reads."""
    from .layouts import move_channels

    if layout is None or len(spec.shape) != 4 or arr.ndim != 4:
        return arr  # layout= speaks of images only
    if spec.layout is None:
        raise InputError(
            f"layout={layout!r} was given, but scaledown does not know which channel order "
            f"input {spec.name!r} reads",
            why=f"the model ({spec.shape}) does not say whether it is NCHW or NHWC, so "
            "scaledown cannot move your data's axes safely",
            fix="pass the data in the model's own order and leave layout= out",
        )
    return move_channels(arr, layout, spec.layout)


def _check_one(spec: TensorSpec, value: Any, layout: str | None = None) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except Exception as exc:
        raise InputError(
            f"input {spec.name!r} could not be turned into an array ({exc})",
            fix="pass a NumPy array of numbers",
        ) from None
    if arr.dtype.kind not in "fiub":
        raise InputError(
            f"input {spec.name!r} has dtype {arr.dtype}",
            why=f"the model expects numbers ({spec.dtype}); strings and objects cannot be fed",
            fix="convert your data with np.asarray(x, dtype=np.float32)",
        )
    want = tuple(spec.shape)
    if want and arr.ndim == len(want) - 1:
        arr = arr[np.newaxis, ...]  # one sample without the batch axis
    arr = _in_model_order(spec, arr, layout)
    ok = arr.ndim == len(want) and all(
        w is None or w == g for w, g in zip(want[1:], arr.shape[1:], strict=False)
    )
    if not ok:
        from .layouts import layout_mismatch

        swapped = layout_mismatch(spec, tuple(arr.shape))
        if swapped is not None:
            raise swapped
        raise InputError(
            f"input {spec.name!r} has shape {tuple(arr.shape)}",
            why=f"the model expects {_fmt(want)} (shape {want} with any batch size)",
            fix=f"reshape your data to {_fmt(want)}, e.g. x.reshape(-1, "
            + ", ".join(str(d) for d in want[1:])
            + ")",
        )
    target = np.dtype(spec.dtype)
    if spec.is_quantized:
        if arr.dtype.kind == "f":
            _refuse_nan(spec, arr)
            return spec.quantize(arr)
        if arr.dtype != target:
            raise InputError(
                f"input {spec.name!r} has dtype {arr.dtype}",
                why=f"the model takes {spec.dtype} (quantized with scale {spec.scale:.6g}, "
                f"zero point {spec.zero_point})",
                fix="pass float data and scaledown quantizes it for you, "
                f"or pass already-quantized data as {spec.dtype}",
            )
        return arr
    if target.kind == "f" and arr.dtype.kind == "b":
        raise InputError(
            f"input {spec.name!r} has dtype bool",
            why=f"the model expects {spec.dtype}",
            fix="convert with x.astype(np.float32)",
        )
    return arr.astype(target, copy=False)


def _refuse_nan(spec: TensorSpec, arr: np.ndarray) -> None:
    """NaN has no integer value: quantizing it would feed an arbitrary number, silently."""
    bad = np.isnan(arr)
    if not bad.any():
        return
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    raise InputError(
        f"input {spec.name!r} holds {int(bad.sum())} NaN value(s), the first at index {first}",
        why=f"the model takes {spec.dtype} (quantized with scale {spec.scale:.6g}); NaN has "
        "no integer value, so the model would compute on an arbitrary number",
        fix="replace or drop the missing values first, e.g. x = np.nan_to_num(x) "
        "or x = x[~np.isnan(x).any(axis=tuple(range(1, x.ndim)))]",
    )


def _refuse_empty(specs: list[TensorSpec], arrays: list[np.ndarray]) -> None:
    for spec, arr in zip(specs, arrays, strict=True):
        if arr.ndim and arr.shape[0] == 0:
            raise InputError(
                f"input {spec.name!r} holds an empty batch (0 samples, shape {tuple(arr.shape)})",
                why="there is nothing to run the model on; an empty array usually means a "
                "filter or a slice such as x[n:] selected no samples",
                fix="pass at least one sample, e.g. check len(x) > 0 before calling predict",
            )


def prepare_inputs(
    specs: list[TensorSpec], x: Any, layout: str | Sequence[str | None] | None = None
) -> list[np.ndarray]:
    """Check ``x`` against the input specs and return arrays in the model's dtypes.

    Float data for quantized inputs is quantized with the input's scale and zero point.
    ``layout`` (one order for every image input, or one per input) is the
    channel order ``x`` is in; images are moved to the order each input
    reads. Without it, ``x`` must already be in the model's order.

    Raises:
        InputError: wrong number of arrays, shape, or dtype; an empty batch; NaN
            for a quantized input; or batch sizes differ.

    Example:
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> prepare_inputs([TensorSpec("x", (None, 2), "float32")], np.zeros((0, 2)))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: input 'x' holds an empty batch (0 samples, shape (0, 2))
        ...
    """
    from .layouts import check_layout

    orders = [check_layout(lay) for lay in (
        [layout] * len(specs) if layout is None or isinstance(layout, str) else list(layout))]
    items = _as_list(specs, x)
    arrays = [_check_one(s, v, lay) for s, v, lay in zip(specs, items, orders, strict=True)]
    _refuse_empty(specs, arrays)
    sizes = {a.shape[0] for a in arrays if a.ndim}
    if len(sizes) > 1:
        raise InputError(
            f"inputs have different batch sizes {sorted(sizes)}",
            fix="pass the same number of samples for every input",
        )
    return arrays


def run_batches(
    session: Any, specs: list[TensorSpec], arrays: list[np.ndarray], batch_size: int | None = None
) -> list[np.ndarray]:
    """Run ``session`` over all samples, chunked to the model's batch size.

    Models with a fixed batch (most TFLite files: 1) are fed that many at a
    time, the last chunk padded and trimmed; free-batch models get chunks of
    ``batch_size`` (default 256).
    """
    n = arrays[0].shape[0] if arrays and arrays[0].ndim else 1
    fixed = specs[0].shape[0] if specs and specs[0].shape else None
    step = fixed or batch_size or _DEFAULT_CHUNK
    chunks: list[list[np.ndarray]] = []
    for start in range(0, max(n, 1), step):
        part = [a[start : start + step] for a in arrays]
        got = part[0].shape[0] if part and part[0].ndim else 1
        if fixed and got < fixed:  # pad the last chunk to the fixed batch size
            part = [np.concatenate([p, np.repeat(p[-1:], fixed - got, axis=0)]) for p in part]
        outs = session.run(part)
        chunks.append([o[:got] for o in outs])
    return [np.concatenate([c[i] for c in chunks]) for i in range(len(chunks[0]))]


def finish_outputs(specs: list[TensorSpec], outs: list[np.ndarray]) -> Any:
    """Dequantize outputs with their own scale/zero point; one output -> one array."""
    real = [
        s.dequantize(o) if s.is_quantized else np.asarray(o)
        for s, o in zip(specs, outs, strict=False)
    ]
    return real[0] if len(real) == 1 else real


def needs_move(given: TensorSpec, target: TensorSpec) -> bool:
    """True when images for ``given`` must have their axes moved to feed ``target``.

    Both must declare a channel order, the orders must differ, and the input
    must be an image (rank 4). A model that declares no order (OpenVINO IR)
    takes data as it is.

    Example:
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> nchw = TensorSpec("x", (1, 1, 8, 8), "float32", layout="NCHW")
        >>> nhwc = TensorSpec("x:0", (1, 8, 8, 1), "float32", layout="NHWC")
        >>> needs_move(nchw, nhwc), needs_move(nhwc, nhwc)
        (True, False)
        >>> needs_move(nhwc, TensorSpec("ir", (1, 8, 8, 1), "float32"))
        False
    """
    return (given.layout is not None and target.layout is not None
            and given.layout != target.layout and len(given.shape) == 4)


def feed_layouts(
    given: list[TensorSpec], target: list[TensorSpec], x: Any, layout: str | None = None
) -> list[str | None] | None:
    """The channel order ``x`` is in, per input of ``target``, for `prepare_inputs`.

    ``x`` is data for the model whose inputs are ``given`` (the model the
    learner passed); ``target`` is the model that runs it (its conversion for
    another runtime, or another model being compared). An explicit ``layout``
    wins. Otherwise ``x`` is taken to be in ``given``'s order, which its shape
    must confirm: data that fits the other order is refused, naming the
    model's, and an image whose channels, height and width are equal (one
    shape in both orders) is refused too, asking for ``layout=``, where the
    two models read different orders. ``None`` when nothing is to be moved.

    Example:
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> onnx_in = [TensorSpec("x", (1, 1, 8, 8), "float32", layout="NCHW")]
        >>> tflite_in = [TensorSpec("x:0", (1, 8, 8, 1), "float32", layout="NHWC")]
        >>> feed_layouts(onnx_in, tflite_in, np.zeros((5, 1, 8, 8)))
        ['NCHW']
        >>> feed_layouts(tflite_in, tflite_in, np.zeros((5, 8, 8, 1))) is None
        True
    """
    from .layouts import check_layout, layout_mismatch, same_shape_both_ways

    layout = check_layout(layout)
    if layout is not None:
        return [layout] * len(target)
    if len(given) != len(target) or all(
        g.layout == t.layout for g, t in zip(given, target, strict=True)
    ):
        return None
    orders: list[str | None] = []
    for g, t, item in zip(given, target, _as_list(given, x), strict=True):
        if not needs_move(g, t):
            orders.append(None)
            continue
        shape = tuple(np.shape(item))
        shape = (1, *shape) if len(shape) == 3 else shape
        swapped = layout_mismatch(g, shape)
        if swapped is not None:
            raise swapped
        if same_shape_both_ways(g):
            dims = ", ".join(str(d) for d in g.shape[1:])
            raise InputError(
                f"input {g.name!r} has shape {shape}, the same channels first and channels last",
                why=f"the model takes {g.layout} images (batch, {dims}) and the model that "
                f"runs them takes {t.layout}; with as many channels as rows and columns, the "
                "shape cannot tell scaledown which order your data is in",
                fix="say which: layout='NCHW' (channels first, as PyTorch and ONNX) or "
                "layout='NHWC' (channels last, as TFLite and cameras)",
            )
        orders.append(g.layout)
    return orders


def predict(
    model: Model,
    x: Any,
    *,
    batch_size: int | None = None,
    layout: str | Sequence[str | None] | None = None,
) -> Any:
    """Float in, float out, on the model's own runtime (see ``Model.predict``)."""
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise InputError(
            f"batch_size={batch_size!r}",
            why="it must be a positive integer",
            fix="pass e.g. batch_size=32, or leave it out",
        )
    arrays = prepare_inputs(model.inputs, x, layout)
    session = model._cache.get("session")
    if session is None:
        session = model._cache["session"] = model.session()
    outs = run_batches(session, model.inputs, arrays, batch_size)
    return finish_outputs(model.outputs, outs)
