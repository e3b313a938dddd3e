"""``scaledown export``: the C files and their JSON report; firmware projects
(``--format arduino|project --device ID -o DIR``) and ``--force``."""

from __future__ import annotations

import json
from pathlib import Path

from scaledown.cli import main
from scaledown.datasets import mlperf_tiny


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "fw"
    assert main(["export", str(mlperf_tiny("ad")), "--out", str(out),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ops"] == ["FULLY_CONNECTED"] and data["arena_bytes"] % 16 == 0
    assert (out / "model_data.cc").is_file()


def _model(tmp_path: Path) -> Path:
    from scaledown.compiler.tiny import tiny_int8_tflite

    path = tmp_path / "tiny.tflite"
    path.write_bytes(tiny_int8_tflite())
    return path


def test_export_writes_an_arduino_sketch(tmp_path: Path, capsys) -> None:
    out = tmp_path / "nano"
    args = ["export", str(_model(tmp_path)), "--format", "arduino", "--device",
            "arduino-nano-33-ble-sense-rev2", "-o", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "sd_sensor.c" in printed and "not built by scaledown's CI" in printed
    assert (out / "nano.ino").is_file()
    assert main(args) == 1  # the folder exists now
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force", "--runs", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["format"] == "arduino" and result["core"] == "cortex-m4"
    assert result["runs"] == 3
    assert "SD_PROJECT_RUNS 3u" in (out / "src" / "scaledown" / "sd_project.h").read_text()


def test_project_format_picks_cmake_for_a_zephyr_board(tmp_path: Path, capsys) -> None:
    out = tmp_path / "disco"
    assert main(["export", str(_model(tmp_path)), "--format", "project", "--device",
                 "st-stm32f746g-disco", "-o", str(out)]) == 0
    assert "virtual board's cortex-m7 (QEMU mps2-an500)" in capsys.readouterr().out
    assert (out / "CMakeLists.txt").is_file()
