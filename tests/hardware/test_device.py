"""Device profiles: constructible by hand, validated, frozen, and normalised core classes."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle

import pytest

import scaledown as sd
from scaledown.errors import DeviceError
from scaledown.hardware.catalogue import catalogue_dir
from scaledown.hardware.device import CATEGORIES, CORE_CLASSES, Device


def test_hand_written_device_has_contract_defaults() -> None:
    d = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")
    assert (d.id, d.category, d.core, d.sram_kb) == ("custom", "mcu", "cortex-m4f", 256)
    assert d.core_class.fpu and d.core_class.isa == "Armv7E-M"


def test_device_is_frozen_including_toolchains() -> None:
    d = Device(
        flash_kb=1,
        sram_kb=1,
        clock_mhz=1,
        core="cortex-m0+",
        toolchains={"tflite-micro": "official"},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.sram_kb = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        d.toolchains["openvino"] = "official"  # type: ignore[index]


def test_device_survives_copy_and_pickle() -> None:
    d = sd.device("raspberry-pi-pico")
    for clone in (copy.deepcopy(d), pickle.loads(pickle.dumps(d))):
        assert clone == d and dict(clone.toolchains) == dict(d.toolchains)
        assert clone.unconfirmed == d.unconfirmed


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"core": "cortex-m4-f"}, "did you mean: cortex-m4f"),
        ({"category": "microcontroller"}, "use one of: mcu"),
        ({"sram_kb": -5}, "sram_kb=-5 is not a positive number"),
        ({"sram_kb": "256"}, "sram_kb='256'"),
        ({"toolchains": {"tflite-micro": "yes"}}, "support level 'yes'"),
    ],
)
def test_bad_device_arguments_say_how_to_fix(kwargs: dict, needle: str) -> None:
    args = {"flash_kb": 1024, "sram_kb": 256, "clock_mhz": 64, "core": "cortex-m4f", **kwargs}
    with pytest.raises(DeviceError) as err:
        Device(**args)
    assert needle in str(err.value)
    assert err.value.fix


def test_every_catalogue_core_class_is_known_and_every_class_documented() -> None:
    used = {d.core for d in sd.devices()}
    assert used <= set(CORE_CLASSES)
    assert all(c.label and c.isa for c in CORE_CLASSES.values())


def test_schema_category_list_matches_the_package() -> None:
    schema = json.loads((catalogue_dir() / "schemas" / "device.schema.json").read_text())
    assert tuple(schema["properties"]["category"]["enum"]) == CATEGORIES


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"flash_kb": 1024, "clock_mhz": 64, "core": "cortex-m4f"}, "sram_kb"),
        ({"sram_kb": 256, "clock_mhz": 64, "core": "cortex-m4f"}, "flash_kb"),
        ({"flash_kb": 1024, "sram_kb": 256}, "clock_mhz, core"),
        ({}, "flash_kb, sram_kb, clock_mhz, core"),
    ],
)
def test_a_device_without_a_figure_names_it(given, missing) -> None:
    with pytest.raises(DeviceError, match=f"sd.Device is missing {missing}\n") as err:
        sd.Device(**given)
    assert "None for a figure you do not know" in err.value.fix


def test_unknown_figures_may_still_be_none() -> None:
    d = sd.Device(flash_kb=None, sram_kb=None, clock_mhz=None, core="cortex-m4f")
    assert (d.flash_kb, d.sram_kb, d.clock_mhz) == (None, None, None)
