"""Turn whatever the user has into calibration samples a quantizer can feed.

Quantizers want one sample at a time, as a list with one float32 array per
model input and a batch axis of 1. Users have a NumPy array, an ``(x, y)``
tuple, a generator, a ``tf.data.Dataset`` or TensorFlow's own
``representative_dataset`` function. :func:`build_feed` accepts all of them,
checks every sample before any converter sees it (numbers, not NaN or
infinite, the model's input shapes) and stops at ``max_samples``. A NaN or
infinite value would otherwise crash TensorFlow's converter (killing the
Python process) or give a model with broken scales; a generator that raises
is reported as the data's fault, with the sample it stopped at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from ..errors import CalibrationError, ScaleDownError, first_line
from ..vocabulary.feed import Feed as Feed  # its home until it moved down

DEFAULT_SAMPLES = 300


def _shape_text(shape: Sequence[int | None]) -> str:
    return "(" + ", ".join("batch" if i == 0 else ("any" if d is None else str(d))
                           for i, d in enumerate(shape)) + ")"


def _fits(sample_shape: tuple[int, ...], expected: Sequence[int | None]) -> bool:
    want = tuple(expected)[1:]
    return len(sample_shape) == len(want) and all(
        w is None or w == s for s, w in zip(sample_shape, want, strict=True)
    )


def _as_float(array: Any, where: str) -> np.ndarray:
    try:
        out = np.asarray(array)
    except Exception as exc:  # ragged lists, objects
        raise CalibrationError(f"{where} is not an array ({type(array).__name__})",
                               why=str(exc), fix="pass NumPy arrays of numbers") from None
    if np.issubdtype(out.dtype, np.complexfloating):
        raise CalibrationError(f"{where} holds complex numbers ({out.dtype})",
                               why="the model's inputs are real numbers",
                               fix="pass real values, e.g. np.abs(x) or x.real")
    if not (np.issubdtype(out.dtype, np.number) or out.dtype == bool):
        raise CalibrationError(f"{where} holds {out.dtype} values, not numbers",
                               why="calibration runs the float model on real inputs",
                               fix="pass the same float inputs you would give model.predict")
    with np.errstate(over="ignore", invalid="ignore"):  # reported by _require_finite
        return out.astype(np.float32, copy=False)


def _require_finite(original: Any, part: np.ndarray, name: str, first_sample: int) -> None:
    """Raise if ``part`` (samples from ``first_sample`` on) holds NaN or infinite values."""
    finite = np.isfinite(part)
    if finite.all():
        return
    bad = ~finite.reshape(len(part), -1).all(axis=1)
    sample = first_sample + int(np.argmax(bad))
    count = f"{int((~finite).sum())} of {part.size} values; the first in sample {sample}"
    source = np.asarray(original)
    if np.issubdtype(source.dtype, np.number) and bool(np.isfinite(source).all()):
        raise CalibrationError(
            f"calibration data for input {name!r} holds values too large for float32 ({count})",
            why="the model computes in float32, whose largest value is about "
                f"{float(np.finfo(np.float32).max):.2g}",
            fix="scale the inputs into the range the model was trained on",
        )
    kinds = " and ".join(k for k, test in (("NaN", np.isnan), ("infinite", np.isinf))
                         if test(part).any())
    raise CalibrationError(
        f"calibration data for input {name!r} holds {kinds} values ({count})",
        why="quantization measures each tensor's range on these inputs, and NaN or infinity "
            "has no range: TensorFlow's converter crashes on it, other runtimes fail or "
            "compute broken scales",
        fix="drop or repair those samples, e.g. x = x[np.isfinite(x).reshape(len(x), -1)"
            ".all(axis=1)]",
    )


def _parts(item: Any, n_inputs: int, names: tuple[str, ...]) -> list[Any]:
    """One item of the user's data -> one entry per model input (labels dropped)."""
    if isinstance(item, dict):
        missing = [n for n in names if n not in item]
        if missing:
            raise CalibrationError(f"calibration item has keys {sorted(item)}",
                                   why=f"the model's inputs are named {list(names)}",
                                   fix=f"add the missing input(s) {missing}")
        return [item[n] for n in names]
    if isinstance(item, (list, tuple)):
        if n_inputs == 1:
            return [item[0]]  # [x] (TensorFlow's convention) or (x, y) from a dataset
        if len(item) == 2 and isinstance(item[0], (list, tuple, dict)):
            return _parts(item[0], n_inputs, names)  # ((x1, x2), y)
        return list(item[:n_inputs])
    return [item]


def _iterate(data: Any) -> Iterable[Any]:
    if hasattr(data, "as_numpy_iterator"):  # tf.data.Dataset, without importing TF
        return data.as_numpy_iterator()
    if callable(data):  # a representative_dataset function
        return data()
    return data


