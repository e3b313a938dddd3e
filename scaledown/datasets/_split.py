"""The shape every scaledown data set comes in: a train and a test split."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..errors import InputError


class Arrays(NamedTuple):
    """Inputs ``x`` and integer labels ``y`` of one split."""

    x: np.ndarray
    y: np.ndarray


class Split(NamedTuple):
    """Train and test arrays; unpacks like ``keras.datasets``.

    Example:
        >>> import numpy as np
        >>> s = Split(Arrays(np.zeros((3, 2)), np.arange(3)), Arrays(np.ones((1, 2)), np.zeros(1)))
        >>> (x_train, y_train), (x_test, y_test) = s
        >>> x_train.shape, s.test.x.shape
        ((3, 2), (1, 2))
    """

    train: Arrays
    test: Arrays


def check_fraction(name: str, value: float) -> float:
    """Validate a fraction strictly between 0 and 1 (e.g. ``test_size``).

    Example:
        >>> check_fraction("test_size", 0.25)
        0.25
    """
    if not isinstance(value, (int, float)) or not 0.0 < float(value) < 1.0:
        raise InputError(
            f"{name}={value!r} is not a fraction between 0 and 1",
            why=f"{name} is the share of samples put in the test split",
            fix=f"pass e.g. {name}=0.2",
        )
    return float(value)


def stratified_split(
    x: np.ndarray, y: np.ndarray, test_size: float, seed: int
) -> Split:
    """Split so that every class keeps its share in both parts.

    Example:
        >>> import numpy as np
        >>> s = stratified_split(np.arange(20.0), np.repeat([0, 1], 10), 0.2, seed=0)
        >>> len(s.train.x), sorted(s.test.y.tolist())
        (16, [0, 0, 1, 1])
    """
    rng = np.random.default_rng(seed)
    train_idx: list[np.ndarray] = []
    test_idx: list[np.ndarray] = []
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test = max(1, round(len(idx) * test_size)) if len(idx) > 1 else 0
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    tr = rng.permutation(np.concatenate(train_idx))
    te = rng.permutation(np.concatenate(test_idx))
    return Split(Arrays(x[tr], y[tr]), Arrays(x[te], y[te]))
