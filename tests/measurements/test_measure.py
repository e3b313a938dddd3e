"""scaledown measure: serial log -> record; the records' checks, pages and estimator use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scaledown.cli import main
from scaledown.errors import DeviceError, InputError
from scaledown.estimates.latency import core_profile
from scaledown.hardware.catalogue import load_catalogue
from scaledown.hardware.checks import check_catalogue
from scaledown.measurements.model_hash import model_sha256
from scaledown.measurements.record import record_from_log
from scaledown.measurements.store import load_measurements, read_measurements
from scaledown.site.entry_pages import device_page
from scaledown.virtual_board.result_line import format_line, parse

MODEL_SHA = "ab" * 32


def _line(board="qemu-mps2-an386", core="cortex-m4", model_sha=MODEL_SHA, us=None,
          clock_hz=None, status="PASS") -> str:
    return format_line(model="kws", sha256="0" * 64, core=core, status=status, stack=900, rc=0,
                       mismatches=0 if status == "PASS" else 3, instructions=5000,
                       extra={"board": board, "model_sha256": model_sha, "runs": 10, "us": us,
                              "clock_hz": clock_hz, "flash": 4000, "ram": 700,
                              "cc": "12.2.1", "sdv": "0.1.0"})


def _log(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "serial.txt"
    path.write_text("boot\n" + text + "\n")
    return path


def test_the_optional_keys_round_trip_and_an_old_line_still_parses():
    line = _line(us=181900, clock_hz=64_000_000, board="arduino-nano-33-ble-sense-rev2")
    extra = parse(line).extra
    assert extra["us"] == 181900 and extra["clock_hz"] == 64_000_000 and extra["flash"] == 4000
    assert extra["board"] == "arduino-nano-33-ble-sense-rev2" and extra["cc"] == "12.2.1"
    old = " ".join(line.split()[:11])
    assert parse(old).extra == {} and parse(old).stack == 900


def test_an_emulated_log_gives_instructions_and_never_a_latency():
    rec = record_from_log(_line(us=5, clock_hz=1_000_000), "arduino-nano-33-ble-sense-rev2",
                          today="2026-12-01")
    assert rec["emulated"] is True
    assert rec["latency_ms"] is None and rec["clock_mhz"] is None
    assert rec["instructions"] == 5000 and rec["ram_bytes"] == 700 and rec["stack_bytes"] == 900
    assert "contributor" not in rec


def test_a_hardware_log_gives_latency_and_clock():
    rec = record_from_log(_line(board="arduino-nano-33-ble-sense-rev2", us=181900,
                                clock_hz=64_000_000), "arduino-nano-33-ble-sense-rev2",
                          handle="ada-l")
    assert (rec["emulated"], rec["latency_ms"], rec["clock_mhz"]) == (False, 181.9, 64.0)
    assert rec["contributor"] == "ada-l"


def test_a_log_without_a_result_line_is_refused_and_nothing_is_written(tmp_path, capsys):
    out = tmp_path / "rec.yaml"
    log = _log(tmp_path, "hello, no result here")
    assert main(["measure", str(log), "--device", "raspberry-pi-pico", "--out", str(out)]) == 1
    assert "holds no SDRESULT v1 line" in capsys.readouterr().err
    assert not out.exists()


def test_a_line_from_another_model_is_refused(tmp_path, capsys):
    model = tmp_path / "mine.tflite"
    model.write_bytes(b"not the model the board ran")
    log = _log(tmp_path, _line())
    out = tmp_path / "rec.yaml"
    code = main(["measure", str(log), "--device", "arduino-nano-33-ble-sense-rev2",
                 "--model", str(model), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "another model" in err and model_sha256(model) in err
    assert not out.exists()


def test_the_matching_model_is_accepted_and_gives_its_macs(tmp_path):
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    model = tmp_path / "mine.tflite"
    model.write_bytes(tiny_dense_tflite())
    rec = record_from_log(_line(model_sha=model_sha256(model)), "arduino-nano-33-ble-sense-rev2",
                          model=model)
    assert rec["model"]["sha256"] == model_sha256(model) and rec["macs"] == 8


@pytest.mark.parametrize("line, device, words", [
    (_line(board="raspberry-pi-pico", us=10, clock_hz=1), "arduino-nano-33-ble-sense-rev2",
     "board=raspberry-pi-pico, not from arduino-nano-33-ble-sense-rev2"),
    (_line(core="cortex-m0"), "arduino-nano-33-ble-sense-rev2",
     "emulated cortex-m0, but arduino-nano-33-ble-sense-rev2 has a cortex-m4f core"),
])
def test_a_line_from_another_device_is_refused(line, device, words):
    with pytest.raises(InputError) as err:
        record_from_log(line, device)
    assert words in str(err.value)


def test_an_unknown_device_and_a_failed_run_are_refused():
    with pytest.raises(DeviceError):
        record_from_log(_line(), "no-such-board")
    with pytest.raises(InputError, match="did not pass"):
        record_from_log(_line(status="FAIL"), "arduino-nano-33-ble-sense-rev2")


def test_contact_data_is_refused_as_a_handle():
    with pytest.raises(InputError, match="e-mail"):
        record_from_log(_line(), "arduino-nano-33-ble-sense-rev2", handle="me@example.org")


def test_an_existing_record_is_kept_unless_overwrite(tmp_path, capsys):
    log = _log(tmp_path, _line())
    out = tmp_path / "rec.yaml"
    out.write_text("somebody's file\n")
    args = ["measure", str(log), "--device", "arduino-nano-33-ble-sense-rev2", "--out", str(out)]
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "somebody's file\n"
    assert main([*args, "--overwrite"]) == 0
    assert yaml.safe_load(out.read_text())["emulated"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rec.yaml", "serial.txt"]


def test_a_written_record_passes_the_check_and_shows_on_the_page(catalogue_copy, tmp_path):
    log = _log(tmp_path, _line())
    folder = catalogue_copy.path("measurements")
    out = folder / "new-record.yaml"
    assert main(["measure", str(log), "--device", "arduino-nano-33-ble-sense-rev2",
                 "--out", str(out)]) == 0
    problems = [p for p in check_catalogue(catalogue_copy.root) if p.severity == "error"]
    assert [p.message for p in problems] == [
        "id 'arduino-nano-33-ble-sense-rev2--kws--cortex-m4--" + yaml.safe_load(
            out.read_text())["date"] + "' does not match the file name 'new-record.yaml'"]
    assert problems[0].line == 3


def test_an_emulated_record_with_a_latency_is_an_error_at_its_line(catalogue_copy):
    name = "measurements/raspberry-pi-pico--stand-in-dense--cortex-m0--2026-12-01.yaml"
    line = catalogue_copy.replace(name, "latency_ms: null", "latency_ms: 3.5")
    problems = [p for p in check_catalogue(catalogue_copy.root) if p.severity == "error"]
    assert len(problems) == 1
    assert problems[0].line == line and "emulated run has no latency" in problems[0].fix
    assert str(problems[0].path).endswith(name)


def test_the_example_records_show_on_device_pages_as_emulated():
    records, problems = read_measurements(load_catalogue().folder)
    assert problems == [] and len(records) >= 3
    assert all(r["example"] and r["emulated"] and r["latency_ms"] is None for r in records)
    for device in {r["device"] for r in records}:
        page = device_page(Path("."), load_catalogue(), device)
        section = page[page.index("## Measured"):page.index("## Sources")]
        assert "*emulated* on the virtual board" in section
        assert "not a hardware measurement" in section and "*example*" in section
        assert "no latency" in section and "never feed the latency estimator" in section


def _hardware(latency_ms: float, emulated: bool = False) -> dict:
    return {"emulated": emulated, "device_core": "cortex-m0+", "latency_ms": latency_ms,
            "clock_mhz": 100, "macs": 1_000_000}


def test_the_estimator_uses_hardware_records_and_never_emulated_ones():
    published = core_profile("cortex-m0+", records=[])
    assert published.basis == "unconfirmed"
    measured = core_profile("cortex-m0+", records=[_hardware(50.0)])
    assert measured.basis == "measured" and measured.cycles_per_mac["conv"] == pytest.approx(5.0)
    assert core_profile("cortex-m0+", records=[_hardware(50.0, emulated=True)]).basis == \
        "unconfirmed"
    # the repository's own records are all emulated: the default stays published
    assert all(r["emulated"] for r in load_measurements())
    assert core_profile("cortex-m0+").basis == "unconfirmed"


def test_fit_reports_and_the_matrix_show_measured_figures_beside_the_estimate(tmp_path,
                                                                              monkeypatch):
    import hashlib

    import scaledown as sd
    from scaledown.backends.litert.tiny import tiny_dense_tflite
    from scaledown.measurements import store
    from scaledown.site.fit_pages import _cell

    data = tiny_dense_tflite()
    model = tmp_path / "tiny.tflite"
    model.write_bytes(data)
    base = {"device": "raspberry-pi-pico", "model": {"name": "tiny",
            "sha256": hashlib.sha256(data).hexdigest()}, "flash_bytes": 3000, "ram_bytes": 700,
            "stack_bytes": 100, "date": "2026-12-01", "instructions": None, "cycles": None}
    hardware = {**base, "emulated": False, "latency_ms": 0.25, "clock_mhz": 133}
    emulated = {**base, "emulated": True, "latency_ms": None, "instructions": 496}
    monkeypatch.setattr(store, "load_measurements", lambda root=None: [emulated, hardware])
    report = sd.fit(model, "raspberry-pi-pico", allow_float=True)
    text = str(report)
    assert "measured: measured on hardware (2026-12-01): 0.25 ms per inference" in text
    assert "measured: emulated on the virtual board (not hardware): 496 instructions" in text
    assert "measured 0.25 ms on hardware" in _cell(report)
    monkeypatch.setattr(store, "load_measurements", lambda root=None: [emulated])
    cell = _cell(sd.fit(model, "raspberry-pi-pico", allow_float=True))
    assert "emulated: 496 instructions (not a time)" in cell and "measured" not in cell
