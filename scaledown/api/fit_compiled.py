"""The compiled model beside TFLite-Micro in ``sd.fit``: flash and RAM of ``sd.compile``'s C.

When a model compiles (full int8, operators :mod:`scaledown.compiler` has
kernels for) and the board is a microcontroller, the fit report also shows
what the model costs compiled to C with :func:`scaledown.compile`, for the
board's core:

* **exact** when the board's core is one the virtual board emulates
  (:mod:`scaledown.virtual_board.cores`) and the Arm toolchain and QEMU are
  installed: flash is the model library as linked (read from the ELF file and
  its map), static RAM its ``.data`` + ``.bss`` (the arena is there), and the
  stack high-water mark is measured on the emulated core (:func:`scaledown.emulate`);
* **estimated** otherwise (another instruction set, no toolchain, or a model
  whose arena does not fit the emulated core's RAM): the constants are counted
  exactly by the compiler (weights as written, packed or not, biases and
  parameters) and the code is taken as the upper bound we measured on Arm
  builds (:data:`KERNEL_LIBRARY_BYTES`, :data:`CALL_BYTES`); RAM is the planned
  arena, without the stack (not measured).

The figures are cached per model (SHA-256), core and compiler version: in
memory, and in a folder when one is given (the site keeps one under
``.scaledown-cache/``), so a page of many boards measures each core once.

Example:
    >>> estimate = estimated_figures(_tiny(), "xtensa-lx7", tflm_flash=60_000, tflm_ram=2_000)
    >>> estimate.exact, estimate.core, estimate.stack_bytes
    (False, 'xtensa-lx7', None)
    >>> estimate.flash_bytes < KERNEL_LIBRARY_BYTES + 4 * CALL_BYTES + 200
    True
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ScaleDownError, first_line

#: Catalogue core class -> the emulated core that runs the same instructions (the int8
#: library has no floating point, so a Cortex-M4 with or without an FPU builds the same).
VIRTUAL_CORES = {
    "cortex-m0+": "cortex-m0", "cortex-m4": "cortex-m4", "cortex-m4f": "cortex-m4",
    "cortex-m7": "cortex-m7", "cortex-m33": "cortex-m33", "cortex-m55": "cortex-m55",
}
#: Flash of the whole kernel library (``sd_kernels.c``), the largest of our Arm builds:
#: measured with arm-none-eabi-gcc 12.2 and the virtual board's flags (-Os, function and
#: data sections) for the Cortex-M55 (M0: 4,320; M3, M4, M7, M33: 4,088 to 4,104 bytes).
#: A model links only the kernels it calls, so this leans high.
KERNEL_LIBRARY_BYTES = 4_332
#: Code of ``sd_model_invoke`` per kernel call, the largest we measured (the MLPerf Tiny
#: KWS model on the Cortex-M0, 1,440 bytes for 12 calls; 55 to 101 on the other builds).
CALL_BYTES = 120
#: Where the estimate's code figures come from.
ESTIMATE_BASIS = (
    "estimated: constants counted by sd.compile, code the upper bound measured on Arm "
    "Cortex-M builds (arm-none-eabi-gcc -Os); stack not measured"
)
EXACT_BASIS = "exact: read from the ELF file and measured on the emulated {core} (sd.emulate)"


@dataclass(frozen=True)
class CompiledFigures:
    """Flash and RAM of the model compiled with ``sd.compile``, beside TFLM's figures.

    Attributes:
        core: The core the figures are for (an emulated core when ``exact``).
        exact: True when read from the ELF file and measured on the virtual board.
        flash_bytes: The model library's flash: weights, kernels and code.
        arena_bytes: The statically planned arena.
        static_ram_bytes: The library's ``.data`` + ``.bss`` (the arena included).
        stack_bytes: Stack high-water mark on the emulated core, ``None`` when not measured.
        tflm_flash_bytes: ``sd.fit``'s TFLM flash figure (model + interpreter + kernels).
        tflm_ram_bytes: TFLM's arena as ``sd.fit`` judges it, ``None`` when not measured.
        basis: How the figures were made, in words.
        note: Why the figures are estimated although the core is emulated, if so.
    """

    core: str
    exact: bool
    flash_bytes: int
    arena_bytes: int
    static_ram_bytes: int
    stack_bytes: int | None
    tflm_flash_bytes: int
    tflm_ram_bytes: int | None
    basis: str
    note: str = ""

    @property
    def ram_bytes(self) -> int:
        """Static RAM plus the measured stack (static RAM alone when the stack is not measured)."""
        return self.static_ram_bytes + (self.stack_bytes or 0)

    @property
    def flash_vs_tflm(self) -> float:
        """Compiled flash over TFLM's (below 1: smaller)."""
        return self.flash_bytes / self.tflm_flash_bytes

    @property
    def ram_vs_tflm(self) -> float | None:
        """Compiled RAM over TFLM's arena, ``None`` without TFLM's figure."""
        return self.ram_bytes / self.tflm_ram_bytes if self.tflm_ram_bytes else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        ratio = self.ram_vs_tflm
        return {**asdict(self), "available": True, "ram_bytes": self.ram_bytes,
                "flash_vs_tflm": round(self.flash_vs_tflm, 3),
                "ram_vs_tflm": None if ratio is None else round(ratio, 3)}

    def lines(self) -> list[str]:
        """The report's lines for the compiled model."""
        kind = "exact" if self.exact else "estimated"
        ram = f"RAM {self.ram_bytes:,} B (arena {self.arena_bytes:,} B"
        ram += (f" + stack {self.stack_bytes:,} B measured)" if self.stack_bytes is not None
                else "; stack not measured)")
        ratio = self.ram_vs_tflm
        if ratio is not None:
            ram += f", {ratio:.2f}x TFLM's arena"
        lines = [f"  compiled C (sd.compile, {self.core}, {kind}): flash {self.flash_bytes:,} B "
                 f"({self.flash_vs_tflm:.2f}x TFLM's), {ram}",
                 f"      {self.basis}"]
        if self.note:
            lines.append(f"      {self.note}")
        return lines


