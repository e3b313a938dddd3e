"""``scaledown compile``: weights packed by default, ``--raw-weights`` keeps them raw."""

from __future__ import annotations

import json
import subprocess
import sys

import scaledown as sd


def _compile(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scaledown.cli", "compile", *args],
                          capture_output=True, text=True, check=False)


def test_weights_are_packed_unless_raw_weights_is_given(tmp_path):
    model = str(sd.datasets.mlperf_tiny("ad"))
    packed = _compile(model, "--out", str(tmp_path / "packed"), "--json")
    raw = _compile(model, "--out", str(tmp_path / "raw"), "--json", "--raw-weights")
    assert packed.returncode == raw.returncode == 0, packed.stderr + raw.stderr
    assert json.loads(packed.stdout)["packed_tensors"] == 8
    assert json.loads(raw.stdout)["packed_tensors"] == 0
    assert "sd_fully_connected_packed_s8(" in (tmp_path / "packed" / "sd_model.c").read_text()
    assert "sd_fully_connected_packed_s8(" not in (tmp_path / "raw" / "sd_model.c").read_text()
