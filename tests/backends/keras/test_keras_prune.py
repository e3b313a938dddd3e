"""scaledown.backends.keras.prune: the polynomial schedule and the magnitude mask."""

from __future__ import annotations

import numpy as np
import pytest

from scaledown.backends.keras.prune import Schedule, magnitude_mask, polynomial_sparsity


def test_polynomial_schedule_rises_fast_then_flattens():
    values = [polynomial_sparsity(t, target=0.9, begin=10, end=110) for t in range(0, 130, 10)]
    assert values[:2] == [0.0, 0.0] and values[-2:] == [0.9, 0.9]
    steps = np.diff(values[1:-2])
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)  # cubic: big steps first
    assert polynomial_sparsity(60, target=0.9, begin=10, end=110) == pytest.approx(0.9 * 0.875)


def test_schedule_updates_on_frequency_and_at_the_end():
    schedule = Schedule(target=0.5, begin_step=2, end_step=13, frequency=5)
    assert [t for t in range(20) if schedule.due(t)] == [2, 7, 12, 13]


def test_magnitude_mask_keeps_the_largest_weights():
    w = np.random.default_rng(0).normal(size=(20, 10))
    mask = magnitude_mask(w, 0.7)
    assert mask.sum() == 60
    assert np.abs(w[mask == 1]).min() >= np.abs(w[mask == 0]).max()