@dataclass(frozen=True)
class NotCompiled:
    """Why the model has no compiled figures (it does not compile)."""

    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"available": False, "reason": self.reason}

    def lines(self) -> list[str]:
        """The report's line saying so."""
        return [f"  compiled C (sd.compile): not available: {self.reason}"]


def _tiny() -> bytes:
    from ..compiler.tiny import tiny_int8_tflite

    return tiny_int8_tflite()


@functools.lru_cache(maxsize=32)
def _program(tflite: bytes) -> Any:
    """The packed program ``sd.compile`` would write, or the reason it cannot (a ``str``)."""
    from ..backends import implementing, verb_module

    try:
        return verb_module(implementing("compile")[0], "compile").lowered(tflite)
    except ScaleDownError as exc:
        return exc.what + (f" ({exc.fix})" if exc.fix else "")


def compile_problem(tflite: bytes) -> str | None:
    """Why ``sd.compile`` refuses the model, or ``None`` when it compiles.

    Example:
        >>> compile_problem(_tiny()) is None
        True
    """
    program = _program(bytes(tflite))
    return program if isinstance(program, str) else None


def constant_bytes(program: Any) -> int:
    """Bytes of every constant the generated ``sd_model.c`` holds (weights as stored, params)."""
    graph = program.graph
    total = sum(program.packed[i].stored_bytes if i in program.packed else graph.tensor(i).nbytes
                for i in program.constants)
    for call in program.calls:
        total += 4 * len(call.params) + sum(4 * len(v) for v in call.arrays.values())
    return total


def estimated_figures(tflite: bytes, core: str, *, tflm_flash: int, tflm_ram: int | None,
                      note: str = "") -> CompiledFigures:
    """Figures without the virtual board: constants counted, code bounded (see above)."""
    from ..backends import implementing, verb_module

    program = _program(bytes(tflite))
    if isinstance(program, str):
        raise ValueError(program)
    target = verb_module(implementing("compile")[0], "compile")
    arena = target.arena_size(target.planned(program))
    flash = constant_bytes(program) + KERNEL_LIBRARY_BYTES + CALL_BYTES * len(program.calls)
    return CompiledFigures(core, False, flash, arena, arena, None, tflm_flash, tflm_ram,
                           ESTIMATE_BASIS, note)


def _compiler_digest() -> str:
    """Changes whenever the compiler or its kernels change (the cache key's version part)."""
    from ..version import __version__

    folder = Path(__file__).resolve().parents[1] / "compiler"
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*folder.glob("*.py"), *(folder / "kernels").glob("sd_kernels.*")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _digest() -> str:
    return _compiler_digest()


@functools.lru_cache(maxsize=4)
def _compiled(tflite: bytes) -> tuple[Any, Any]:
    """The model compiled once (scratch folder, library info); the folder lives with the entry."""
    from ..virtual_board import library
    from .compile import compile as compile_model

    scratch = tempfile.TemporaryDirectory(prefix="scaledown-fit-")
    folder = Path(scratch.name) / "model"
    compile_model(tflite, folder)
    return scratch, library.read_library(folder)


@functools.lru_cache(maxsize=4)
def _prepared(tflite: bytes) -> tuple[Any, Any, bytes, bytes]:
    """The compiled model with a sample input and the host's output for it.

    Every core's measurement reuses them (the host build is the same for all).
    """
    import numpy as np

    from ..virtual_board import host
    from .emulate import SAMPLE_SEED

    scratch, info = _compiled(tflite)
    sample = np.random.default_rng(SAMPLE_SEED).integers(
        -128, 128, info.input_bytes, dtype=np.int8).tobytes()
    return scratch, info, sample, host.host_output(info, sample, Path(scratch.name))


