"""sd.prune: the schedule, the masks, what it reports, and what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn

import scaledown as sd
from scaledown.backends.keras.prune import Schedule, magnitude_mask, polynomial_sparsity
from scaledown.datasets import mlperf_tiny
from scaledown.errors import InputError


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


@pytest.fixture(scope="module")
def pruned():
    model = digits_cnn()
    (x, y), test = digits()
    before = [w.copy() for w in model.get_weights()]
    result = sd.prune(model, 0.75, data=(x, y), epochs=3, validation_data=test)
    return model, before, result


def test_prune_reaches_the_target_in_every_layer(pruned):
    model, _, result = pruned
    # Keras numbers default layer names globally, so compare with the model's own names.
    expected = [layer.name for layer in model.layers
                if layer.get_weights() and layer.get_weights()[0].ndim > 1]
    assert [layer.name for layer in result.layers] == expected
    for layer in result.layers:
        assert abs(layer.sparsity - 0.75) < 0.01, layer
    assert abs(result.sparsity - 0.75) < 0.005
    kernels = [w for w in result.model.native.get_weights() if w.ndim > 1]
    assert all(abs(np.mean(k == 0) - 0.75) < 0.01 for k in kernels)


def test_pruned_model_still_works_and_original_is_untouched(pruned):
    model, before, result = pruned
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
    _, (x, y) = digits()
    float_acc = accuracy(model.predict(x, verbose=0), y)
    assert accuracy(result.model.predict(x), y) >= float_acc - 5.0
    assert "val_loss" in result.history and len(result.history["loss"]) == 3


def test_zeros_shrink_the_gzipped_tflite_but_not_the_plain_file(pruned):
    _, _, result = pruned
    original = result.original_tflite_bytes
    assert abs(result.tflite_bytes - original) < 0.01 * original
    assert result.gzip_ratio < 0.6
    text = repr(result)
    assert "75.0%" in text and result.layers[-1].name in text and "gzip" in text


def test_prune_accepts_a_tf_data_set():
    import tensorflow as tf

    (x, y), _ = digits()
    data = tf.data.Dataset.from_tensor_slices((x[:256], y[:256])).batch(32)
    result = sd.prune(digits_cnn(), 0.5, data=data, epochs=1)
    assert abs(result.sparsity - 0.5) < 0.01


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sparsity": 1.0}, "fraction"),
    ({"sparsity": 0.5, "epochs": 0}, "epochs"),
    ({"sparsity": 0.5}, "needs training data"),
    ({"sparsity": 0.5, "data": np.zeros((4, 8, 8, 1))}, r"\(x, y\)"),
    ({"sparsity": 0.5, "data": (np.zeros((4, 8, 8, 1)), np.zeros(3))}, "labels"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        sd.prune(digits_cnn(), **kwargs)


def test_only_keras_models_can_be_pruned():
    with pytest.raises(InputError, match="only Keras models"):
        sd.prune(mlperf_tiny("ad", "float"), 0.5, data=(np.zeros((2, 640)),) * 2)


def test_legacy_tf_keras_models_are_pruned_too():
    tf_keras = pytest.importorskip("tf_keras")
    (x, y), _ = digits()
    model = tf_keras.Sequential([
        tf_keras.layers.InputLayer((8, 8, 1)), tf_keras.layers.Flatten(),
        tf_keras.layers.Dense(16, activation="relu"), tf_keras.layers.Dense(10),
    ])
    result = sd.prune(model, 0.6, data=(x[:256], y[:256]), epochs=1)
    assert type(result.model.native).__module__.startswith("tf_keras")
    assert abs(result.sparsity - 0.6) < 0.01