def build_feed(
    data: Any, inputs: Sequence[Any], *, max_samples: int = DEFAULT_SAMPLES
) -> Feed:
    """Build calibration samples from an array, tuple, generator or tf.data set.

    Args:
        data: ``x`` of shape ``(n, *input_shape)``; ``(x, y)``; a dict by
            input name; a list of arrays for multi-input models; or an
            iterable / generator function / ``tf.data.Dataset`` yielding any of
            those, either single samples or batches.
        inputs: The model's input specs (``Model.inputs``).
        max_samples: Stop after this many samples.

    Returns:
        A :class:`Feed` of at most ``max_samples`` samples.

    Raises:
        CalibrationError: empty data, non-numeric values, or a shape that
            does not match the model, naming the expected shape.

    Example:
        >>> import numpy as np
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> spec = [TensorSpec("x", (None, 4), "float32")]
        >>> len(build_feed(np.ones((10, 4)), spec, max_samples=8))
        8
        >>> build_feed(np.ones((10, 5)), spec)
        Traceback (most recent call last):
        ...
        scaledown.errors.CalibrationError: calibration data for input 'x' has shape (10, 5)
          why: the model expects (batch, 4)
          fix: reshape it, e.g. x.reshape(-1, 4)
    """
    if data is None:
        raise CalibrationError("no calibration data was given",
                               why="int8 quantization measures the range of every layer on "
                                   "real inputs",
                               fix="pass data=x_train[:300] (a few hundred typical inputs)")
    if max_samples < 1:
        raise CalibrationError(f"max_samples={max_samples} must be at least 1",
                               fix="use a few hundred samples, e.g. 300")
    names = tuple(spec.name for spec in inputs)
    shapes = [tuple(spec.shape) for spec in inputs]
    n = len(inputs)
    # a whole data set given at once: x, (x, y), [x1, x2], {name: x}
    if isinstance(data, np.ndarray) or (
        isinstance(data, (tuple, list, dict)) and not _looks_like_samples(data, n)
    ):
        whole = data

        def read() -> Iterable[Any]:
            return [whole]
    else:
        def read() -> Iterable[Any]:
            return _iterate(data)
    samples: list[list[np.ndarray]] = []
    for n_items, item in enumerate(_guarded(read, samples)):
        raw = _parts(item, n, names)
        parts = [_as_float(p, "calibration data") for p in raw]
        if len(parts) != n:
            raise CalibrationError(f"calibration item has {len(parts)} array(s)",
                                   why=f"the model has {n} inputs: {list(names)}",
                                   fix="give one array per input, in the model's order")
        batch = None
        for j, part in enumerate(parts):
            given = tuple(part.shape)
            if part.ndim == len(shapes[j]) - 1:
                part = part[np.newaxis]
                parts[j] = part
            if not _fits(part.shape[1:], shapes[j]):
                fix_shape = ", ".join("-1" if d is None else str(d) for d in shapes[j][1:])
                where = f"item {n_items} of " if n_items else ""
                raise CalibrationError(
                    f"calibration data for input {names[j]!r} has shape {given}"
                    + (f" ({where.strip()} the data)" if where else ""),
                    why=f"the model expects {_shape_text(shapes[j])}",
                    fix=f"reshape it, e.g. x.reshape(-1, {fix_shape})",
                )
            # only the samples that will be used: a bad row past max_samples is never fed
            _require_finite(raw[j], part[: max_samples - len(samples)], names[j], len(samples))
            batch = len(part) if batch is None else min(batch, len(part))
        for k in range(batch or 0):
            samples.append([p[k : k + 1] for p in parts])
            if len(samples) >= max_samples:
                return Feed(samples, names)
    if not samples:
        raise CalibrationError("the calibration data is empty",
                               why="int8 quantization needs real inputs to measure ranges",
                               fix="pass a few hundred typical inputs, e.g. data=x_train[:300]")
    return Feed(samples, names)


def _guarded(read: Callable[[], Iterable[Any]], samples: list) -> Iterator[Any]:
    """Iterate the user's data; an exception it raises becomes a CalibrationError.

    ``read()`` returns the iterable (calling the user's generator function or
    opening a ``tf.data`` iterator, either of which may raise too);
    ``samples``, filled by the caller, says how far the data got.
    """
    iterator: Iterator[Any] | None = None
    index = 0
    while True:
        try:
            if iterator is None:
                items = read()
                try:
                    iterator = iter(items)
                except TypeError:
                    raise CalibrationError(
                        f"calibration data of type {type(items).__name__} cannot be read",
                        why="scaledown reads arrays, (x, y) tuples, dicts, lists, generators "
                            "and tf.data datasets",
                        fix="pass data=x_train[:300], a NumPy array of typical inputs",
                    ) from None
            item = next(iterator)
        except StopIteration:
            return
        except ScaleDownError:
            raise
        except Exception as exc:
            raise CalibrationError(
                f"the calibration data generator raised {type(exc).__name__} at item {index} "
                f"(after {len(samples)} good sample(s))",
                why=f"{type(exc).__name__}: {first_line(exc)} (raised inside your data, "
                    "before any converter ran; the original is chained as __cause__)",
                fix="fix the generator (run next() on it yourself to see the error), or pass "
                    "a NumPy array of inputs instead",
            ) from exc
        yield item
        index += 1


def _looks_like_samples(data: Any, n_inputs: int) -> bool:
    """True for a list of samples (iterate it), false for one whole data set."""
    if isinstance(data, dict):
        return False
    if isinstance(data, tuple) and len(data) == 2 and (
        n_inputs == 1 or isinstance(data[0], (list, tuple, dict))
    ):
        return False  # (x, y), or ((x1, x2), y) for a multi-input model
    # [x1, x2]: one whole array per input of a multi-input model
    return not (n_inputs > 1 and len(data) == n_inputs
                and all(isinstance(a, np.ndarray) for a in data))
