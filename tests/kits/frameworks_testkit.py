"""Tiny source models in every framework, built once per process, for the route tests.

Every source has the same shape of network (an 8x8 one-channel image -> a
convolution -> pooling -> dense -> 3 classes), so one set of inputs feeds all
of them: ``images()`` is NHWC, ``channels_first()`` the same data as NCHW.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import numpy as np
import pytest
from core_testmodels import workdir

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_torch() -> Any:
    """``torch``, skipping the test when it is missing locally (never in CI: CI installs it)."""
    if IN_CI:
        import torch

        return torch
    return pytest.importorskip("torch", reason="the torch extra is not installed")


@cache
def images() -> np.ndarray:
    """16 random NHWC images in [0, 1)."""
    return np.random.default_rng(1).random((16, 8, 8, 1), dtype=np.float32)


def channels_first() -> np.ndarray:
    """``images()`` as NCHW."""
    return np.ascontiguousarray(images().transpose(0, 3, 1, 2))


def data_for(model: Any) -> np.ndarray:
    """The test images in the layout ``model`` reads."""
    shape = tuple(model.inputs[0].shape[1:])
    return channels_first() if shape == (1, 8, 8) else images()


@cache
def keras_net() -> Any:
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((8, 8, 1), name="pixels"),
        keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ], name="tiny_keras_cnn")


@cache
def torch_net() -> Any:
    torch = require_torch()
    torch.manual_seed(0)

    class TinyTorchCNN(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
            self.pool = torch.nn.MaxPool2d(2)
            self.fc = torch.nn.Linear(4 * 4 * 4, 3)

        def forward(self, x: Any) -> Any:
            x = self.pool(torch.relu(self.conv(x)))
            return torch.softmax(self.fc(torch.flatten(x, 1)), dim=1)

    return TinyTorchCNN().eval()


@cache
def source_model(source: str) -> Any:
    """The tiny model of ``source`` loaded with ``sd.load``, as a learner would."""
    import scaledown as sd

    if source == "keras":
        return sd.load(keras_net())
    if source == "savedmodel":
        folder = workdir() / "tiny_saved_model"
        if not folder.exists():
            keras_net().export(str(folder), verbose=False)
        return sd.load(folder)
    if source == "onnx":
        from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

        path = workdir() / "tiny_conv.onnx"
        path.write_bytes(tiny_conv_onnx().SerializeToString())
        return sd.load(path)
    if source == "pytorch":
        torch = require_torch()
        return sd.load(torch_net(), example_input=torch.zeros(1, 1, 8, 8))
    if source == "tflite":
        path = workdir() / "tiny_keras_cnn.tflite"
        sd.convert(keras_net(), to="tflite").save(path)
        return sd.load(path)
    raise ValueError(source)
