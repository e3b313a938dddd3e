"""``sd.emulate``: run a model on a virtual board, an emulated Arm Cortex-M.

``sd.emulate(model, core="cortex-m4")`` compiles the model to C with
``sd.compile`` (or takes a folder ``sd.compile`` already wrote), builds it with
a small harness for the core using Debian's ``arm-none-eabi-gcc``, runs it
once on ``qemu-system-arm`` and compares its output with the same C library
built and run on this computer. No board needed.

The figures are exact, read or counted, not estimated:

* flash and static RAM from the ELF file (``arm-none-eabi-size -A``);
* the stack high-water mark, measured on the board: the harness fills the
  free stack with a pattern before ``sd_model_invoke`` and looks for the
  lowest overwritten word after it;
* the instructions ``sd_model_invoke`` executed, counted with Unicorn over the
  same image. An instruction count is not a time: cycles per instruction
  differ between cores, memories and wait states.

The programs: ``sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi
qemu-system-arm`` (or ``make toolchain``), and the ``emulate`` extra (Unicorn)
for the instruction count.

Example:
    >>> import scaledown as sd
    >>> sd.emulate("model.tflite", core="cortex-m99")
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: unknown core 'cortex-m99'
      why: the virtual board emulates cortex-m0, cortex-m3, cortex-m4, ..., cortex-m55
      fix: pass one of those, e.g. core="cortex-m4"
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EmulationError, ExportError, InputError
from ..virtual_board import build, cores, host, library, run, toolchain
from ..virtual_board import result_line as line_format
from ..virtual_board.result_line import ResultLine

#: Seed of the sample input used when none is given (the same every run).
SAMPLE_SEED = 0
#: A stack high-water mark this close to the space kept for the stack counts as an overflow.
STACK_GUARD_BYTES = 256
#: What an emulation folder keeps.
KEPT_FILES = ("firmware.elf", "firmware.map", "link.ld", "sd_harness_data.c",
              "sd_harness_data.h")


@dataclass(frozen=True)
class EmulationResult:
    """One run of a model on the virtual board.

    Attributes:
        model: The model's name (``sd_model_name``).
        core: The emulated core (``"cortex-m4"``).
        machine: The QEMU machine that emulated it.
        passed: True when the board's output equals the host's byte for byte.
        status: ``"PASS"``, ``"FAIL"`` (outputs differ) or ``"ERROR"``
            (``sd_model_invoke`` returned non-zero on the board).
        output: The board's output bytes, as int8.
        expected: The host's output bytes for the same input, as int8.
        input: The input bytes the board ran, as int8.
        flash_bytes: Flash of the whole image (code, constants, initial data).
        static_ram_bytes: RAM of the whole image's ``.data`` + ``.bss`` (arena included).
        stack_bytes: Stack high-water mark measured on the board.
        instructions: Instructions ``sd_model_invoke`` executed, or ``None`` when not counted.
        library_flash_bytes: Flash of the model library alone (its object files).
        library_ram_bytes: Static RAM of the model library alone.
        linked_library_flash_bytes: Flash of the model library as linked (only the
            functions and constants the image keeps: no unused kernel).
        arena_bytes: ``SD_MODEL_ARENA_BYTES`` from the library's header.
        result_line: The ``SDRESULT v1`` line the board printed.
        folder: Where the image was kept (``out=``), or ``None``.
        notes: Why a figure is missing, if one is.
    """

    model: str
    core: str
    machine: str
    passed: bool
    output: np.ndarray
    expected: np.ndarray
    input: np.ndarray
    flash_bytes: int
    static_ram_bytes: int
    stack_bytes: int
    instructions: int | None
    library_flash_bytes: int
    library_ram_bytes: int
    arena_bytes: int
    result_line: str
    status: str = "PASS"
    folder: Path | None = None
    notes: list[str] = field(default_factory=list)
    linked_library_flash_bytes: int | None = None

    @property
    def counted_line(self) -> str:
        """The board's result line with ``instr=`` set to Unicorn's count (QEMU prints ``na``).

        This is what ``scaledown emulate --log FILE`` writes and ``scaledown measure``
        reads, so an emulated record carries the instruction count.
        """
        parsed = line_format.parse(self.result_line)
        return line_format.format_line(
            model=parsed.model, sha256=parsed.sha256, core=parsed.core, status=parsed.status,
            stack=parsed.stack, rc=parsed.rc, mismatches=parsed.mismatches,
            instructions=self.instructions, cycles=parsed.cycles, extra=parsed.extra)

    @property
    def ram_bytes(self) -> int:
        """Static RAM plus the measured stack: what the board's RAM must hold."""
        return self.static_ram_bytes + self.stack_bytes

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready values."""
        return {
            "model": self.model, "core": self.core, "machine": self.machine,
            "passed": self.passed, "status": self.status, "output": self.output.tolist(),
            "expected": self.expected.tolist(), "flash_bytes": self.flash_bytes,
            "static_ram_bytes": self.static_ram_bytes, "stack_bytes": self.stack_bytes,
            "ram_bytes": self.ram_bytes, "instructions": self.instructions,
            "library_flash_bytes": self.library_flash_bytes,
            "library_ram_bytes": self.library_ram_bytes, "arena_bytes": self.arena_bytes,
            "linked_library_flash_bytes": self.linked_library_flash_bytes,
            "result_line": self.result_line,
            "folder": None if self.folder is None else str(self.folder), "notes": self.notes,
        }

    def __str__(self) -> str:
        if self.status == "ERROR":
            rc = line_format.parse(self.result_line).rc
            verdict = f"ERROR: sd_model_invoke returned {rc} on the board (0 on this computer)"
        elif self.passed:
            verdict = "PASS: the output equals the host's"
        else:
            verdict = ("FAIL: the output differs from the host's "
                       f"({int(np.sum(self.output != self.expected))} of {self.output.size} "
                       "bytes)")
        instructions = ("not counted" if self.instructions is None
                        else f"{self.instructions:,} instructions (sd_model_invoke; not a time)")
        rows = [
            ("flash", f"{self.flash_bytes:,} B (model library {self.library_flash_bytes:,} B)"),
            ("static RAM", f"{self.static_ram_bytes:,} B .data+.bss "
                           f"(model library {self.library_ram_bytes:,} B, "
                           f"arena {self.arena_bytes:,} B)"),
            ("stack", f"{self.stack_bytes:,} B high-water (painted stack)"),
            ("RAM total", f"{self.ram_bytes:,} B"),
            ("executed", instructions),
        ]
        lines = [f"{self.model} on a virtual {self.core} (QEMU {self.machine})", verdict]
        lines += [f"  {name:<11} {value}" for name, value in rows]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"EmulationResult(model={self.model!r}, core={self.core!r}, "
                f"passed={self.passed}, flash_bytes={self.flash_bytes}, "
                f"static_ram_bytes={self.static_ram_bytes}, stack_bytes={self.stack_bytes}, "
                f"instructions={self.instructions})")


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot write the virtual board's files to {out}: it is a file",
                          fix="pass a folder path (it is created if missing)")
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), Path("/"))
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write to {out}", why=f"{probe} is not writable by this user",
                          fix="choose a folder you can write to, e.g. one inside your project")


def _keep(work: Path, out: Path) -> None:
    """Copy the image and its sources into ``out``, all at once or not at all."""
    from ..safe_write import write_into_folder

    files = {name: (work / name).read_bytes() for name in KEPT_FILES if (work / name).exists()}
    write_into_folder(out, files, error=ExportError)


def _sample_input(given: Any, info: library.LibraryInfo, model: Any) -> bytes:
    if given is None:
        rng = np.random.default_rng(SAMPLE_SEED)
        return rng.integers(-128, 128, info.input_bytes, dtype=np.int8).tobytes()
    if isinstance(given, bytes | bytearray):
        data = bytes(given)
    else:
        array = np.asarray(given)
        if array.ndim >= 3 and model is not None:  # bytes would hide a swapped channel order
            from ..backends.common.layouts import refuse_swapped_sample
            from .load import load

            refuse_swapped_sample(load(model).inputs[0], array)
        if array.dtype.kind == "f":
            array = _quantize_input(array, model)
        if array.dtype not in (np.int8, np.uint8):
            raise InputError(f"input has dtype {array.dtype}",
                             why="the compiled model reads int8 bytes",
                             fix="pass an int8 array (or float values with a model to quantize "
                                 "them with its input scale)")
        data = array.tobytes()
    if len(data) != info.input_bytes:
        raise InputError(f"input has {len(data)} bytes",
                         why=f"the model reads SD_MODEL_INPUT_BYTES = {info.input_bytes} bytes",
                         fix=f"pass one sample of {info.input_bytes} int8 values")
    return data


def _quantize_input(array: np.ndarray, model: Any) -> np.ndarray:
    if model is None:
        raise InputError("input holds float values",
                         why="a compiled folder does not say how to quantize them",
                         fix="pass int8 values, or the model itself so its input scale is used")
    from .load import load

    loaded = load(model)
    spec = loaded.inputs[0]
    if not spec.is_quantized:
        raise InputError("input holds float values and the model's input is not int8",
                         fix="quantize the model first: sd.quantize(model, scheme='int8', ...)")
    return spec.quantize(array)


def _compile(model: Any, folder: Path) -> None:
    try:
        from .compile import compile as compile_model
    except ImportError:
        raise EmulationError(
            "this version of scaledown has no sd.compile",
            why="the virtual board runs the C library sd.compile writes",
            fix="pass a folder with sd_model.h, sd_model.c, sd_kernels.h and sd_kernels.c",
        ) from None
    compile_model(model, folder)


def emulate(model: Any, core: str = "cortex-m4", input: Any = None, *,
            out: str | Path | None = None, count: bool = True,
            timeout: float = run.DEFAULT_TIMEOUT_S) -> EmulationResult:
    """Run ``model`` once on an emulated Cortex-M and compare its output with the host's.

    Args:
        model: A model (file path or ``sd.Model``, compiled with ``sd.compile``) or a
            folder ``sd.compile`` wrote.
        core: One of ``cortex-m0``, ``-m3``, ``-m4``, ``-m7``, ``-m33``, ``-m55``.
        input: One int8 sample (array or bytes, ``SD_MODEL_INPUT_BYTES`` long), or float
            values when ``model`` is a model (quantized with its input scale).
            ``None``: a fixed pseudo-random sample (seed 0).
        out: Keep the image (``firmware.elf``), its map and the harness data here.
        count: Count ``sd_model_invoke``'s instructions with Unicorn (not on the Cortex-M55).
        timeout: Seconds the emulated run may take.

    Returns:
        An :class:`EmulationResult`; ``print`` it for a table.

    Raises:
        InputError: Unknown core, or an input of the wrong size or type.
        RuntimeNotInstalledError: The Arm toolchain, QEMU or Unicorn is missing.
        EmulationError: The model does not fit the core's RAM, or building or running failed.
        ExportError: ``out`` cannot be written.

    Example:
        >>> import scaledown as sd
        >>> import pathlib, tempfile
        >>> taken = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
        >>> _ = taken.write_text("my notes")
        >>> sd.emulate("model.tflite", core="cortex-m4", out=taken)
        Traceback (most recent call last):
        ...
        scaledown.errors.ExportError: cannot write the virtual board's files to .../notes.txt:
        it is a file
          fix: pass a folder path (it is created if missing)

    With the toolchain installed, ``print(sd.emulate(sd.datasets.mlperf_tiny("kws")))`` shows
    the verdict and the figures as a table.
    """
    target = cores.core(core)
    out_path = None if out is None else Path(out)
    if out_path is not None:
        _check_out(out_path)
    for name in (toolchain.GCC, toolchain.SIZE, toolchain.QEMU):
        toolchain.find_tool(name)
    toolchain.find_tool(toolchain.HOST_CC, toolchain.HOST_INSTALL_COMMAND)

    with tempfile.TemporaryDirectory(prefix="scaledown-emulate-") as scratch:
        work = Path(scratch)
        if library.is_library(model):
            folder, source_model = Path(model), None
        else:
            folder, source_model = work / "library", model
            _compile(model, folder)
        info = library.read_library(folder)
        build.check_fits(info, target)
        sample = _sample_input(input, info, source_model)
        expected = host.host_output(info, sample, work)
        firmware = build.build_firmware(info, target, sample, expected, work,
                                        model_sha256=_model_digest(model, folder))
        board = run.run_firmware(firmware.elf, target, timeout_s=timeout)
        _check_stack(board.result, firmware)
        instructions, notes = _count(firmware, target, board.result, count)
        output = _board_output(board.output, board.result)
        if out_path is not None:
            _keep(work, out_path)
    return EmulationResult(
        model=board.result.model, core=target.name, machine=target.machine,
        passed=board.result.passed, status=board.result.status, output=output,
        expected=np.frombuffer(expected, dtype=np.int8).copy(),
        input=np.frombuffer(sample, dtype=np.int8).copy(),
        flash_bytes=firmware.sizes.flash_bytes, static_ram_bytes=firmware.sizes.static_ram_bytes,
        stack_bytes=board.result.stack, instructions=instructions,
        library_flash_bytes=firmware.sizes.library_flash_bytes,
        library_ram_bytes=firmware.sizes.library_ram_bytes, arena_bytes=info.arena_bytes,
        linked_library_flash_bytes=firmware.sizes.linked_library_flash_bytes,
        result_line=next(line for line in board.output.splitlines()
                         if line.startswith(line_format.TAG + " ")),
        folder=out_path, notes=notes)


def _model_digest(model: Any, folder: Path) -> str:
    """The model file's SHA-256 when ``model`` is a file, else the compiled library's."""
    from ..measurements.model_hash import model_sha256

    if isinstance(model, str | Path) and Path(model).is_file():
        return model_sha256(model)
    return model_sha256(folder)


def _check_stack(result: ResultLine, firmware: build.Firmware) -> None:
    """Refuse a run whose stack came within ``STACK_GUARD_BYTES`` of the space kept for it.

    A function that writes its stack frame sparsely can skip painted words, so
    a high-water mark just short of the limit may hide an overflow.
    """
    if result.stack <= firmware.stack_reserved_bytes - STACK_GUARD_BYTES:
        return
    raise EmulationError(
        f"the program used all {firmware.stack_reserved_bytes:,} bytes of stack the harness "
        f"keeps on the {firmware.core.name} (high-water {result.stack:,} bytes)",
        why="past them the stack overwrites the model's arena, so neither the output nor "
            "the figures can be trusted",
        fix="the model's kernels keep large buffers on the stack; report the model, or try a "
            'core with more RAM (core="cortex-m4" keeps 32 KiB)')


def _board_output(printed: str, result: ResultLine) -> np.ndarray:
    """The output bytes the board printed, checked against the hash it printed."""
    data = line_format.find_output(printed)
    if data is None or hashlib.sha256(data).hexdigest() != result.sha256:
        raise EmulationError(
            "the board's output line is missing or does not match its SHA-256",
            why="the semihosting output was cut or garbled",
            fix="run again; if it persists, report it with sd.emulate(..., out='folder')")
    return np.frombuffer(data, dtype=np.int8).copy()


def _count(firmware: build.Firmware, target: cores.Core, result: ResultLine,
           wanted: bool) -> tuple[int | None, list[str]]:
    if not wanted:
        return None, ["instructions not counted (count=False)"]
    if target.unicorn_cpu is None:
        return None, [f"instructions not counted: Unicorn has no {target.name} model"]
    from ..virtual_board.count import count_instructions

    counted = count_instructions(firmware.elf, target)
    expected_code = {"PASS": 0, "FAIL": 1, "ERROR": 2}[result.status]
    if counted.exit_code != expected_code:
        raise EmulationError(
            f"Unicorn and QEMU disagree on the {target.name}: exit code {counted.exit_code} "
            f"against {expected_code}",
            why="the instruction count would describe another run than the one checked",
            fix="report this with the image (sd.emulate(..., out='folder'))")
    return counted.instructions, []
