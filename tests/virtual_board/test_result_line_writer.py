"""The C writer of the SDRESULT v1 line exists once and prints what result_line.py defines.

``harness/sd_result_line.c`` is built into the virtual board's harness and
copied into every firmware project; the harness and the application only fill
in the values. These tests compile it with the host's C compiler (no Arm
toolchain needed) and compare its line with :func:`result_line.format_line`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scaledown.firmware.sources import shared_names
from scaledown.virtual_board import result_line
from scaledown.virtual_board.build import HARNESS_SOURCES, harness_dir

FIRMWARE_APP = Path(result_line.__file__).resolve().parents[1] / "firmware" / "c" / "shared"

_MAIN = r"""
#include <stdio.h>
#include "sd_result_line.h"

static void print(const char *text) { fputs(text, stdout); }

int main(void)
{
    static char line[LINE_BYTES];
    const sd_result_t result = {
        .model = "kws tiny=1", .sha256 = SHA, .core = "cortex-m4", .status = 1,
        .cycles = CYCLES, .stack = 1200u, .rc = -7, .mismatches = 3,
        .board = "qemu-mps2-an386", .model_sha256 = "na", .runs = 10u,
        .micros = -1, .clock_hz = 25000000, .flash = 40960, .ram = -1, .sdv = "0.1.0",
    };
    static int8_t output[40];
    for (int i = 0; i < 40; ++i) {
        output[i] = (int8_t)(i * 7 - 128);
    }
    sd_output_line_print(output, sizeof(output), print);
    fputs(sd_result_line_write(&result, line, sizeof(line)), stdout);
    return 0;
}
"""


def _print_lines(tmp_path: Path, *, cycles: int, line_bytes: int = 700) -> str:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no host C compiler")
    main = tmp_path / "main.c"
    main.write_text(_MAIN, encoding="utf-8")
    program = tmp_path / "print_line"
    build = [cc, "-std=c99", "-Wall", "-Wextra", "-Werror", f"-I{harness_dir()}",
             f"-DSHA=\"{'ab' * 32}\"", f"-DCYCLES={cycles}", f"-DLINE_BYTES={line_bytes}",
             str(main), str(harness_dir() / "sd_result_line.c"), "-o", str(program)]
    done = subprocess.run(build, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return subprocess.run([str(program)], capture_output=True, text=True, check=True).stdout


def _print_line(tmp_path: Path, *, cycles: int, line_bytes: int = 700) -> str:
    """The SDRESULT line the writer printed (after the SDOUTPUT line)."""
    output, result = _print_lines(tmp_path, cycles=cycles, line_bytes=line_bytes).split("\n", 1)
    assert output.startswith("SDOUTPUT ")
    return result


def test_the_c_writer_prints_the_output_bytes_as_result_line_py_reads_them(
        tmp_path: Path) -> None:
    """40 bytes: more than one 32-byte piece, negative values included."""
    printed = _print_lines(tmp_path, cycles=-1)
    assert result_line.find_output(printed) == bytes((i * 7 + 128) % 256 for i in range(40))


def test_the_c_writer_prints_the_line_result_line_py_defines(tmp_path: Path) -> None:
    """Every key, in order, with na for unknown counts and a negative rc."""
    printed = _print_line(tmp_path, cycles=-1)
    assert printed.endswith("\n") and printed.count("\n") == 1
    words = printed.split()
    cc = next(w for w in words if w.startswith("cc="))[3:]
    assert printed.rstrip("\n") == result_line.format_line(
        model="kws_tiny_1", sha256="ab" * 32, core="cortex-m4", status="FAIL", stack=1200,
        rc=-7, mismatches=3, cycles=None,
        extra={"board": "qemu-mps2-an386", "model_sha256": "na", "runs": 10, "us": None,
               "clock_hz": 25000000, "flash": 40960, "ram": None, "cc": cc, "sdv": "0.1.0"})
    parsed = result_line.parse(printed)
    assert (parsed.status, parsed.cycles, parsed.rc, parsed.extra["us"]) == ("FAIL", None, -7,
                                                                            None)


def test_the_c_writer_prints_a_counted_cycle_figure(tmp_path: Path) -> None:
    assert result_line.parse(_print_line(tmp_path, cycles=123456)).cycles == 123456


def test_a_short_buffer_cuts_the_line_without_overrunning_it(tmp_path: Path) -> None:
    """24 bytes hold 22 characters, the newline and the NUL."""
    printed = _print_line(tmp_path, cycles=-1, line_bytes=24)
    assert printed == "SDRESULT v1 model=kws_\n"


def test_the_writer_is_built_by_the_harness_and_copied_into_every_firmware_project() -> None:
    assert "sd_result_line.c" in HARNESS_SOURCES
    assert {"sd_result_line.h", "sd_result_line.c"} <= set(shared_names())


@pytest.mark.parametrize("source", [harness_dir() / "sd_harness.c", FIRMWARE_APP / "sd_app.c"],
                         ids=["harness", "firmware-app"])
def test_neither_the_harness_nor_the_application_writes_the_line_itself(source: Path) -> None:
    """They fill an sd_result_t; the keys are spelt only in sd_result_line.c."""
    text = source.read_text(encoding="utf-8")
    assert '#include "sd_result_line.h"' in text
    # the lines' tags as C string literals (comments may name them)
    assert '"SDOUTPUT ' not in text.replace('"SDOUTPUT <hex>"', "")
    assert '"SDRESULT v1 ' not in text.replace('"SDRESULT v1 ..."', "")
    for key in ("mismatches=", "model_sha256=", "clock_hz=", " sdv="):
        assert key not in text, f"{source.name} spells the result line's key {key!r}"
