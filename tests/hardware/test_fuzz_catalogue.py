"""Fuzzing the catalogue loader: any device or branch file gives located problems, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from fuzz_kit import (
    FUZZ_FOLDER,
    any_text,
    assert_located,
    assert_scaledown_error,
    dump,
    yaml_values,
)
from hypothesis import example, given
from hypothesis import strategies as st

from scaledown.hardware.catalogue import load_catalogue
from scaledown.hardware.checks import inspect_catalogue

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "hardware_catalog"
DEVICE = "raspberry-pi-pico"
BRANCH = "example-nairobi-school"


def small_catalogue() -> Path:
    """One device (it names no sensor), one branch and the schemas: quick to check each time."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-catalogue-")) / "hardware_catalog"
    for sub in ("schemas", "images"):
        shutil.copytree(SOURCE / sub, folder / sub)
    for sub in ("devices", "sensors", "branches"):
        (folder / sub).mkdir()
    shutil.copy(SOURCE / "devices" / f"{DEVICE}.yaml", folder / "devices")
    branch = yaml.safe_load((SOURCE / "branches" / f"{BRANCH}.yaml").read_text(encoding="utf-8"))
    # keep the branch's lendable items to the one device this small catalogue has
    for item in branch.get("inventory") or []:
        if isinstance(item, dict) and "device" in item:
            item["device"] = DEVICE
    (folder / "branches" / f"{BRANCH}.yaml").write_text(dump(branch), encoding="utf-8")
    return folder


FOLDER = small_catalogue()
DEVICE_FILE = FOLDER / "devices" / f"{DEVICE}.yaml"
BRANCH_FILE = FOLDER / "branches" / f"{BRANCH}.yaml"
GOOD = {path: path.read_text(encoding="utf-8") for path in (DEVICE_FILE, BRANCH_FILE)}
GOOD_DEVICE = yaml.safe_load(GOOD[DEVICE_FILE])
GOOD_BRANCH = yaml.safe_load(GOOD[BRANCH_FILE])


def load_with(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        _, problems = inspect_catalogue(FOLDER)
        for problem in problems:
            assert_located(problem)
        try:
            load_catalogue(FOLDER)
        except Exception as exc:  # the property: only scaledown errors escape
            assert_scaledown_error(exc)
    finally:
        path.write_text(GOOD[path], encoding="utf-8")


def test_the_small_catalogue_is_valid() -> None:
    _, problems = inspect_catalogue(FOLDER)
    assert [str(p) for p in problems if p.severity == "error"] == []


@FUZZ_FOLDER
@given(any_text)
@example("id: x\n? [a]\n: b\n")               # a key that is a list
@example("id: &x [*x]\n")                      # a list that contains itself
@example("a: &a {b: *a}\n")                    # a mapping that contains itself
@example("sram_kb: {value: 1e400}\n")
@example("[" * 200)
@example("a: &a [x, x, x, x, x, x, x, x, x, x]\n"   # aliases that expand to 10**8 values
         + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
                   for p, c in zip("abcdefg", "bcdefgh", strict=True)))
def test_arbitrary_device_file(text: str) -> None:
    load_with(DEVICE_FILE, text)


@FUZZ_FOLDER
@given(st.sampled_from(sorted(GOOD_DEVICE)), yaml_values)
@example("cores", [{"class": None}])
@example("toolchains", {"tflite-micro": "yes"})
@example("price", {"usd": "four", "date": 2021})
@example("sram_kb", {"value": -1, "source": "pico-datasheet"})
def test_one_device_field_replaced(key: str, value: object) -> None:
    load_with(DEVICE_FILE, dump({**GOOD_DEVICE, key: value}))


@FUZZ_FOLDER
@given(st.sampled_from(sorted(GOOD_BRANCH)), yaml_values)
@example("inventory", [{"asset": 1, "device": [], "status": "lent", "due": "soon"}])
@example("country", 42)
def test_one_branch_field_replaced(key: str, value: object) -> None:
    load_with(BRANCH_FILE, dump({**GOOD_BRANCH, key: value}))
