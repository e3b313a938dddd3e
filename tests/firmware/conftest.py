"""Fixtures of the firmware-project tests: the toolchain check and one small int8 model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scaledown.firmware.virtual_run import CMAKE_INSTALL_COMMAND
from scaledown.virtual_board.toolchain import missing_tools

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def cmake_toolchain() -> None:
    """cmake, the Arm toolchain, QEMU and a host cc; fails in CI, skips locally without them."""
    missing = [*missing_tools(), *(["cmake"] if shutil.which("cmake") is None else [])]
    if missing:
        message = (f"the firmware projects need {', '.join(missing)}; install: "
                   f"{CMAKE_INSTALL_COMMAND} (or, as root: make toolchain)")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def host_cc() -> None:
    """A host C compiler (the expected output is computed with it)."""
    if shutil.which("cc") is None:
        if IN_CI:
            pytest.fail("no host cc: sudo apt-get install gcc")
        pytest.skip("no host cc: sudo apt-get install gcc")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiler's four-operator int8 model as a .tflite file (no TensorFlow needed)."""
    from scaledown.compiler.tiny import tiny_int8_tflite

    path = tmp_path_factory.mktemp("model") / "tiny.tflite"
    path.write_bytes(tiny_int8_tflite())
    return path
