"""`scaledown fit`: the JSON report, and exit codes a build script can gate on."""

from __future__ import annotations

import json

import pytest

from scaledown.cli import main
from scaledown.datasets import mlperf_tiny


@pytest.fixture(scope="module")
def kws():
    return mlperf_tiny("kws")


def test_cli_fit_json_and_exit_codes(kws, capsys):
    assert main(["fit", str(kws), "--device", "arduino-nano-33-ble-sense-rev2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fits"] is True and data["ram"]["arena_bytes"] > 0
    assert main(["fit", str(kws), "--device", "syntiant-tinyml-board", "--budget-ms", "1"]) == 1
    assert main(["fit", str(kws), "--device", "no-such-board"]) == 1
    assert "no-such-board" in capsys.readouterr().err
