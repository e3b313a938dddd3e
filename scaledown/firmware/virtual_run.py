"""Build an exported CMake project and run it on the virtual board (QEMU).

``cmake -S PROJECT -B BUILD`` with the project's own toolchain file, then
``cmake --build BUILD``; the image ``firmware.elf`` runs on the QEMU machine
the project names (its ``sd_project.h`` core) with semihosting, and its
``SDRESULT v1`` line is read with :mod:`scaledown.virtual_board.result_line`.
Needs Debian's ``cmake`` beside the virtual board's toolchain.

Example:
    >>> CMAKE_INSTALL_COMMAND
    'sudo apt-get install cmake gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm'
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmulationError, InputError, first_line
from ..virtual_board import cores, run, toolchain
from ..virtual_board.result_line import ResultLine

CMAKE = "cmake"
CMAKE_INSTALL_COMMAND = "sudo apt-get install cmake " + " ".join(toolchain.DEBIAN_PACKAGES)
BUILD_TIMEOUT_S = 300


@dataclass(frozen=True)
class VirtualRun:
    """One exported CMake project built and run on the virtual board.

    Attributes:
        core: The core it ran on.
        machine: The QEMU machine.
        result: The parsed result line.
        output: Everything the program printed (the log ``scaledown measure`` reads).
        build_log: What the build printed (its ``arm-none-eabi-size`` table among it).
    """

    core: str
    machine: str
    result: ResultLine
    output: str
    build_log: str

    @property
    def passed(self) -> bool:
        """True when the board's output equals the host's."""
        return self.result.passed

    @property
    def result_line(self) -> str:
        """The ``SDRESULT v1`` line as printed."""
        return next(line for line in self.output.splitlines() if line.startswith("SDRESULT "))


def project_core(project: Path) -> cores.Core:
    """The core an exported project is built for, read from its ``sd_project.h``.

    Example:
        >>> project_core(Path("no/such/project"))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: no/such/project is not a project sd.export wrote
          why: it has no src/scaledown/sd_project.h
          fix: pass the folder sd.export(model, "cmake", folder, device=...) wrote
    """
    header = Path(project) / "src" / "scaledown" / "sd_project.h"
    found = None
    if header.is_file():
        found = re.search(r'#define SD_PROJECT_CORE "([^"]+)"', header.read_text("utf-8"))
    if found is None or not (Path(project) / "CMakeLists.txt").is_file():
        missing = header if found is None else Path(project) / "CMakeLists.txt"
        raise InputError(f"{project} is not a project sd.export wrote",
                         why=f"it has no {missing.relative_to(project)}",
                         fix='pass the folder sd.export(model, "cmake", folder, device=...) wrote')
    return cores.core(found.group(1))


def _run(command: list[str], what: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise EmulationError(f"{what} took longer than {BUILD_TIMEOUT_S} s",
                             fix="check the machine is not overloaded and try again") from None
    log = done.stdout + done.stderr
    if done.returncode != 0:
        errors = [ln for ln in log.splitlines() if "error" in ln.lower()] or log.splitlines()
        raise EmulationError(f"{what} failed (exit code {done.returncode})",
                             why=first_line(Exception(" / ".join(errors[:3]) or "no message")),
                             fix="report it with the project folder; the sources are plain C99")
    return log


def build_and_run(project: str | Path, build_dir: str | Path | None = None, *,
                  timeout: float = run.DEFAULT_TIMEOUT_S) -> VirtualRun:
    """Build the CMake project ``sd.export`` wrote and run it on its virtual core.

    Args:
        project: The project folder (``format="cmake"``).
        build_dir: Where CMake builds (default: a temporary folder, removed afterwards).
        timeout: Seconds the emulated run may take.

    Raises:
        InputError: ``project`` is not an exported CMake project.
        RuntimeNotInstalledError: ``cmake``, the Arm toolchain or QEMU is missing.
        EmulationError: The build failed, or the program faulted or printed no result line.

    Example:
        >>> build_and_run("no/such/project")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: no/such/project is not a project sd.export wrote
          why: it has no src/scaledown/sd_project.h
          fix: pass the folder sd.export(model, "cmake", folder, device=...) wrote
    """
    project = Path(project)
    target = project_core(project)
    cmake = toolchain.find_tool(CMAKE, CMAKE_INSTALL_COMMAND)
    for name in (toolchain.GCC, toolchain.SIZE, toolchain.QEMU):
        toolchain.find_tool(name, CMAKE_INSTALL_COMMAND)
    with tempfile.TemporaryDirectory(prefix="scaledown-cmake-") as scratch:
        build = Path(build_dir) if build_dir is not None else Path(scratch)
        log = _run([cmake, "-S", str(project), "-B", str(build)], "configuring the project")
        log += _run([cmake, "--build", str(build)], "building the project")
        board = run.run_firmware(build / "firmware.elf", target, timeout_s=timeout)
    return VirtualRun(target.name, target.machine, board.result, board.output, log)
