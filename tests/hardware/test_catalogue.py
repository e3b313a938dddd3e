"""The shipped catalogue: enough real, sourced boards; sd.devices() and sd.device()."""

from __future__ import annotations

import subprocess
import sys

import pytest

import scaledown as sd
from scaledown.errors import ContentError, DeviceError
from scaledown.hardware.catalogue import load_catalogue


def test_at_least_twenty_boards_each_citing_sources() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.devices) >= 20
    for device_id, data in catalogue.device_data.items():
        assert data["references"], device_id
        assert all(ref["url"].startswith("https://") for ref in data["references"]), device_id


def test_every_figure_is_sourced_or_marked() -> None:
    for device_id, data in load_catalogue().device_data.items():
        figures = [data["sram_kb"], data["flash_kb"], *(c["clock_mhz"] for c in data["cores"])]
        for figure in figures:
            if figure["value"] is not None:
                assert figure.get("source") or figure.get("unconfirmed"), device_id


def test_reference_figures_match_the_datasheets() -> None:
    # Figures checked against the sources named in the entries (Arduino tech-specs.yml,
    # Raspberry Pi Pico datasheet, MLPerf Tiny system description).
    nano = sd.device("arduino-nano-33-ble-sense-rev2")
    assert (nano.sram_kb, nano.flash_kb, nano.clock_mhz, nano.core) == (256, 1024, 64, "cortex-m4f")
    pico = sd.device("raspberry-pi-pico")
    assert (pico.sram_kb, pico.flash_kb, pico.clock_mhz, pico.core) == (
        264,
        2048,
        133,
        "cortex-m0+",
    )
    disco = sd.device("st-stm32f746g-disco")
    assert (disco.sram_kb, disco.clock_mhz, disco.core) == (320, 216, "cortex-m7")


def test_unconfirmed_figures_are_reported_on_the_device() -> None:
    himax = sd.device("himax-we-i-plus-evb")
    assert {"sram_kb", "flash_kb"} <= himax.unconfirmed
    assert "sram_kb" not in sd.device("raspberry-pi-pico").unconfirmed


def test_unknown_device_lists_close_matches() -> None:
    with pytest.raises(DeviceError) as err:
        sd.device("raspbery-pi-pico")
    assert "raspberry-pi-pico" in err.value.fix
    assert isinstance(err.value, LookupError)


def test_sensors_and_branches_are_loaded() -> None:
    catalogue = load_catalogue()
    assert set(catalogue.sensors) >= {"bmi270", "mp34dt05", "ov2640"}
    assert len(catalogue.branches) == 3
    assert all(b["example"] for b in catalogue.branches.values())


def test_broken_catalogue_refuses_to_load(catalogue_copy) -> None:
    catalogue_copy.replace(
        "devices/raspberry-pi-pico.yaml", "sram_kb: {value: 264", "sram_kb: {value: '264 KB'"
    )
    with pytest.raises(ContentError) as err:
        load_catalogue(catalogue_copy.root)
    assert "raspberry-pi-pico.yaml" in str(err.value)


def test_import_scaledown_and_devices_stay_light() -> None:
    code = (
        "import sys, scaledown as sd; sd.devices(); "
        "print(sorted(m for m in ('tensorflow', 'onnx', 'openvino', 'keras') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pico2", ["raspberry-pi-pico-2"]),
        ("esp32", ["seeed-xiao-esp32s3-sense", "espressif-esp-eye"]),
        ("nano-33", ["arduino-nano-33-ble-sense-rev2"]),
        ("arduino-nano", ["arduino-nano-33-ble-sense-rev2"]),
        ("Pico", ["raspberry-pi-pico", "raspberry-pi-pico-2"]),
    ],
)
def test_a_part_of_a_device_id_suggests_the_boards_it_means(typed, meant) -> None:
    with pytest.raises(DeviceError) as err:
        sd.device(typed)
    suggested = err.value.fix.removeprefix("did you mean: ").rstrip("?").split(", ")
    assert suggested[: len(meant)] == meant
