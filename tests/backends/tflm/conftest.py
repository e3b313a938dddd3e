"""Fixtures for the TFLite-Micro backend tests: the MLPerf Tiny int8 models."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def int8_mlperf() -> dict[str, bytes]:
    """Every int8 MLPerf Tiny model shipped with scaledown, by file name."""
    from scaledown.datasets import mlperf_tiny

    paths = [mlperf_tiny(task) for task in ("kws", "ic", "ad")]
    return {path.name: path.read_bytes() for path in paths}
