"""sd.prune: what it reaches, what it reports, and what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn

import scaledown as sd
from scaledown.backends import supporting
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.datasets import mlperf_tiny
from scaledown.errors import InputError


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


# -- unsupported combinations fail before any work, listing what is supported --

@pytest.mark.parametrize("verb", ["prune", "distill"])
def test_a_format_that_cannot_be_trained_lists_the_ones_that_can(verb) -> None:
    model = tiny_dense_tflite()
    call = (lambda: sd.prune(model, 0.5)) if verb == "prune" else (
        lambda: sd.distill(model, model))
    with pytest.raises(InputError, match=f"cannot {verb} a tflite model") as err:
        call()
    assert f"({verb} works on: {', '.join(supporting(verb))})" in err.value.why
    assert supporting(verb) == ["keras"]
