"""``sd.evaluate``: score a model on data, on any runtime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError, a_model


def _numeric(y: Any, what: str) -> np.ndarray:
    """``y`` as a NumPy array of numbers without NaN, or an InputError naming the problem."""
    if y is None:
        raise InputError(f"y is None; {what} needs one target per sample",
                         fix="pass the labels as the third argument: sd.evaluate(model, x, y)")
    try:
        arr = np.asarray(y)
    except Exception as exc:  # ragged lists
        raise InputError(f"y could not be turned into an array ({exc})",
                         fix="pass y as a NumPy array with one label per sample") from None
    if arr.dtype.kind not in "biuf":
        sample = ", ".join(repr(v) for v in arr.reshape(-1)[:3].tolist())
        kind = "string" if arr.dtype.kind in "US" else str(arr.dtype)
        raise InputError(
            f"y holds {kind} values ({sample}, ...)",
            why=f"{what} compares numbers with the model's outputs",
            fix="turn class names into class indices first, e.g. "
            "names, y = np.unique(y, return_inverse=True)",
        )
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise InputError(
            f"y holds {int(np.isnan(arr).sum())} NaN value(s)",
            why=f"{what} has no answer for a sample without a label",
            fix="drop the unlabelled samples from x and y first, e.g. keep = ~np.isnan(y)",
        )
    return arr


def _labels(y: Any, n: int, classes: int | None = None) -> np.ndarray:
    """Class indices from integer or one-hot labels, checked against ``n`` samples.

    With ``classes`` (the model's number of classes) every label must be an
    index from 0 to ``classes - 1``: a score against labels the model cannot
    output is 0.0 and explains nothing.
    """
    y = _numeric(y, "accuracy")
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot
        if classes is not None and y.shape[1] != classes:
            raise InputError(
                f"y is one-hot with {y.shape[1]} columns, but the model has {classes} classes",
                fix=f"pass one-hot labels with {classes} columns, "
                f"or class indices 0..{classes - 1}",
            )
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if y.shape[0] != n:
        raise InputError(
            f"y has {y.shape[0]} labels for {n} samples", fix="pass one label per sample of x"
        )
    if y.dtype.kind == "f":
        whole = np.isfinite(y) & (y == np.round(y))
        if not whole.all():
            raise InputError(
                f"y holds labels that are not whole numbers, e.g. {float(y[~whole][0])!r}",
                why="accuracy compares class indices (0, 1, 2, ...) with the predicted class",
                fix="pass integer class labels, or use metric='mse' (or 'mae') for "
                "continuous targets",
            )
        y = y.astype(np.int64)
    if classes is not None and y.size:
        bad = (y < 0) | (y >= classes)
        if bad.any():
            raise InputError(
                f"y holds label {int(y[bad][0])}, but the model has {classes} classes "
                f"(labels 0..{classes - 1})",
                why=f"{int(bad.sum())} of {y.size} labels are outside that range, so they "
                "could never match a prediction",
                fix="labels must be class indices from 0; labels counted from 1 need y - 1, "
                "and a model with too few outputs needs retraining",
            )
    return y


def predicted_classes(pred: np.ndarray) -> np.ndarray:
    """The class each row of scores picks: argmax, or a 0.5 threshold for one sigmoid output.

    Example:
        >>> predicted_classes(np.array([[0.1, 0.9], [0.8, 0.2]]))
        array([1, 0])
        >>> predicted_classes(np.array([[0.7]]))
        array([1])
    """
    pred = np.asarray(pred)
    flat = pred.reshape(pred.shape[0], -1)
    if flat.shape[1] == 1:  # one sigmoid output: threshold at 0.5
        return (flat[:, 0] >= 0.5).astype(int)
    return flat.argmax(axis=1)


def _class_count(pred: np.ndarray) -> int:
    width = int(np.prod(np.asarray(pred).shape[1:], dtype=np.int64))
    return 2 if width == 1 else width


def accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    """Share of samples whose predicted class equals the label (one-hot labels accepted).

    Raises:
        InputError: labels that are strings, NaN, not whole numbers, or outside
            the model's classes (0 to the number of outputs - 1).

    Example:
        >>> accuracy(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0]))
        0.5
        >>> accuracy(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 2]))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: y holds label 2, but the model has 2 classes (labels 0..1)
        ...
    """
    pred = np.asarray(pred)
    return float((predicted_classes(pred) == _labels(y, pred.shape[0], _class_count(pred))).mean())


def _targets(pred: np.ndarray, y: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Predictions and targets as float64 arrays of one shape, for ``mse``/``mae``."""
    target = _numeric(y, name)
    pred = np.asarray(pred, np.float64)
    if target.size != pred.size:
        raise InputError(
            f"y has {target.size} values but the model gave {pred.size} "
            f"(outputs of shape {pred.shape})",
            why=f"{name} compares each output value with one target",
            fix=f"pass y with shape {pred.shape}",
        )
    return pred, target.astype(np.float64).reshape(pred.shape)


