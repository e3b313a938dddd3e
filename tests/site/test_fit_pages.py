"""The fit matrix page and the device pages' "models that fit" section."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.datasets import mlperf_tiny
from scaledown.site import fit_pages
from scaledown.site.pipeline import GENERATORS


@pytest.fixture(scope="module")
def site_root(tmp_path_factory, repo_root: Path) -> Path:
    """A project folder with the catalogue and one tutorial model (a float AD01 copy)."""
    base = tmp_path_factory.mktemp("site")
    root = base / "repo"
    shutil.copytree(repo_root / "hardware_catalog", root / "hardware_catalog")
    cache = root / ".scaledown-cache" / "tutorial-models"
    cache.mkdir(parents=True)
    shutil.copy(mlperf_tiny("ad", "float"), cache / "my-tutorial-float-ad.tflite")
    return root


def test_generator_is_registered():
    assert GENERATORS["fit"] == "scaledown.site.fit_pages:generate"


def test_fit_matrix_has_every_board_and_every_model(site_root):
    (page,) = fit_pages.generate(site_root)
    assert page.path == "hardware/fit-matrix.md"
    text = page.content
    for board in sd.devices():
        assert f"(devices/{board.id}.md)" in text
    header = next(line for line in text.splitlines() if line.startswith("| Board |"))
    assert "KWS DS-CNN" in header and "my-tutorial-float-ad" in header
    assert "needs int8" in text  # the float tutorial model on microcontrollers
    assert "How the figures are made" in text and "cycles per MAC" in text


def test_matrix_cells_agree_with_sd_fit(site_root):
    (page,) = fit_pages.generate(site_root)
    row = next(line for line in page.content.splitlines()
               if "(devices/syntiant-tinyml-board.md)" in line)
    resnet = sd.fit(mlperf_tiny("ic"), "syntiant-tinyml-board")
    assert resnet.fits is False
    cells = [c.strip() for c in row.split("|")[2:-1]]
    assert cells[1].startswith("too big")  # ResNet-8 is the second model column


def test_device_section_lists_models_with_figures(site_root):
    text = fit_pages.device_fit_section(site_root, "arduino-nano-33-ble-sense-rev2")
    assert text.startswith("## Models that fit")
    assert "KWS DS-CNN" in text and "of 256.0 KiB" in text
    assert "(../fit-matrix.md)" in text


def test_a_fresh_clone_without_tutorial_models_shows_the_shipped_ones(tmp_path):
    (page,) = fit_pages.generate(tmp_path)
    header = next(line for line in page.content.splitlines() if line.startswith("| Board |"))
    for label in ("KWS DS-CNN", "IC ResNet-8", "AD autoencoder"):
        assert label in header
    assert fit_pages.device_fit_section(tmp_path, "sparkfun-edge") == ""
