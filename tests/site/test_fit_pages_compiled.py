"""Device pages show each model compiled with sd.compile beside TFLM's figures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.site import fit_pages
from scaledown.virtual_board.toolchain import missing_tools


@pytest.fixture(scope="module")
def site_root(tmp_path_factory, repo_root: Path) -> Path:
    root = tmp_path_factory.mktemp("compiled-site") / "repo"
    shutil.copytree(repo_root / "hardware_catalog", root / "hardware_catalog")
    return root


def _row(section: str, label: str) -> list[str]:
    line = next(line for line in section.splitlines() if line.startswith(f"| {label} "))
    return [cell.strip() for cell in line.split("|")[1:-1]]


def test_an_esp32_page_shows_estimated_compiled_figures(site_root):
    board = next(d for d in sd.devices() if d.core.startswith("xtensa") and d.sram_kb)
    section = fit_pages.device_fit_section(site_root, board.id)
    assert "| Compiled C (sd.compile) |" in section
    cell = _row(section, "AD autoencoder")[-1]
    figures = sd.fit(sd.datasets.mlperf_tiny("ad"), board).compiled
    assert cell == (f"flash {figures.flash_bytes / 1024:,.1f} KiB "
                    f"({figures.flash_vs_tflm:.2f}x), RAM {figures.ram_bytes / 1024:,.1f} KiB "
                    "+ stack (estimated)")


def test_a_cortex_m4_page_shows_exact_figures_cached_in_the_project(site_root):
    if missing_tools():
        message = "the virtual board's toolchain is missing (make toolchain)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    section = fit_pages.device_fit_section(site_root, "arduino-nano-33-ble-sense-rev2")
    for label in ("KWS DS-CNN", "IC ResNet-8", "AD autoencoder"):
        assert _row(section, label)[-1].endswith("(exact, cortex-m4)")
    cached = list((site_root / fit_pages.COMPILED_CACHE).glob("*-cortex-m4-*.json"))
    assert len(cached) == 3  # one file per model for this core: the next build reads them
