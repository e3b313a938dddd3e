"""The inspect / convert / benchmark / compare commands, as a script would call them."""

from __future__ import annotations

import json

import numpy as np
from core_testmodels import digits, digits_tflite, workdir

from scaledown.cli import main
from scaledown.datasets import mlperf_tiny


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_inspect_json(capsys):
    assert (
        main(["inspect", str(mlperf_tiny("kws")), "--runtime", "tflm", "--json"]) == 0
    )
    report = _json(capsys)
    assert report["macs"] == 2656768 and report["runtimes"] == ["tflm"]
    assert report["rows"][0]["kind"] == "CONV_2D"


def test_convert_writes_the_file_and_checks_it(capsys):
    out = workdir() / "cli_resnet.onnx"
    assert (
        main(
            [
                "convert",
                str(mlperf_tiny("ic", "float")),
                "--to",
                "onnx",
                "-o",
                str(out),
                "--check",
                "--json",
            ]
        )
        == 0
    )
    info = _json(capsys)
    assert out.is_file() and info["size_bytes"] == out.stat().st_size
    assert info["max_abs_diff"] <= 1e-4


def test_benchmark_json(capsys):
    assert (
        main(
            ["benchmark", str(mlperf_tiny("ad")), "--runs", "5", "--warmup", "1", "--json"]
        )
        == 0
    )
    (result,) = _json(capsys)["results"]
    assert result["runtime"] == "litert" and result["runs"] == 5 and result["p50_ms"] > 0


def test_compare_with_data_and_plot(capsys):
    model = workdir() / "cli_digits.tflite"
    model.write_bytes(digits_tflite())
    x, y = digits()
    data = workdir() / "digits.npz"
    np.savez(data, x=x[1500:1600], y=y[1500:1600])
    plot = workdir() / "cmp.png"
    assert (
        main(
            [
                "compare",
                str(model),
                str(model),
                "--data",
                str(data),
                "--runs",
                "3",
                "--plot",
                str(plot),
                "--json",
            ]
        )
        == 0
    )
    rows = _json(capsys)["rows"]
    assert rows[0]["score"] == rows[1]["score"] and rows[1]["agreement"] == 1.0
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_errors_exit_1_with_one_message(capsys):
    assert main(["inspect", str(workdir() / "missing.tflite")]) == 1
    err = capsys.readouterr().err
    assert "model file not found" in err and "fix:" in err and "Traceback" not in err
    assert (
        main(["convert", str(mlperf_tiny("kws")), "--to", "onnx", "-o", "x.tflite"])
        == 1
    )
    assert "does not end in .onnx" in capsys.readouterr().err


def test_inspect_a_keras_file_as_tflite(capsys):
    assert main(["inspect", str(mlperf_tiny("ad", "keras")), "--as", "tflite", "--json"]) == 0
    report = _json(capsys)
    assert report["format"] == "tflite" and "tflm" in report["runtimes"]
    assert {row["kind"] for row in report["rows"]} == {"FULLY_CONNECTED"}
    assert all(row["support"]["tflm"] == "yes" for row in report["rows"])
