"""sd.evaluate on every runtime: metrics, labels at the edges, retrained weights."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import digits, digits_cnn, digits_tflite

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.datasets import mlperf_tiny
from scaledown.errors import ConversionError, InputError


def test_evaluate_is_the_same_on_every_runtime():
    x, y = digits()
    test_x, test_y = x[1500:], y[1500:]
    scores = {
        rt: sd.evaluate(digits_cnn(), test_x, test_y, runtime=rt)
        for rt in ("keras", "litert", "onnxruntime", "openvino")
    }
    assert scores["keras"] > 0.8  # a few epochs on 1500 digits
    assert max(scores.values()) - min(scores.values()) <= 1 / len(test_y)


def test_evaluate_metrics_and_errors():
    x, y = digits()
    model = sd.load(digits_tflite())
    one_hot = np.eye(10)[y[:50]]
    assert sd.evaluate(model, x[:50], one_hot) == sd.evaluate(model, x[:50], y[:50])
    with pytest.raises(InputError, match="labels for"):
        sd.evaluate(model, x[:50], y[:40])
    with pytest.raises(InputError, match="unknown metric"):
        sd.evaluate(model, x[:5], y[:5], metric="f7")
    ad = sd.load(mlperf_tiny("ad", "float"))
    sample = np.random.default_rng(0).random((3, 640), dtype=np.float32)
    assert sd.evaluate(ad, sample, ad.predict(sample), metric="mse") == 0.0


def test_evaluating_a_retrained_keras_model_on_another_runtime_sees_new_weights():
    import keras

    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model = sd.load(net)
    x = np.eye(4, dtype=np.float32)
    before = sd.evaluate(model, x, np.zeros((4, 2)), metric="mae", runtime="litert")
    net.set_weights([w * 0 for w in net.get_weights()])  # "training" changed every weight
    assert sd.evaluate(model, x, np.zeros((4, 2)), metric="mae", runtime="litert") == 0.0
    assert before > 0


# -- labels at the edges (issue 11) -------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.full(8, 3), r"label 3, but the model has 3 classes \(labels 0..2\)"),
        (np.full(8, -1), "label -1, but the model has 3 classes"),
        (np.full(8, 0.5), "not whole numbers, e.g. 0.5"),
        (np.array(["cat"] * 8), "string values"),
        (np.array([0.0] * 7 + [np.nan]), "1 NaN value"),
        (np.eye(5)[np.zeros(8, int)], "one-hot with 5 columns, but the model has 3 classes"),
        (None, "y is None"),
    ],
)
def test_evaluate_refuses_labels_that_cannot_score(labels, message):
    from edge_testmodels import tiny_models

    x = np.random.default_rng(0).random((8, 4), dtype=np.float32)
    with pytest.raises(InputError, match=message):
        sd.evaluate(tiny_models()["tflite"], x, labels)


def test_evaluate_accepts_whole_float_labels_and_regression_targets():
    from edge_testmodels import tiny_models

    model = tiny_models()["tflite"]
    x = np.random.default_rng(0).random((8, 4), dtype=np.float32)
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    assert sd.evaluate(model, x, y.astype(np.float32)) == sd.evaluate(model, x, y)
    assert sd.evaluate(model, x, np.zeros((8, 3)), metric="mse") >= 0.0
    with pytest.raises(InputError, match="y has 5 values but the model gave 24"):
        sd.evaluate(model, x, np.zeros(5), metric="mae")


# -- unsupported combinations fail before any work, listing what is supported --

def test_an_unreachable_runtime_lists_the_reachable_ones() -> None:
    x, y = np.zeros((2, 4), np.float32), np.zeros(2, np.int64)
    with pytest.raises(ConversionError, match="the keras runtime cannot run a tflite model") as err:
        sd.evaluate(tiny_dense_tflite(), x, y, runtime="keras")
    assert "runtimes that can run it: litert, onnxruntime, openvino" in err.value.why


def test_an_unknown_runtime_lists_the_known_ones() -> None:
    x, y = np.zeros((2, 4), np.float32), np.zeros(2, np.int64)
    with pytest.raises(InputError, match="unknown runtime 'coreml'"):
        sd.evaluate(tiny_dense_tflite(), x, y, runtime="coreml")
