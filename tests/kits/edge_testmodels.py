"""One tiny untrained model (4 inputs, 3 softmax outputs) in every format, built once.

Untrained on purpose: the edge-input tests check what predict, evaluate and
load do with bad input, not what the model has learnt, and building it takes
well under a second.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from core_testmodels import workdir


@cache
def tiny_keras():
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [keras.Input((4,), name="features"), keras.layers.Dense(3, activation="softmax")],
        name="tiny_edge",
    )


@cache
def calibration() -> np.ndarray:
    return np.random.default_rng(0).random((32, 4), dtype=np.float32)


@cache
def tiny_models() -> dict[str, object]:
    """The same model as keras, savedmodel, tflite, onnx, openvino and int8 tflite."""
    import scaledown as sd

    keras_model = sd.load(tiny_keras())
    folder = workdir() / "tiny_edge_savedmodel"
    if not folder.exists():
        tiny_keras().export(str(folder), verbose=False)
    return {
        "keras": keras_model,
        "savedmodel": sd.load(folder),
        "tflite": sd.convert(keras_model, to="tflite"),
        "onnx": sd.convert(keras_model, to="onnx"),
        "openvino": sd.convert(keras_model, to="openvino"),
        "int8": sd.quantize(keras_model, "int8", data=calibration()),
    }


@cache
def tiny_file(kind: str) -> Path:
    """A file of the tiny model: ``tflite``, ``onnx``, ``keras`` or ``int8`` (a .tflite)."""
    models = tiny_models()
    if kind == "keras":
        path = workdir() / "tiny_edge.keras"
        tiny_keras().save(path)
        return path
    suffix = {"tflite": ".tflite", "onnx": ".onnx", "int8": ".tflite"}[kind]
    path = workdir() / f"tiny_edge_{kind}{suffix}"
    path.write_bytes(models[kind].to_bytes())
    return path
