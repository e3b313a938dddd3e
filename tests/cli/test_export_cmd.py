"""`scaledown export`: the C files and the JSON report of what was written."""

from __future__ import annotations

import json

from scaledown.cli import main
from scaledown.datasets import mlperf_tiny


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "fw"
    assert main(["export", str(mlperf_tiny("ad")), "--out", str(out),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ops"] == ["FULLY_CONNECTED"] and data["arena_bytes"] % 16 == 0
    assert (out / "model_data.cc").is_file()
