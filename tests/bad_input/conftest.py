"""Fixtures of the bad-input corpus: one folder of tiny model files per test session."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from badkit import calibration, labels, lambda_model, tiny_keras


@pytest.fixture(scope="session")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The tiny model in every format, as objects and as files, plus data files.

    Cases copy what they need into their own temp folder, so a case that
    wrongly wrote beside its input could not hide behind another case.
    """
    import scaledown as sd

    folder = tmp_path_factory.mktemp("bad-input-zoo")
    keras_model = sd.load(tiny_keras())
    tflite = sd.convert(keras_model, to="tflite")
    onnx = sd.convert(keras_model, to="onnx")
    openvino = sd.convert(keras_model, to="openvino")
    int8 = sd.quantize(keras_model, "int8", data=calibration())
    tiny_keras().save(folder / "tiny.keras")
    tflite.save(folder / "tiny.tflite")
    onnx.save(folder / "tiny.onnx")
    openvino.save(folder / "tiny.xml")
    int8.save(folder / "tiny-int8.tflite")
    lambda_model().save(folder / "lambda.keras")
    np.save(folder / "x.npy", calibration())
    np.savez(folder / "train.npz", x=calibration(), y=labels())
    return SimpleNamespace(
        folder=folder, keras=keras_model, tflite=tflite, onnx=onnx, openvino=openvino,
        int8=int8, x=calibration(), y=labels(),
    )


REPO = Path(__file__).resolve().parents[2]
CONTENT = ("docs", "hardware_catalog", "paper_reviews", "study_groups", "tutorials", "overrides")


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's content (no package, no tests), to break and check."""
    root = tmp_path_factory.mktemp("bad-content") / "project"
    root.mkdir()
    for name in CONTENT:
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def work(zoo: SimpleNamespace, tmp_path: Path) -> SimpleNamespace:
    """A fresh folder ``dir`` holding copies of the zoo's files, and the zoo's objects."""
    folder = tmp_path / "work"
    folder.mkdir()
    for item in zoo.folder.iterdir():
        if item.is_file():
            shutil.copy2(item, folder / item.name)
    return SimpleNamespace(**{**zoo.__dict__, "dir": folder})
