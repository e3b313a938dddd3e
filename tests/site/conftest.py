"""Fixtures for the site tests: a private copy of the hardware catalogue to break."""

from __future__ import annotations

from pathlib import Path

import pytest
from hw_testkit import CatalogueCopy


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> CatalogueCopy:
    return CatalogueCopy(tmp_path)
