"""Run a harness image on ``qemu-system-arm`` with semihosting and read its result line.

QEMU is started with ``-semihosting-config enable=on,target=native
-nographic -monitor none`` (no window, no serial port), so the harness's
print reaches QEMU's output and its exit call becomes QEMU's exit
code (0 PASS, 1 FAIL, 2 ERROR, 3 processor fault).

Example:
    >>> from scaledown.virtual_board.cores import core
    >>> qemu_command(core("cortex-m4"), Path("firmware.elf"))[:3]
    ['qemu-system-arm', '-M', 'mps2-an386']
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmulationError
from . import result_line, toolchain
from .cores import Core

DEFAULT_TIMEOUT_S = 120.0
EXIT_FAULT = 3


@dataclass(frozen=True)
class BoardRun:
    """What one run on QEMU gave: exit code, printed text and its result line."""

    exit_code: int
    output: str
    result: result_line.ResultLine


def qemu_command(target: Core, elf_path: Path, qemu: str = toolchain.QEMU) -> list[str]:
    """The ``qemu-system-arm`` command line that runs ``elf_path`` on ``target``'s machine."""
    return [qemu, "-M", target.machine, "-nographic", "-monitor", "none", "-serial", "null",
            "-semihosting-config", "enable=on,target=native", "-kernel", str(elf_path)]


def run_firmware(elf_path: Path, target: Core, *,
                 timeout_s: float = DEFAULT_TIMEOUT_S) -> BoardRun:
    """Run the image on QEMU; an error when it hangs, faults or prints no result line.

    Example:
        >>> from scaledown.virtual_board.cores import core
        >>> run_firmware(Path("missing.elf"), core("cortex-m4"))
        Traceback (most recent call last):
        ...
        scaledown.errors.EmulationError: there is no image at missing.elf
          fix: build one with scaledown.virtual_board.build.build_firmware
    """
    if not Path(elf_path).is_file():
        raise EmulationError(f"there is no image at {elf_path}",
                             fix="build one with scaledown.virtual_board.build.build_firmware")
    qemu = toolchain.find_tool(toolchain.QEMU)
    try:
        done = subprocess.run(qemu_command(target, elf_path, qemu), capture_output=True,
                              text=True, timeout=timeout_s, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise EmulationError(
            f"the program did not finish within {timeout_s:g} s on the emulated {target.name}",
            why="sd_model_invoke may loop forever, or the model is very large",
            fix="pass a longer timeout, e.g. sd.emulate(..., timeout=600)") from None
    # QEMU 7.2 writes semihosting output to stderr, other versions to stdout
    output = done.stdout + done.stderr
    # QEMU aborts with "Lockup" when a fault happens while the fault handler
    # cannot run, typically a stack pointer that left RAM
    if done.returncode == EXIT_FAULT or "SDFAULT" in output or "Lockup" in output:
        raise EmulationError(
            f"the program stopped on a processor fault on the emulated {target.name}",
            why="sd_model_invoke read or wrote memory it should not, ran an instruction "
                "this core lacks, or its stack ran past the RAM",
            fix="run the library on the host with a memory checker (cc -fsanitize=address)")
    found = result_line.find(output)
    if found is None:
        tail = output.strip().splitlines()[-3:]
        raise EmulationError(
            f"the emulated {target.name} printed no result line (exit code {done.returncode})",
            why=" / ".join(tail) or "QEMU printed nothing",
            fix=f"check {elf_path} was built by scaledown.virtual_board.build")
    return BoardRun(done.returncode, output, found)
