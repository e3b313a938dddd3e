"""scaledown.datasets: shapes, seeds, validity of the generated signals, no network."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from scaledown import datasets
from scaledown.errors import InputError


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a data set tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_digits_are_cnn_shaped_scaled_and_stratified():
    (x_train, y_train), (x_test, y_test) = datasets.load_digits(test_size=0.2, seed=3)
    assert x_train.shape[1:] == (8, 8, 1) and x_train.dtype == np.float32
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    assert len(x_train) + len(x_test) == 1797
    assert set(np.unique(y_test)) == set(range(10))
    share = np.bincount(y_test) / np.bincount(y_train)
    assert np.all(np.abs(share - 0.25) < 0.05)  # 20/80 in every class
    again = datasets.load_digits(test_size=0.2, seed=3)
    other = datasets.load_digits(test_size=0.2, seed=4)
    assert np.array_equal(again.train.y, y_train) and not np.array_equal(other.train.y, y_train)
    assert datasets.load_digits(flatten=True).train.x.shape[1:] == (64,)


def test_gestures_shape_rate_and_determinism():
    split = datasets.make_gestures(seed=7, n_per_class=12, sample_rate_hz=50, window_s=3.0)
    assert split.train.x.shape[1:] == (150, 3) and split.train.x.dtype == np.float32
    assert len(split.train.x) + len(split.test.x) == 60
    same = datasets.make_gestures(seed=7, n_per_class=12, sample_rate_hz=50, window_s=3.0)
    assert np.array_equal(same.train.x, split.train.x)
    different = datasets.make_gestures(seed=8, n_per_class=12, sample_rate_hz=50, window_s=3.0)
    assert not np.allclose(different.train.x, split.train.x)


def test_gesture_signals_are_physically_plausible_and_varied():
    (x, y), _ = datasets.make_gestures(seed=0, n_per_class=40)
    idle = x[y == datasets.GESTURE_CLASSES.index("idle")]
    # at rest the accelerometer reads gravity: a norm of about 1 g
    assert abs(np.linalg.norm(idle, axis=2).mean() - 1.0) < 0.05
    assert np.abs(x).max() <= 4.0  # clipped at the full-scale range
    punch = x[y == datasets.GESTURE_CLASSES.index("punch")]
    assert np.abs(punch).max(axis=(1, 2)).mean() > 1.5 * np.abs(idle).max(axis=(1, 2)).mean()
    # windows of one class differ from each other (per-window variation)
    assert np.std(idle[:, :, 2].mean(axis=1)) > 0.01


def test_gesture_classes_are_learnable_but_not_trivial():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    (x_train, y_train), (x_test, y_test) = datasets.make_gestures(seed=1, n_per_class=60)

    def features(x):
        return np.concatenate([x.mean(1), x.std(1), np.abs(np.diff(x, axis=1)).mean(1)], 1)

    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))
    clf.fit(features(x_train), y_train)
    accuracy = clf.score(features(x_test), y_test)
    assert 0.7 < accuracy < 1.0  # chance is 0.2; summary statistics alone are not enough


@pytest.mark.parametrize("kwargs", [
    {"n_per_class": 1}, {"n_per_class": 2.5}, {"sample_rate_hz": 10},
    {"window_s": 0.2}, {"test_size": 1.5},
])
def test_gesture_arguments_out_of_range_are_refused(kwargs):
    with pytest.raises(InputError) as info:
        datasets.make_gestures(**kwargs)
    assert "fix:" in str(info.value)
