"""Fixtures of the virtual-board tests: the toolchain check and stand-in libraries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from emulate_standin import write_standin

from scaledown.virtual_board.toolchain import INSTALL_COMMAND, missing_tools

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _unavailable(what: str) -> None:
    message = f"{what}; install: {INSTALL_COMMAND} (or, as root: make toolchain)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def toolchain() -> None:
    """The Arm toolchain, QEMU and a host cc; fails in CI, skips locally without them."""
    missing = missing_tools()
    if missing:
        _unavailable(f"the virtual board needs {', '.join(missing)}")


@pytest.fixture(scope="session")
def unicorn() -> None:
    """Unicorn for the instruction count (pip extra 'emulate')."""
    try:
        import unicorn  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("unicorn is missing: pip install -e '.[emulate]'")
        pytest.skip("unicorn is missing: pip install -e '.[emulate]'")


@pytest.fixture
def dense_lib(tmp_path: Path) -> Path:
    """The stand-in dense-layer library in a fresh folder."""
    return write_standin(tmp_path / "lib")
