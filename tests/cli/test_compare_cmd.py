"""scaledown compare on an NCHW ONNX file and its NHWC TFLite conversion: --layout."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from layout_testkit import cube_conv_onnx, nchw_digits_like

import scaledown as sd
from scaledown.cli import main


def test_compare_an_onnx_file_with_its_tflite_on_nhwc_data_given_layout(
    tmp_path: Path, capsys
) -> None:
    onnx_model, tflite_model, x, y = nchw_digits_like()
    first, second = tmp_path / "net.onnx", tmp_path / "net.tflite"
    onnx_model.save(first)
    tflite_model.save(second)
    data = tmp_path / "nhwc.npz"
    np.savez(data, x=x.transpose(0, 2, 3, 1), y=y)
    args = ["compare", str(first), str(second), "--data", str(data), "--runs", "2", "--json"]
    assert main(args) == 1  # NHWC data for the NCHW reference, without --layout
    assert "--layout NHWC" in capsys.readouterr().err  # the fix speaks CLI
    assert main([*args, "--layout", "NHWC"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["agreement"] for r in rows] == [1.0, 1.0]


def test_compare_on_random_cube_images_uses_the_first_models_order(
    tmp_path: Path, capsys
) -> None:
    first, second = tmp_path / "cube.onnx", tmp_path / "cube.tflite"
    onnx.save(cube_conv_onnx(), first)
    sd.convert(sd.load(first), to="tflite").save(second)
    assert main(["compare", str(first), str(second), "--samples", "4", "--runs", "2",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows[1]["max_abs_diff"] < 1e-4
