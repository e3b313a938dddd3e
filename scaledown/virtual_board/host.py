"""Build the model library for this computer and run it: the expected output.

The same C files the board runs, compiled with the host's ``cc`` and a tiny
``main`` (``harness/sd_host_main.c``) that reads the input bytes from a file
and writes the output bytes to another. The virtual board passes when its
output equals this one byte for byte.

Example:
    >>> HOST_CFLAGS
    ('-std=c99', '-O1')
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import EmulationError, InputError, first_line
from . import toolchain
from .library import LibraryInfo

HOST_CFLAGS = ("-std=c99", "-O1")
HOST_TIMEOUT_S = 120


def host_output(library: LibraryInfo, sample: bytes, work: Path) -> bytes:
    """What ``sd_model_invoke`` writes for ``sample`` when built and run on this computer.

    Raises:
        RuntimeNotInstalledError: No host C compiler.
        EmulationError: The library does not build or run on the host.

    Example:
        >>> from scaledown.virtual_board.library import LibraryInfo
        >>> host_output(LibraryInfo(Path("lib"), 8, 4, 64, 1, ()), bytes(3), Path("."))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: the sample has 3 bytes
          why: the library reads SD_MODEL_INPUT_BYTES = 8 bytes
          fix: pass 8 bytes
    """
    if len(sample) != library.input_bytes:
        raise InputError(f"the sample has {len(sample)} bytes",
                         why=f"the library reads SD_MODEL_INPUT_BYTES = {library.input_bytes} "
                             "bytes", fix=f"pass {library.input_bytes} bytes")
    from .build import harness_dir

    cc = toolchain.find_tool(toolchain.HOST_CC, toolchain.HOST_INSTALL_COMMAND)
    work = Path(work)
    program = work / "host_model"
    command = [cc, *HOST_CFLAGS, f"-I{library.folder}", *map(str, library.sources),
               str(harness_dir() / "sd_host_main.c"), "-o", str(program)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=HOST_TIMEOUT_S,
                          check=False)
    if done.returncode != 0:
        raise EmulationError(
            "the model library does not build on this computer",
            why=first_line(Exception(done.stderr or done.stdout or "no message")),
            fix="check it is plain C99 without board-specific code")
    (work / "host_input.bin").write_bytes(sample)
    try:
        ran = subprocess.run([str(program), "host_input.bin", "host_output.bin"], cwd=work,
                             capture_output=True, text=True, timeout=HOST_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise EmulationError(f"the model did not finish within {HOST_TIMEOUT_S} s on this "
                             "computer", fix="check sd_model_invoke for an endless loop") from None
    if ran.returncode != 0:
        raise EmulationError(
            f"the model failed on this computer (exit code {ran.returncode})",
            why=first_line(Exception(ran.stderr or "no message")),
            fix="sd_model_invoke must return 0; check the input size matches "
                "SD_MODEL_INPUT_BYTES")
    return (work / "host_output.bin").read_bytes()
