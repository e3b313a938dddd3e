"""Small trained models shared by the optimisation tests (quantize, prune, distill).

Imported by the quantize, prune and distill tests (``tests/api/``, ``tests/cli/``,
``tests/backends/``); the basename is unique across the repo.
"""

from __future__ import annotations

from functools import cache

import numpy as np


@cache
def digits():
    """The digits split used by every test here (seed 0)."""
    from scaledown.datasets import load_digits

    return load_digits(seed=0)


@cache
def digits_cnn(hidden: int = 32, epochs: int = 8):
    """A small CNN trained on digits (about 95 % test accuracy); train once per process."""
    import keras

    keras.utils.set_random_seed(0)
    (x, y), _ = digits()
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits_cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    return model


def accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    """Top-1 accuracy in percent."""
    return float(np.mean(np.argmax(predictions, axis=-1) == labels) * 100.0)


def direct_int8(keras_model, calibration: np.ndarray) -> bytes:
    """Full-integer int8 straight from TensorFlow's converter (no scaledown), one sample a step."""
    import tensorflow as tf

    def representative():
        for i in range(len(calibration)):
            yield [calibration[i : i + 1]]

    converter = tf.lite.TFLiteConverter.from_keras_model(keras_model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return converter.convert()
