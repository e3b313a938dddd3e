"""The measurement parser round-trips the result line the virtual board prints."""

from __future__ import annotations

import pytest
import yaml

import scaledown as sd
from scaledown.cli import main
from scaledown.measurements.model_hash import model_sha256
from scaledown.measurements.record import record_from_log
from scaledown.virtual_board import result_line

pytestmark = pytest.mark.usefixtures("toolchain")


def test_the_board_prints_the_optional_keys_and_measure_reads_them(dense_lib, unicorn):
    result = sd.emulate(dense_lib, core="cortex-m4")
    line = result_line.parse(result.result_line)
    assert line.extra["board"] == "qemu-mps2-an386"
    assert line.extra["model_sha256"] == model_sha256(dense_lib)
    assert (line.extra["flash"], line.extra["ram"]) == (result.flash_bytes,
                                                        result.static_ram_bytes)
    assert line.extra["us"] is None and line.extra["clock_hz"] is None and line.instructions is None
    rec = record_from_log("noise\n" + result.counted_line, "arduino-nano-33-ble-sense-rev2",
                          model=dense_lib)
    assert rec["emulated"] and rec["latency_ms"] is None
    assert rec["instructions"] == result.instructions > 0
    assert (rec["flash_bytes"], rec["ram_bytes"], rec["stack_bytes"]) == (
        result.flash_bytes, result.static_ram_bytes, result.stack_bytes)
    assert result_line.parse(rec["result_line"]) == result_line.parse(result.counted_line)


def test_emulate_log_then_measure_on_the_command_line(tmp_path, dense_lib, unicorn, capsys):
    log = tmp_path / "run.log"
    assert main(["emulate", str(dense_lib), "--core", "cortex-m0", "--log", str(log)]) == 0
    assert main(["emulate", str(dense_lib), "--log", str(log)]) == 1  # never overwritten
    out = tmp_path / "rec.yaml"
    assert main(["measure", str(log), "--device", "raspberry-pi-pico", "--model", str(dense_lib),
                 "--out", str(out)]) == 0
    rec = yaml.safe_load(out.read_text())
    assert rec["board"] == "qemu-microbit" and rec["instructions"] > 0
    assert main(["measure", str(log), "--device", "arduino-nano-33-ble-sense-rev2"]) == 1
    assert "emulated cortex-m0" in capsys.readouterr().err


def test_the_harness_prints_the_keys_in_the_order_result_line_defines(dense_lib):
    result = sd.emulate(dense_lib, core="cortex-m3", count=False)
    keys = [word.split("=")[0] for word in result.result_line.split()[2:]]
    assert keys == [*result_line.KEYS, *result_line.OPTIONAL_KEYS]
