"""`scaledown quantize` and `scaledown prune` from the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from opt_testkit import digits, digits_cnn

import scaledown as sd
from scaledown.cli import main


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opt-cli")
    digits_cnn().save(folder / "digits.keras")
    (x, y), _ = digits()
    np.save(folder / "calib.npy", x[:100])
    np.savez(folder / "train.npz", x=x[:512], y=y[:512])
    np.save(folder / "wrong.npy", x[:10, :, :, 0])
    return folder


def test_quantize_writes_an_int8_tflite_and_reports_json(workdir, capsys):
    out = workdir / "out.tflite"
    code = main(["quantize", str(workdir / "digits.keras"), "--scheme", "int8",
                 "--data", str(workdir / "calib.npy"), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and out.exists()
    assert report["output"] == str(out) and report["size_bytes"] == out.stat().st_size
    assert report["inputs"][0].endswith("int8 (scale=0.00392157, zero_point=-128)")
    assert sd.load(out).is_quantized


def test_quantize_for_onnxruntime_uses_the_default_name(workdir, capsys):
    code = main(["quantize", str(workdir / "digits.keras"), "--scheme", "dynamic",
                 "--runtime", "onnxruntime"])
    assert code == 0 and (workdir / "digits-dynamic.onnx").exists()
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(("extra", "message"), [
    (["--data", "wrong.npy"], "(batch, 8, 8, 1)"),
    (["--data", "missing.npy"], "data file not found"),
    (["--data", "calib.npy", "--runtime", "openvino"], "does not end in .xml"),
    ([], "no calibration data"),
])
def test_quantize_errors_exit_1_with_a_fix_and_write_nothing(workdir, capsys, extra, message):
    extra = [str(workdir / e) if e.endswith(".npy") else e for e in extra]
    out = workdir / "never.tflite"
    code = main(["quantize", str(workdir / "digits.keras"), "-o", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "fix:" in err
    assert not out.exists() and not list(workdir.glob("never*"))


def test_prune_cli_reports_sparsity_as_json(workdir, capsys):
    out = workdir / "pruned.keras"
    code = main(["prune", str(workdir / "digits.keras"), "--sparsity", "0.6", "--epochs", "1",
                 "--data", str(workdir / "train.npz"), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and out.exists()
    assert abs(report["sparsity"] - 0.6) < 0.01 and len(report["layers"]) == 3
    assert report["tflite_gzip_bytes"] < report["original_gzip_bytes"]


def test_prune_cli_refuses_a_npy_without_labels(workdir, capsys):
    code = main(["prune", str(workdir / "digits.keras"), "--data", str(workdir / "calib.npy")])
    assert code == 1 and "numpy.savez" in capsys.readouterr().err
