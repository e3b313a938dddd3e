"""Find the programs the virtual board needs, or say how to install them.

``arm-none-eabi-gcc`` and ``arm-none-eabi-size`` (Debian packages
``gcc-arm-none-eabi`` and ``libnewlib-arm-none-eabi``), ``qemu-system-arm``
(package ``qemu-system-arm``) and a host C compiler (``cc``, for the
expected output). ``make toolchain`` installs the Arm ones when run as root.

Example:
    >>> INSTALL_COMMAND
    'sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm'
    >>> find_tool("no-such-tool-anywhere")
    Traceback (most recent call last):
    ...
    scaledown.errors.RuntimeNotInstalledError: no-such-tool-anywhere is not installed
      why: the virtual board needs it on PATH
      fix: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
"""

from __future__ import annotations

import shutil

from ..errors import RuntimeNotInstalledError

DEBIAN_PACKAGES = ("gcc-arm-none-eabi", "libnewlib-arm-none-eabi", "qemu-system-arm")
INSTALL_COMMAND = "sudo apt-get install " + " ".join(DEBIAN_PACKAGES)
HOST_INSTALL_COMMAND = "sudo apt-get install gcc"

GCC = "arm-none-eabi-gcc"
SIZE = "arm-none-eabi-size"
QEMU = "qemu-system-arm"
HOST_CC = "cc"


def find_tool(name: str, install: str = INSTALL_COMMAND) -> str:
    """Full path of the program ``name`` on PATH, or an error naming the install command."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeNotInstalledError(
            f"{name} is not installed", why="the virtual board needs it on PATH", fix=install)
    return path


def missing_tools() -> list[str]:
    """Which of the virtual board's programs are not on PATH (empty when all are).

    Example:
        >>> isinstance(missing_tools(), list)
        True
    """
    return [name for name in (GCC, SIZE, QEMU, HOST_CC) if shutil.which(name) is None]
