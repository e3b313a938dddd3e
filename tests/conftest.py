"""Fixtures shared by every test area. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hw_testkit import CatalogueCopy

REPO_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding mkdocs.yml)."""
    return REPO_ROOT


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> CatalogueCopy:
    """A private copy of the hardware catalogue to break (hardware, measurement and site tests)."""
    return CatalogueCopy(tmp_path)
