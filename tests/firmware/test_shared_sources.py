"""The Arduino sketch and the PlatformIO project share every source with the CMake variant.

Only their board glue (the ``.ino``, ``src/main.cpp``, ``platformio.ini``) is
not built here; a syntax check compiles that glue against a stand-in
``Arduino.h`` with the host's C++ compiler, so a typo cannot slip through.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.firmware.boards import firmware_boards
from scaledown.firmware.sources import SHARED_FOLDER, shared_names

BOTH = [d for d, b in sorted(firmware_boards().items()) if "platformio" in b.formats
        and "arduino" in b.formats]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def three(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory, host_cc: None) -> dict:
    out = tmp_path_factory.mktemp("variants")
    device = BOTH[0]
    return {fmt: sd.export(tiny_model, fmt, out / fmt, device=device)
            for fmt in ("cmake", "arduino", "platformio")}


def test_shared_sources_are_identical_byte_for_byte(three: dict) -> None:
    trees = {fmt: _tree(result.shared_folder) for fmt, result in three.items()}
    assert sorted(trees["cmake"]) == sorted(shared_names())
    assert trees["arduino"] == trees["cmake"] == trees["platformio"]
    for result in three.values():
        assert result.shared_folder == result.folder / SHARED_FOLDER


def test_only_the_glue_differs(three: dict) -> None:
    own = {fmt: {n for n in _tree(r.folder) if not n.startswith(SHARED_FOLDER + "/")}
           for fmt, r in three.items()}
    assert own["arduino"] == {"arduino.ino", "README.md", ".scaledown-export"}
    assert own["platformio"] == {"platformio.ini", "src/main.cpp", "README.md",
                                 ".scaledown-export"}
    assert "CMakeLists.txt" in own["cmake"] and "board/virtual/startup.c" in own["cmake"]


def test_every_page_that_offers_the_glue_says_it_is_not_built(three: dict) -> None:
    for fmt in ("arduino", "platformio"):
        folder = three[fmt].folder
        assert "Not built by ScaleDown's CI" in (folder / "README.md").read_text()
    assert "NOT BUILT BY SCALEDOWN'S CI" in (three["arduino"].folder / "arduino.ino").read_text()
    assert "NOT BUILT BY SCALEDOWN'S CI" in (three["platformio"].folder /
                                             "platformio.ini").read_text()


def test_the_sensor_hook_is_one_marked_function(three: dict) -> None:
    text = (three["cmake"].shared_folder / "sd_sensor.c").read_text()
    assert "CONNECT YOUR SENSOR HERE" in text and text.count("int sd_sensor_read(") == 1


STUB = """#pragma once
#include <stdint.h>
struct SerialStub { void begin(long) {} void print(const char *) {} operator bool() const {
  return true; } };
extern SerialStub Serial;
unsigned long micros(void);
unsigned long millis(void);
void delay(unsigned long);
"""


@pytest.mark.parametrize("fmt, glue", [("arduino", "arduino.ino"),
                                       ("platformio", "src/main.cpp")])
def test_the_arduino_glue_compiles_against_a_stand_in_core(three: dict, fmt: str, glue: str,
                                                           tmp_path: Path) -> None:
    cxx = shutil.which("c++") or shutil.which("g++")
    if cxx is None:
        pytest.skip("no host C++ compiler")
    (tmp_path / "Arduino.h").write_text(STUB)
    folder = three[fmt].folder
    source = tmp_path / "glue.cpp"
    source.write_text((folder / glue).read_text())
    include = folder if fmt == "arduino" else folder / "src"
    done = subprocess.run([cxx, "-fsyntax-only", "-Wall", "-Werror", f"-I{tmp_path}",
                           f"-I{include}", str(source)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("cpu, uses_dwt", [("cortex-m4", True), ("cortex-m7", True),
                                           ("cortex-m33", True), ("cortex-m0plus", False)])
def test_the_application_times_with_the_dwt_only_where_the_core_has_one(
        three: dict, tmp_path: Path, cpu: str, uses_dwt: bool) -> None:
    """Built as a real board's glue builds it (no SD_NO_CYCLE_COUNTER): DWT CYCCNT on v7-M/v8-M."""
    gcc = shutil.which("arm-none-eabi-gcc")
    if gcc is None:
        pytest.skip("no arm-none-eabi-gcc")
    shared = three["cmake"].shared_folder
    obj = tmp_path / "sd_app.o"
    done = subprocess.run([gcc, f"-mcpu={cpu}", "-mthumb", "-std=c99", "-Os", "-Wall", "-Werror",
                           f"-I{shared}", "-c", str(shared / "sd_app.c"), "-o", str(obj)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    code = obj.read_bytes()
    # DEMCR, DWT_CTRL, DWT_CYCCNT: the compiler loads one or more of them as a literal
    dwt = [a.to_bytes(4, "little") for a in (0xE000EDFC, 0xE0001000, 0xE0001004)]
    assert any(address in code for address in dwt) is uses_dwt


def test_boards_with_the_same_core_get_the_same_cmake_build(tiny_model: Path,
                                                            tmp_path: Path) -> None:
    """Why the catalogue test builds once per core type: only README.md names the board."""
    def build_files(device: str) -> dict[str, bytes]:
        folder = sd.export(tiny_model, "cmake", tmp_path / device, device=device).folder
        return {n: b for n, b in _tree(folder).items() if n not in ("README.md",
                                                                    ".scaledown-export")}

    edge = build_files("sparkfun-edge")
    assert edge == build_files("st-b-l475e-iot01a")  # both on the cortex-m4
    assert edge != build_files("raspberry-pi-pico")  # the cortex-m0
