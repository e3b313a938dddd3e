"""The model library's flash as linked: only what --gc-sections keeps (virtual_board/link_map)."""

from __future__ import annotations

import subprocess

import pytest

import scaledown as sd
from scaledown.virtual_board.link_map import flash_of, kept_sections


@pytest.fixture(scope="module")
def ad01_board(tmp_path_factory, toolchain):
    root = tmp_path_factory.mktemp("link-map")
    sd.compile(sd.datasets.mlperf_tiny("ad"), root / "ad01")
    result = sd.emulate(root / "ad01", core="cortex-m4", count=False, out=root / "board")
    return root, result


def test_unused_kernels_are_not_counted(ad01_board):
    root, result = ad01_board
    kept = kept_sections((root / "board" / "firmware.map").read_text())
    linked = flash_of(kept["sd_model.o"]) + flash_of(kept["sd_kernels.o"])
    assert result.linked_library_flash_bytes == linked
    # AD01 calls one kernel; the object file holds all of them (convolutions, pools, ...)
    assert result.library_flash_bytes - linked > 2_000
    assert kept["sd_kernels.o"][".text"] < 1_000


def test_the_library_needs_nothing_from_the_c_library(ad01_board):
    root, _ = ad01_board
    for name in ("sd_model.c", "sd_kernels.c"):
        obj = root / (name[:-2] + ".o")
        subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Os",
                        "-c", str(root / "ad01" / name), "-o", str(obj)], check=True)
        undefined = subprocess.run(["arm-none-eabi-nm", "-u", str(obj)], check=True,
                                   capture_output=True, text=True).stdout.split()
        assert [s for s in undefined if s != "U" and not s.startswith("sd_")] == []
