"""Fixtures shared by every test area. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI clones the repository with a copy of shared/ beside it; so does the dev workspace.
SHARED_MODELS = REPO_ROOT.parent / "shared" / "models"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding mkdocs.yml)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_models() -> Path:
    """Folder of the MLPerf Tiny reference models; fails loudly in CI if absent."""
    if not SHARED_MODELS.is_dir():
        if IN_CI:
            pytest.fail(f"shared models missing at {SHARED_MODELS}: CI must provide ../shared")
        pytest.skip(f"shared models not found at {SHARED_MODELS}")
    return SHARED_MODELS
