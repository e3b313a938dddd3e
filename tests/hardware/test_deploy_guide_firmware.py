"""The device page's deploy guide names the exported project, its virtual core and its runs."""

from __future__ import annotations

import shutil
from pathlib import Path

from scaledown.hardware.catalogue import catalogue_dir
from scaledown.hardware.deploy_guide import check_deploy
from scaledown.site.deploy_pages import deploy_section


def test_the_guide_names_the_virtual_core_and_says_the_glue_is_not_built() -> None:
    text = deploy_section(catalogue_dir(), "raspberry-pi-pico")
    assert "`cortex-m0` (QEMU `microbit`)" in text and "`cortex-m0+`" in text
    assert "only their thin board glue is not built here" in text
    assert "PlatformIO names: platform `raspberrypi`, board `pico`" in text
    assert "- PlatformIO project: never (not yet reported)" in text


def test_a_reported_run_is_shown(tmp_path: Path) -> None:
    folder = tmp_path / "hardware_catalog"
    shutil.copytree(catalogue_dir(), folder)
    path = folder / "deploy" / "boards" / "sparkfun-edge.yaml"
    text = path.read_text().replace("{cmake: null, arduino: null,",
                                    "{cmake: null, arduino: {date: '2026-11-30', by: ada-l},")
    path.write_text(text)
    assert check_deploy(folder) == []
    assert "- Arduino sketch: 2026-11-30 by ada-l" in deploy_section(folder, "sparkfun-edge")


def test_a_bad_run_date_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "hardware_catalog"
    shutil.copytree(catalogue_dir(), folder)
    path = folder / "deploy" / "boards" / "sparkfun-edge.yaml"
    path.write_text(path.read_text().replace("arduino: null", "arduino: yesterday"))
    problems = check_deploy(folder)
    assert problems and problems[0].path.endswith("sparkfun-edge.yaml")


def test_an_sdk_board_says_how_to_move_the_cmake_project_onto_its_sdk() -> None:
    text = deploy_section(catalogue_dir(), "nordic-thingy53")
    assert "leave out `board/virtual/`" in text and "`src/scaledown/sd_board.h`" in text
    assert "leave out `board/virtual/`" not in deploy_section(catalogue_dir(), "sparkfun-edge")
    assert "writes no firmware project" in deploy_section(catalogue_dir(), "himax-we-i-plus-evb")