def _measure(tflite: bytes, core: str) -> dict[str, int]:
    """Build and run on the emulated ``core``; the exact figures (can raise ScaleDownError)."""
    from ..virtual_board import build, cores, run
    from .emulate import STACK_GUARD_BYTES

    target = cores.core(core)
    # a model whose arena cannot fit the core is refused before the host build and run
    build.check_fits(_compiled(tflite)[1], target)
    _, info, sample, expected = _prepared(tflite)
    with tempfile.TemporaryDirectory(prefix="scaledown-fit-") as work:
        firmware = build.build_firmware(info, target, sample, expected, Path(work))
        board = run.run_firmware(firmware.elf, target)
    if not board.result.passed:
        raise ValueError(f"the emulated {core} gave another output than this computer")
    if board.result.stack > firmware.stack_reserved_bytes - STACK_GUARD_BYTES:
        raise ValueError(f"the stack reached the space kept for it on the emulated {core}")
    sizes = firmware.sizes
    return {"flash_bytes": int(sizes.linked_library_flash_bytes or sizes.library_flash_bytes),
            "arena_bytes": info.arena_bytes, "static_ram_bytes": sizes.library_ram_bytes,
            "stack_bytes": board.result.stack}


_MEASURED: dict[tuple[str, str, str], dict[str, Any]] = {}


def forget_measurements() -> None:
    """Empty the in-memory cache (a cache folder is kept); the next run starts as a new process.

    Example:
        >>> forget_measurements()
    """
    _MEASURED.clear()


def _read_stored(stored: Path | None) -> dict[str, Any] | None:
    if stored is None or not stored.is_file():
        return None
    try:
        return json.loads(stored.read_text())
    except (OSError, ValueError):
        return None  # a damaged cache file is measured again


def _store(stored: Path | None, figures: dict[str, Any]) -> None:
    if stored is None or "error" in figures or stored.is_file():
        return
    from ..safe_write import write_file

    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        write_file(stored, json.dumps(figures))
    except (OSError, ScaleDownError):
        pass  # the cache is an optimisation: not writing it changes no figure


def measured(tflite: bytes, core: str, *, cache_folder: Path | None = None) -> dict[str, Any]:
    """Exact figures on the emulated ``core``, or ``{"error": why}``; cached (see above).

    Figures already in memory are also written to ``cache_folder`` if it lacks them,
    so the folder holds every model and core this process measured.
    """
    sha = hashlib.sha256(bytes(tflite)).hexdigest()
    key = (sha, core, _digest())
    stored = (None if cache_folder is None
              else Path(cache_folder) / f"{sha[:24]}-{core}-{key[2]}.json")
    figures = _MEASURED.get(key) or _read_stored(stored)
    if figures is None:
        try:
            figures = _measure(bytes(tflite), core)
        except (ScaleDownError, ValueError) as exc:
            figures = {"error": first_line(exc)}
    _MEASURED[key] = figures
    _store(stored, figures)
    return figures


def _toolchain_missing() -> str | None:
    """What to install for exact figures, or ``None`` when everything is there."""
    from ..virtual_board.toolchain import INSTALL_COMMAND, missing_tools

    missing = missing_tools()
    return f"{', '.join(missing)} missing ({INSTALL_COMMAND})" if missing else None


def compiled_figures(report: Any, *, cache_folder: Path | None = None
                     ) -> CompiledFigures | NotCompiled | None:
    """The compiled model's figures for a fit report's board, or why there are none.

    ``None`` when the question does not arise: the board is not a microcontroller
    (it runs LiteRT), or the report holds no model bytes.

    Args:
        report: A :class:`~scaledown.api.fit.FitReport`.
        cache_folder: A folder to keep measured figures in between runs.

    Example:
        >>> import scaledown as sd
        >>> board = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=160, core="xtensa-lx7")
        >>> figures = sd.fit(_tiny(), board).compiled
        >>> figures.exact, figures.flash_vs_tflm < 1
        (False, True)
    """
    analysis = report.analysis
    tflite = getattr(analysis, "tflite", None)
    if report.runtime != "tflite-micro" or tflite is None:
        return None
    problem = compile_problem(tflite)
    if problem is not None:
        return NotCompiled(problem)
    tflm_flash = analysis.flash.total_bytes
    tflm_ram = analysis.arena.required_bytes if analysis.arena else None
    core = VIRTUAL_CORES.get(report.device.core)
    note = ""
    if core is None:
        note = f"the virtual board emulates no {report.device.core} core"
    elif _toolchain_missing():
        note = f"not measured on the virtual board: {_toolchain_missing()}"
    else:
        figures = measured(tflite, core, cache_folder=cache_folder)
        if "error" not in figures:
            return CompiledFigures(core, True, figures["flash_bytes"], figures["arena_bytes"],
                                   figures["static_ram_bytes"], figures["stack_bytes"],
                                   tflm_flash, tflm_ram, EXACT_BASIS.format(core=core))
        note = f"not measured on the emulated {core}: {figures['error']}"
    return estimated_figures(tflite, report.device.core, tflm_flash=tflm_flash,
                             tflm_ram=tflm_ram, note=note)
