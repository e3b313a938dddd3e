"""Every catalogue microcontroller with a supported core gets a project that passes on QEMU.

One small model (the compiler's four-operator int8 model). ``sd.export`` runs
for every board; the CMake variant is built and run once per distinct set of
build inputs: boards whose virtual core is the same get byte-identical CMake
projects (the board id lives only in the Arduino/PlatformIO glue and README),
so in practice one build per core type (five today), and the test says which
build each board shares.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.firmware.boards import firmware_boards
from scaledown.firmware.project import MANIFEST
from scaledown.firmware.virtual_run import VirtualRun, build_and_run
from scaledown.hardware.catalogue import load_catalogue
from scaledown.virtual_board import result_line

BOARDS = sorted(firmware_boards())
_BUILDS: dict[str, VirtualRun] = {}


def _build_inputs(folder: Path) -> str:
    """A digest of every file the CMake build reads (not README.md or the manifest)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name in ("README.md", MANIFEST):
            continue
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_every_supported_microcontroller_is_listed() -> None:
    catalogue = load_catalogue()
    mcus = [i for i, d in catalogue.device_data.items() if d["category"] in ("mcu",
                                                                            "mcu+accelerator")]
    unsupported = sorted(set(mcus) - set(BOARDS))
    # the three boards left out have an Xtensa or ARC main core, which no virtual core stands in for
    assert {catalogue.devices[i].core for i in unsupported} <= {"xtensa-lx6", "xtensa-lx7",
                                                               "arc-em9d"}
    assert len(BOARDS) >= 15


@pytest.mark.parametrize("device", BOARDS)
def test_cmake_project_passes_on_the_virtual_board(device: str, tiny_model: Path,
                                                   tmp_path: Path, cmake_toolchain: None) -> None:
    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device=device)
    board = firmware_boards()[device]
    assert project.core == board.core.name
    key = _build_inputs(project.folder)
    if key not in _BUILDS:
        _BUILDS[key] = build_and_run(project.folder)
    ran = _BUILDS[key]
    assert ran.passed, ran.output
    assert ran.result.core == board.core.name
    assert ran.result.extra["board"] == f"qemu-{board.core.machine}"
    assert ran.result.extra["model_sha256"] == hashlib.sha256(tiny_model.read_bytes()).hexdigest()
    assert ran.result.mismatches == 0 and ran.result.extra["flash"] > 0
    assert "firmware.elf" in ran.build_log and "bss" in ran.build_log  # the size table


def test_the_result_line_keys_come_in_the_documented_order(tiny_model: Path, tmp_path: Path,
                                                           cmake_toolchain: None) -> None:
    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device="raspberry-pi-pico")
    line = build_and_run(project.folder).result_line
    keys = [word.split("=", 1)[0] for word in line.split()[2:]]
    assert keys == [*result_line.KEYS, *result_line.OPTIONAL_KEYS]


def test_a_wrong_expected_output_prints_fail(tiny_model: Path, tmp_path: Path,
                                             cmake_toolchain: None) -> None:
    project = sd.export(tiny_model, "cmake", tmp_path / "fw", device="st-stm32f746g-disco")
    sample_c = project.shared_folder / "sd_sample.c"
    text = sample_c.read_text()
    head, _, tail = text.partition("sd_sample_expected")
    first = tail.index("{") + 2
    value = int(tail[first:].split(",")[0].split()[0])
    tail = tail[:first] + str(value ^ 1) + tail[first + len(str(value)):]
    sample_c.write_text(head + "sd_sample_expected" + tail)
    ran = build_and_run(project.folder)
    assert ran.result.status == "FAIL" and ran.result.mismatches == 1
