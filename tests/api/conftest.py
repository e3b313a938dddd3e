"""Fixtures for the API tests: small models trained once per session (used by sd.fit tests)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Models trained here on scikit-learn digits, converted four ways.

    ``int8`` (full integer), ``cnn_int8`` (a small conv net), ``hybrid``
    (dynamic-range: float activations, int8 weights), ``gelu`` (an op TFLM
    lacks) and ``float``. Trained once per test session (a few seconds).
    """
    import numpy as np
    import tensorflow as tf
    from sklearn.datasets import load_digits

    tf.keras.utils.set_random_seed(0)
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    folder = tmp_path_factory.mktemp("fit-models")

    def rep():
        for i in range(64):
            yield [x[i : i + 1]]

    def rep_img():
        for i in range(64):
            yield [x[i : i + 1].reshape(1, 8, 8, 1)]

    def convert(model: tf.keras.Model, kind: str, data=rep) -> bytes:
        conv = tf.lite.TFLiteConverter.from_keras_model(model)
        if kind != "float":
            conv.optimizations = [tf.lite.Optimize.DEFAULT]
        if kind in ("int8", "gelu"):
            conv.representative_dataset = data
            conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        if kind == "int8":
            conv.inference_input_type = tf.int8
            conv.inference_output_type = tf.int8
        return conv.convert()

    inp = tf.keras.Input((64,))
    hidden = tf.keras.layers.Dense(32, activation="relu")(inp)
    dense = tf.keras.Model(inp, tf.keras.layers.Dense(10, activation="softmax")(hidden))
    dense.compile("adam", "sparse_categorical_crossentropy")
    dense.fit(x, y, epochs=2, verbose=0)

    img = tf.keras.Input((8, 8, 1))
    h = tf.keras.layers.Conv2D(8, 3, activation="relu")(img)
    h = tf.keras.layers.DepthwiseConv2D(3, activation="relu")(h)
    h = tf.keras.layers.Flatten()(h)
    cnn = tf.keras.Model(img, tf.keras.layers.Dense(10, activation="softmax")(h))
    cnn.compile("adam", "sparse_categorical_crossentropy")
    cnn.fit(x.reshape(-1, 8, 8, 1), y, epochs=1, verbose=0)

    gin = tf.keras.Input((64,))
    gelu = tf.keras.Model(gin, tf.keras.layers.Dense(16, activation="gelu")(gin))

    blobs = {
        "int8": convert(dense, "int8"),
        "cnn_int8": convert(cnn, "int8", rep_img),
        "hybrid": convert(dense, "hybrid"),
        "gelu": convert(gelu, "gelu"),
        "float": convert(dense, "float"),
    }
    paths = {}
    for name, blob in blobs.items():
        paths[name] = folder / f"digits_{name}.tflite"
        paths[name].write_bytes(blob)
    return paths
