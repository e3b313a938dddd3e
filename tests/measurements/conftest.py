"""Fixtures for the measurement tests: a private copy of the catalogue to write records into."""

from __future__ import annotations

from pathlib import Path

import pytest
from hw_testkit import CatalogueCopy


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> CatalogueCopy:
    return CatalogueCopy(tmp_path)
