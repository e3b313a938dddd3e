"""Pieces that need no toolchain: the core table, the result line, sd_model.h, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from emulate_standin import write_standin

import scaledown as sd
from scaledown.errors import EmulationError, ExportError, InputError
from scaledown.virtual_board import build, cores, library, result_line
from scaledown.virtual_board.count import thumb_instruction_count


def test_the_six_cores_of_the_issue_map_to_their_qemu_machines():
    assert {name: c.machine for name, c in cores.CORES.items()} == {
        "cortex-m0": "microbit", "cortex-m3": "mps2-an385", "cortex-m4": "mps2-an386",
        "cortex-m7": "mps2-an500", "cortex-m33": "mps2-an505", "cortex-m55": "mps3-an547"}
    for c in cores.CORES.values():
        assert f"-mcpu={c.name}" in c.cflags
        assert ("-mfloat-abi=hard" in c.cflags) == c.fpu


def test_an_unknown_core_lists_the_supported_ones():
    with pytest.raises(InputError) as err:
        sd.emulate("whatever.tflite", core="cortex-a53")
    text = str(err.value)
    assert "cortex-a53" in text
    assert all(name in text for name in cores.CORES)


def test_result_line_round_trips_and_keeps_the_documented_key_order():
    line = result_line.format_line(model="kws", sha256="0f" * 32, core="cortex-m7",
                                   status="FAIL", stack=812, rc=0, mismatches=3,
                                   instructions=123_456)
    assert [w.split("=")[0] for w in line.split()[2:]] == list(result_line.KEYS)
    parsed = result_line.parse(line)
    assert (parsed.model, parsed.core, parsed.status, parsed.stack, parsed.mismatches,
            parsed.instructions, parsed.cycles) == ("kws", "cortex-m7", "FAIL", 812, 3,
                                                    123_456, None)
    assert not parsed.passed


def test_result_line_ignores_keys_it_does_not_know_and_finds_the_last_line():
    line = result_line.format_line(model="m", sha256="a" * 64, core="cortex-m0",
                                   status="PASS", stack=1, rc=0, mismatches=0)
    text = f"boot\nSDRESULT v1 model=old\n{line} future=42\n"
    assert result_line.find(text).passed


@pytest.mark.parametrize("line, why", [
    ("SDRESULT v2 model=m", "does not start with 'SDRESULT v1'"),
    ("SDRESULT v1 model=m sha256=x core=c status=MAYBE instr=na cycles=na stack=1 rc=0 "
     "mismatches=0", "status='MAYBE'"),
    ("SDRESULT v1 model=m sha256=x core=c status=PASS instr=lots cycles=na stack=1 rc=0 "
     "mismatches=0", "instr='lots' is not a whole number"),
    ("SDRESULT v1 model=m sha256=x core=c status=PASS", "instr, cycles, stack"),
])
def test_a_broken_result_line_says_what_is_wrong(line, why):
    with pytest.raises(InputError, match="not an SDRESULT v1 result line") as err:
        result_line.parse(line)
    assert why in str(err.value)


def test_thumb_instruction_lengths():
    # movs r0,#1 (16) | ldr.w r1,[r2] (32) | bl (32) | bx lr (16)
    code = bytes.fromhex("0120" "d2f80010" "00f000f8" "7047")
    assert thumb_instruction_count(code) == 4


def test_library_header_without_sizes_is_refused_with_file_and_line(tmp_path):
    folder = write_standin(tmp_path / "lib")
    (folder / "sd_model.h").write_text("#define SD_MODEL_INPUT_BYTES 8\n")
    with pytest.raises(InputError) as err:
        library.read_library(folder)
    assert f"{folder / 'sd_model.h'}:1:" in str(err.value)
    assert "SD_MODEL_OUTPUT_BYTES, SD_MODEL_ARENA_BYTES" in str(err.value)


def test_a_folder_without_a_library_is_not_taken_for_one(tmp_path):
    assert not library.is_library(tmp_path)
    with pytest.raises(InputError, match=r"holds no sd_model\.h"):
        library.read_library(tmp_path)


def test_an_arena_too_big_for_the_core_names_both_sizes(tmp_path):
    info = library.read_library(write_standin(tmp_path / "lib", arena_bytes=20_000))
    with pytest.raises(EmulationError) as err:
        build.check_fits(info, cores.core("cortex-m0"))
    text = str(err.value)
    assert "20,000 bytes" in text and "16,384 bytes" in text
    build.check_fits(info, cores.core("cortex-m4"))  # 4 MiB: fits


def test_an_output_folder_that_is_a_file_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="it is a file"):
        sd.emulate(tmp_path, out=blocker)
    with pytest.raises(ExportError, match="cannot write to"):
        sd.emulate(tmp_path, out=blocker / "inside")


def test_missing_toolchain_names_the_install_command(tmp_path, monkeypatch, dense_lib):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(sd.errors.RuntimeNotInstalledError) as err:
        sd.emulate(dense_lib)
    assert "apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm" in str(
        err.value)


def test_cli_reports_a_missing_toolchain_and_exits_non_zero(tmp_path, monkeypatch, capsys,
                                                            dense_lib):
    from scaledown.cli import main

    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["emulate", str(dense_lib), "--core", "cortex-m3"]) == 1
    err = capsys.readouterr().err
    assert "arm-none-eabi-gcc is not installed" in err and "apt-get install" in err
    assert "Traceback" not in err


def test_c_array_writes_signed_bytes():
    assert "-128, 127, 0," in build.c_array("x", bytes([128, 127, 0]))
    assert Path(build.harness_dir() / "sd_harness.c").is_file()
