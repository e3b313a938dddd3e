"""Fixtures for the compiler tests: the MLPerf Tiny int8 models and a trained digits CNN,
each compiled and built with the host C compiler once per session."""

from __future__ import annotations

import numpy as np
import pytest
from compiler_testkit import MLPERF_TASKS, Compiled, compile_and_build


@pytest.fixture(scope="session")
def compiled_mlperf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Compiled]:
    """The three MLPerf Tiny int8 models shipped in the package, compiled and built once."""
    from scaledown.datasets import mlperf_tiny

    root = tmp_path_factory.mktemp("compiled-mlperf")
    return {name: compile_and_build(mlperf_tiny(task).read_bytes(), root / name, name)
            for name, task in MLPERF_TASKS.items()}


@pytest.fixture(scope="session")
def digits_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's digits, (N, 8, 8, 1) float32 in [0, 1]: train images, labels, test ones."""
    from scaledown.datasets import load_digits

    (x, y), (x_test, y_test) = load_digits(seed=0)
    return x, y, x_test, y_test


@pytest.fixture(scope="session")
def compiled_digits(digits_data, tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """A small digits CNN (conv, depthwise, pools, dense, softmax) trained here,
    quantized with sd.quantize(scheme="int8"), compiled and built once."""
    import keras

    import scaledown as sd

    x, y, _, _ = digits_data
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.DepthwiseConv2D(3, padding="same", activation="relu6"),
        keras.layers.AveragePooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits_cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=6, batch_size=32, verbose=0)
    tiny = sd.quantize(model, scheme="int8", data=x[:200])
    folder = tmp_path_factory.mktemp("compiled-digits") / "digits"
    return compile_and_build(tiny.to_bytes(), folder, "digits_cnn")


@pytest.fixture(scope="session")
def compiled_branchy(digits_data, tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """A digits model with branches, trained here and quantized with sd.quantize: a residual
    ADD (fused ReLU), CONCATENATION, MEAN (global average pooling), LOGISTIC and SOFTMAX."""
    import keras

    import scaledown as sd

    x, y, _, _ = digits_data
    keras.utils.set_random_seed(0)
    inp = keras.Input((8, 8, 1))
    c0 = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
    a = keras.layers.Conv2D(8, 3, padding="same")(c0)
    b = keras.layers.DepthwiseConv2D(3, padding="same")(c0)
    s = keras.layers.Activation("relu")(keras.layers.Add()([a, b]))
    g = keras.layers.GlobalAveragePooling2D()(keras.layers.Concatenate()([s, c0]))
    h = keras.layers.Dense(16, activation="sigmoid")(g)
    model = keras.Model(inp, keras.layers.Dense(10, activation="softmax")(h), name="branchy")
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    tiny = sd.quantize(model, scheme="int8", data=x[:200])
    folder = tmp_path_factory.mktemp("compiled-branchy") / "branchy"
    return compile_and_build(tiny.to_bytes(), folder, "branchy")
