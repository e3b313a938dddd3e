"""Small models and data shared by the framework-core tests, built once per process.

Plain cached functions rather than fixtures, so every core test file in a
pytest worker reuses the same trained model.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]


@cache
def workdir() -> Path:
    """A temp folder for this test process, removed when the process exits."""
    path = Path(tempfile.mkdtemp(prefix="scaledown-core-tests-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits as (N, 8, 8, 1) float32 in [0, 1] and int labels."""
    from sklearn.datasets import load_digits

    data = load_digits()
    x = (data.images / 16.0).astype(np.float32)[..., None]
    return x, data.target.astype(np.int64)


@cache
def digits_cnn():
    """A tiny CNN (conv, depthwise, dense) trained for twelve short epochs on digits."""
    import keras

    keras.utils.set_random_seed(0)
    x, y = digits()
    model = keras.Sequential(
        [
            keras.Input((8, 8, 1), name="pixels"),
            keras.layers.Conv2D(8, 3, activation="relu"),
            keras.layers.DepthwiseConv2D(3, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="digits_cnn",
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x[:1500], y[:1500], epochs=12, batch_size=32, verbose=0)
    return model


@cache
def digits_cnn_file() -> Path:
    path = workdir() / "digits_cnn.keras"
    digits_cnn().save(path)
    return path


@cache
def digits_savedmodel() -> Path:
    path = workdir() / "digits_savedmodel"
    digits_cnn().export(str(path), verbose=False)
    return path


@cache
def digits_tflite() -> bytes:
    import scaledown as sd

    return sd.convert(digits_cnn(), to="tflite").to_bytes()


@cache
def lambda_files() -> tuple[Path, Path]:
    """A Keras 3 ``.keras`` file and a tf_keras ``.h5`` file, both with a Lambda layer."""
    import keras
    import tf_keras

    k3 = keras.Sequential(
        [keras.Input((4,)), keras.layers.Lambda(lambda t: t * 2.0), keras.layers.Dense(2)]
    )
    keras_path = workdir() / "lambda.keras"
    k3.save(keras_path)
    k2 = tf_keras.Sequential(
        [tf_keras.layers.Lambda(lambda t: t * 2.0, input_shape=(4,)), tf_keras.layers.Dense(2)]
    )
    h5_path = workdir() / "lambda.h5"
    k2.save(h5_path)
    return keras_path, h5_path


@cache
def keras3_refused_h5() -> Path:
    """A real TF 2.x ``.h5`` file Keras 3 cannot read: LocallyConnected1D left Keras in 3.0."""
    import tf_keras

    tf_keras.utils.set_random_seed(0)
    net = tf_keras.Sequential(
        [
            tf_keras.layers.LocallyConnected1D(4, 3, input_shape=(10, 2)),
            tf_keras.layers.Flatten(),
            tf_keras.layers.Dense(3),
        ]
    )
    path = workdir() / "locally_connected.h5"
    net.save(path)
    return path


def mlperf_file(name: str) -> Path:
    """An MLPerf Tiny model by MLCommons' file name, found through ``sd.datasets.mlperf_tiny``."""
    from scaledown.datasets.mlperf_tiny import FILES, mlperf_tiny

    for task, variants in FILES.items():
        for variant, file_name in variants.items():
            if file_name == name:
                return mlperf_tiny(task, variant)
    raise KeyError(f"no shipped MLPerf Tiny model is called {name}")


def custom_op_tflite() -> bytes:
    """The tiny dense model with its op renamed to a custom op no runtime knows."""
    import flatbuffers

    from scaledown.backends.litert.schema import schema
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    s = schema()
    model = s.ModelT.InitFromPackedBuf(tiny_dense_tflite(), 0)
    code = model.operatorCodes[0]
    code.builtinCode = code.deprecatedBuiltinCode = s.BuiltinOperator.CUSTOM
    code.customCode = "SCALEDOWN_MYSTERY_OP"
    op = model.subgraphs[0].operators[0]
    op.builtinOptionsType, op.builtinOptions = 0, None
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())
