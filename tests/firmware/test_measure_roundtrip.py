"""``scaledown measure`` reads the line an exported CMake project prints on the virtual board."""

from __future__ import annotations

from pathlib import Path

import yaml

import scaledown as sd
from scaledown.cli import main
from scaledown.firmware.virtual_run import build_and_run
from scaledown.measurements.record import record_from_log


def test_the_result_line_round_trips_into_a_record(tiny_model: Path, tmp_path: Path,
                                                   cmake_toolchain: None) -> None:
    device = "seeed-xiao-nrf52840-sense"
    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device=device, runs=3)
    ran = build_and_run(project.folder)
    log = tmp_path / "serial.txt"
    log.write_text("booting\n" + ran.output)
    record = record_from_log(log.read_text(), device, model=tiny_model, today="2026-12-01")
    assert record["emulated"] is True and record["latency_ms"] is None
    assert record["core"] == "cortex-m4" and record["device_core"] == "cortex-m4f"
    assert record["flash_bytes"] == ran.result.extra["flash"] > 0
    assert record["result_line"] == ran.result_line

    out = tmp_path / "record.yaml"
    code = main(["measure", str(log), "--device", device, "--model", str(tiny_model),
                 "--out", str(out)])
    assert code == 0
    assert yaml.safe_load(out.read_text())["model"]["sha256"] == project.model_sha256


def test_measure_refuses_the_line_for_another_model(tiny_model: Path, tmp_path: Path,
                                                    cmake_toolchain: None, capsys) -> None:
    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device="raspberry-pi-pico")
    log = tmp_path / "serial.txt"
    log.write_text(build_and_run(project.folder).output)
    other = tmp_path / "other.tflite"
    other.write_bytes(tiny_model.read_bytes() + b"\0")
    assert main(["measure", str(log), "--device", "raspberry-pi-pico", "--model", str(other),
                 "--print"]) == 1
    assert "another model" in capsys.readouterr().err


def test_the_run_target_prints_the_line_a_learner_saves(tiny_model: Path, tmp_path: Path,
                                                        cmake_toolchain: None) -> None:
    """``cmake --build build --target run``: the command line way, without Python."""
    import subprocess

    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device="nordic-thingy53")
    build = tmp_path / "build"
    subprocess.run(["cmake", "-S", str(project.folder), "-B", str(build)], check=True,
                   capture_output=True)
    done = subprocess.run(["cmake", "--build", str(build), "--target", "run"],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    record = record_from_log(done.stdout + done.stderr, "nordic-thingy53", model=tiny_model,
                             today="2026-12-01")
    assert record["core"] == "cortex-m33" and record["emulated"] is True
