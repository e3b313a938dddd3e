"""Fixtures for the tutorial tests; the helpers live in ``tutorials_testkit``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tutorials_testkit import make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder with mkdocs.yml, constraints.txt and the fake package."""
    return make_project(tmp_path)
