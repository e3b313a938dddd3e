"""The catalogue ships inside the wheel, so sd.devices() works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the build backend (dev extra) is needed")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = out.glob("scaledown_tinyml-*.whl")
    return built


def test_wheel_contains_the_catalogue(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    devices = [
        n for n in names if n.startswith("scaledown/_catalog/devices/") and n.endswith(".yaml")
    ]
    assert len(devices) >= 20
    for needed in (
        "scaledown/_catalog/schemas/device.schema.json",
        "scaledown/_catalog/branches/example-accra-makerspace.yaml",
        "scaledown/_catalog/images/mcu.svg",
        "scaledown/hardware/web/catalogue.js",
    ):
        assert needed in names, needed


def test_installed_wheel_reads_its_own_catalogue(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(target)  # a wheel is a zip laid out for site-packages
    code = (
        "import scaledown as sd, scaledown.hardware.catalogue as c; "
        "print(c.catalogue_dir()); print(len(sd.devices()), sd.device('raspberry-pi-pico').core)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    folder, summary = out.stdout.strip().splitlines()
    assert Path(folder) == target / "scaledown" / "_catalog"
    count, core = summary.split()
    assert int(count) >= 20 and core == "cortex-m0+"
