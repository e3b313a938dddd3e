"""Fixtures shared by every test area. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding mkdocs.yml)."""
    return REPO_ROOT

