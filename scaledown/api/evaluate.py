"""``sd.evaluate``: score a model on data, on any runtime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError


def _labels(y: np.ndarray, n: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if y.shape[0] != n:
        raise InputError(
            f"y has {y.shape[0]} labels for {n} samples", fix="pass one label per sample of x"
        )
    return y


def _classes(pred: np.ndarray) -> np.ndarray:
    pred = np.asarray(pred)
    flat = pred.reshape(pred.shape[0], -1)
    if flat.shape[1] == 1:  # one sigmoid output: threshold at 0.5
        return (flat[:, 0] >= 0.5).astype(int)
    return flat.argmax(axis=1)


def accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    """Share of samples whose predicted class equals the label (one-hot labels accepted).

    Example:
        >>> accuracy(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0]))
        0.5
    """
    return float((_classes(pred) == _labels(y, np.asarray(pred).shape[0])).mean())


def mse(pred: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error.

    Example:
        >>> mse(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        2.0
    """
    return float(
        np.mean(
            (np.asarray(pred, np.float64) - np.asarray(y, np.float64).reshape(np.shape(pred))) ** 2
        )
    )


def mae(pred: np.ndarray, y: np.ndarray) -> float:
    """Mean absolute error.

    Example:
        >>> mae(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        1.0
    """
    return float(
        np.mean(
            np.abs(np.asarray(pred, np.float64) - np.asarray(y, np.float64).reshape(np.shape(pred)))
        )
    )


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


def on_runtime(model: Any, runtime: str | None) -> Any:
    """The model itself, or its conversion for ``runtime`` (cached on the model)."""
    from ..backends import runtime_format
    from .convert import convert
    from .load import load

    model = load(model)
    if runtime is None:
        return model
    fmt = runtime_format(runtime)
    if fmt == model.format or (runtime == "keras" and model.format == "savedmodel"):
        return model
    from .convert import routes

    if fmt not in routes(model.format):
        from ..backends import RUNTIMES
        from ..errors import ConversionError

        able = [r for r, f in RUNTIMES.items() if f in routes(model.format)]
        raise ConversionError(
            f"the {runtime} runtime cannot run a {model.format} model",
            why=f"scaledown has no route from {model.format} to {fmt}; "
            f"runtimes that can run it: {', '.join(able)}",
            fix=f"pass runtime= one of {', '.join(able)}",
        )
    if model.format == "keras":  # its weights may change (training): convert afresh
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

    Returns:
        The metric's value.

    Raises:
        InputError: unknown metric, or labels that do not match the samples.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> x = np.array([[1, 0, 0, 0], [0, 4, 0, 0]], np.float32)
        >>> sd.evaluate(tiny_dense_tflite(), x, np.array([0, 1]))
        1.0
    """
    score = resolve_metric(metric)
    target = on_runtime(model, runtime)
    pred = target.predict(x, batch_size=batch_size)
    if isinstance(pred, list):
        pred = pred[0]
    return score(pred, y)