def mse(pred: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error.

    Example:
        >>> mse(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        2.0
    """
    p, t = _targets(pred, y, "mse")
    return float(np.mean((p - t) ** 2))


def mae(pred: np.ndarray, y: np.ndarray) -> float:
    """Mean absolute error.

    Example:
        >>> mae(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        1.0
    """
    p, t = _targets(pred, y, "mae")
    return float(np.mean(np.abs(p - t)))


METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "accuracy": accuracy,
    "mse": mse,
    "mae": mae,
}


def resolve_metric(metric: str | Callable[[np.ndarray, np.ndarray], float]) -> Callable[..., float]:
    """A metric function from its name, or the callable itself."""
    if callable(metric):
        return metric
    try:
        return METRICS[metric]
    except KeyError:
        raise InputError(
            f"unknown metric {metric!r}",
            why=f"known metrics: {', '.join(METRICS)}",
            fix="pass one of those names, or a function f(pred, y) -> float",
        ) from None


def check_runtime(model: Any, runtime: str) -> bool:
    """Check that ``runtime`` can run ``model``; True when it runs it without converting.

    Raises:
        InputError: unknown runtime, listing the known ones.
        ConversionError: no route from the model's format to the runtime's,
            listing the runtimes that can run it.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> from scaledown.model import Model
        >>> check_runtime(Model(tiny_dense_tflite(), "tflite"), "litert")
        True
        >>> check_runtime(Model(tiny_dense_tflite(), "tflite"), "keras")
        Traceback (most recent call last):
        ...
        scaledown.errors.ConversionError: the keras runtime cannot run a tflite model
          why: scaledown has no route from tflite to keras; runtimes that can run it: litert, onnxruntime, openvino
          fix: pass runtime= one of litert, onnxruntime, openvino
    """  # noqa: E501
    from ..backends import runs_natively, runtime_format, runtimes
    from .convert import routes

    fmt = runtime_format(runtime)
    if fmt == model.format or runs_natively(runtime, model.format):
        return True
    if fmt not in routes(model.format):
        from ..errors import ConversionError

        able = [r for r, f in runtimes().items() if f in routes(model.format)]
        raise ConversionError(
            f"the {runtime} runtime cannot run {a_model(model.format)}",
            why=f"scaledown has no route from {model.format} to {fmt}; "
            f"runtimes that can run it: {', '.join(able)}",
            fix=f"pass runtime= one of {', '.join(able)}",
        )
    return False


def on_runtime(model: Any, runtime: str | None) -> Any:
    """The model itself, or its conversion for ``runtime`` (cached on the model)."""
    from ..backends import runtime_format, supporting
    from .convert import convert
    from .load import load

    model = load(model)
    if runtime is None:
        return model
    if check_runtime(model, runtime):
        return model
    fmt = runtime_format(runtime)
    if model.format in supporting("prune"):  # a trainable model's weights may change: afresh
        return convert(model, to=fmt)
    key = f"converted:{fmt}"
    if key not in model._cache:
        model._cache[key] = convert(model, to=fmt)
    return model._cache[key]


def evaluate(
    model: Any,
    x: Any,
    y: Any,
    *,
    metric: str | Callable[..., float] = "accuracy",
    runtime: str | None = None,
    batch_size: int | None = None,
    layout: str | None = None,
) -> float:
    """Score ``model`` on ``x`` against ``y``.

    Args:
        model: A `sd.Model` or anything `sd.load` takes.
        x: Inputs (float; quantized models are fed through their own scale).
        y: Integer labels, one-hot labels, or targets for ``mse``/``mae``.
        metric: ``"accuracy"``, ``"mse"``, ``"mae"`` or a function ``f(pred, y) -> float``.
        runtime: Run on this runtime (``litert``, ``onnxruntime``, ``openvino``,
            ``keras``), converting first if needed; default: the model's own.
        batch_size: Samples per call for models with a free batch size.
        layout: The channel order of the images in ``x``, ``"NCHW"`` or ``"NHWC"``.
            Default: the order of ``model`` itself, also when ``runtime`` runs a
            conversion that reads the other order (an ONNX or PyTorch model,
            NCHW, on ``litert``, NHWC): scaledown moves the axes for you.

    Returns:
        The metric's value.

    Raises:
        InputError: unknown metric; labels that do not match the samples, or (for
            accuracy) labels that are strings, fractions or outside the model's classes;
            images in the other channel order than the model's, or (where the
            runtime reads another order) images whose channels, height and
            width are equal, without ``layout=``.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> x = np.array([[1, 0, 0, 0], [0, 4, 0, 0]], np.float32)
        >>> sd.evaluate(tiny_dense_tflite(), x, np.array([0, 1]))
        1.0
    """
    from ..backends.common.predict import feed_layouts
    from .load import load

    score = resolve_metric(metric)
    model = load(model)
    target = on_runtime(model, runtime)
    pred = target.predict(x, batch_size=batch_size,
                          layout=feed_layouts(model.inputs, target.inputs, x, layout))
    if isinstance(pred, list):
        pred = pred[0]
    return score(pred, y)
