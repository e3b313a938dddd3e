"""The deploy guide: YAML steps with sources, checked with file:line, on every MCU page."""

from __future__ import annotations

from pathlib import Path

from scaledown.hardware.catalogue import load_catalogue
from scaledown.hardware.checks import check_catalogue
from scaledown.hardware.deploy_guide import MCU_CATEGORIES, read_deploy
from scaledown.site.deploy_pages import deploy_section
from scaledown.site.entry_pages import device_page

BOARD = "deploy/boards/raspberry-pi-pico.yaml"


def _errors(root: Path) -> list:
    return [p for p in check_catalogue(root) if p.severity == "error"]


def test_every_microcontroller_page_has_a_deploy_guide_that_says_it_was_not_run():
    catalogue = load_catalogue()
    mcus = [d for d, data in catalogue.device_data.items() if data["category"] in MCU_CATEGORIES]
    assert len(mcus) >= 14
    for device_id in mcus:
        page = device_page(Path("."), catalogue, device_id)
        assert "## Deploy guide: " in page, device_id
        assert "not run on hardware by us" in page and "last_run_on_hardware" in page
        for stage in ("### Install", "### Upload", "### Open the serial monitor",
                      "### Read the result line"):
            assert stage in page, (device_id, stage)
        assert "SDRESULT v1" in page and "115200 baud" in page
    linux = [d for d, data in catalogue.device_data.items() if data["category"] == "cpu"]
    assert linux and "## Deploy guide" not in device_page(Path("."), catalogue, linux[0])


def test_board_overrides_show_the_uf2_and_boot_button_modes():
    folder = load_catalogue().folder
    pico = deploy_section(folder, "raspberry-pi-pico")
    assert "UF2 mode" in pico and "RPI-RP2" in pico and "minicom -b 115200" in pico
    assert "raspberrypi.com/documentation/microcontrollers/c_sdk.html" in pico
    xiao = deploy_section(folder, "seeed-xiao-esp32s3-sense")
    assert "Boot button" in xiao and "search for &quot;esp32&quot;" in xiao
    assert "unconfirmed" not in xiao.split("### Install")[0].split("Names for this board")[1]
    assert "wiki.seeedstudio.com/xiao_esp32s3_getting_started" in xiao
    nicla = deploy_section(folder, "arduino-nicla-vision")
    assert "unconfirmed" in nicla.split("### Install")[0].split("Names for this board")[1]


def test_nobody_has_run_a_guide_on_hardware_yet():
    data, problems = read_deploy(load_catalogue().folder)
    assert problems == []
    assert data.boards and all(b["last_run_on_hardware"] is None for b in data.boards.values())


def test_a_recorded_run_on_hardware_is_shown(catalogue_copy):
    catalogue_copy.replace(BOARD, "last_run_on_hardware: null",
                           "last_run_on_hardware: {date: '2027-01-15', by: ada-l}")
    text = deploy_section(catalogue_copy.path(""), "raspberry-pi-pico")
    assert "last followed them on this board on 2027-01-15 by ada-l" in text


def test_a_step_without_source_or_unconfirmed_is_an_error_at_its_line(catalogue_copy):
    line = catalogue_copy.replace("deploy/pico-sdk.yaml", "  source: [pico-sdk]\n", "")
    problems = _errors(catalogue_copy.root)
    assert len(problems) == 1, problems
    assert problems[0].path == "hardware_catalog/deploy/pico-sdk.yaml"
    assert problems[0].line == line - 3 and "unconfirmed: true" in problems[0].fix


def test_an_unknown_source_and_an_unknown_placeholder_are_errors(catalogue_copy):
    src = catalogue_copy.replace(BOARD, "  - pico-first-binaries\n", "  - nowhere\n")
    catalogue_copy.replace("deploy/zephyr.yaml", "{baud} baud", "{speed} baud")
    messages = {(p.path, p.line, p.message) for p in _errors(catalogue_copy.root)}
    assert ("hardware_catalog/" + BOARD, src, "source 'nowhere' is not in `references`") in messages
    assert any("unknown placeholder {speed}" in m for _, _, m in messages)


def test_a_runtime_the_device_does_not_support_and_a_missing_guide_are_errors(catalogue_copy):
    line = catalogue_copy.replace(BOARD, "runtime: tflite-micro", "runtime: edge-impulse")
    catalogue_copy.replace("devices/raspberry-pi-pico.yaml", "edge-impulse: {support: community",
                           "edge-impulse: {support: unsupported")
    catalogue_copy.path("deploy/boards/sparkfun-edge.yaml").unlink()
    messages = {(p.line, p.message) for p in _errors(catalogue_copy.root)}
    assert (line, "raspberry-pi-pico's `toolchains` lists edge-impulse as unsupported") in messages
    warnings = {(str(p.path), p.message) for p in check_catalogue(catalogue_copy.root)
                if p.severity == "warning"}
    assert ("hardware_catalog/devices/sparkfun-edge.yaml",
            "microcontroller 'sparkfun-edge' has no deploy guide yet") in warnings
