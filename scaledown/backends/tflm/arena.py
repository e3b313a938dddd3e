"""Measure a model's tensor arena by allocating it in TFLite-Micro on the host.

How the measurement works:

1. Build a ``tflite_micro`` interpreter with a generous arena. TFLM plans and
   allocates every tensor right away (``AllocateTensors``), using its
   ``RecordingMicroAllocator``, which keeps a ledger of every allocation.
2. Ask TFLM for that ledger (``print_allocations``; TFLM writes it to the C
   ``stderr``, so we catch file descriptor 2 for the duration of the call) and
   parse it: the total, the *head* (non-persistent memory: activations and
   scratch buffers, reused from op to op) and the *tail* (persistent memory:
   tensor structs, node structs, op data kept for the whole run).
3. Binary-search the smallest arena size TFLM accepts. It can be a little
   larger than the reported total, because the memory planner needs
   temporary working space while it plans; firmware must give at least this
   much, so :attr:`ArenaReport.required_bytes` is the larger of the two.

The figures are for a 64-bit host. :mod:`scaledown.estimates.memory32`
explains and computes how they shrink on a 32-bit microcontroller.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> report = probe_arena(tiny_dense_tflite())
    >>> report.total_bytes == report.head_bytes + report.tail_bytes
    True
    >>> report.required_bytes >= report.total_bytes
    True
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ...errors import InputError, ModelLoadError, RuntimeNotInstalledError, UnsupportedOpError

#: The host probe gives up above this arena size: no microcontroller has it.
MAX_PROBE_ARENA = 64 * 1024 * 1024
_FIRST_TRY = 256 * 1024

_TOTAL = re.compile(r"Arena allocation total (\d+) bytes")
_HEAD = re.compile(r"Arena allocation head (\d+) bytes")
_TAIL = re.compile(r"Arena allocation tail (\d+) bytes")
_ITEM = re.compile(
    r"'([^']+)' used (\d+) bytes with alignment overhead \(requested (\d+) bytes for (\d+) "
)
_MISSING_OP = re.compile(r"Didn't find op for builtin opcode '([A-Z0-9_]+)'")
_MISSING_CUSTOM = re.compile(r"Didn't find op for custom opcode '([^']+)'")
_HYBRID = re.compile(
    r"[Hh]ybrid models are not supported|Input type: FLOAT32 with filter type: INT8"
)
_PREPARE = re.compile(r"Node (\S+) \(number (\d+)\) failed to prepare")
_OUT_OF_MEMORY = re.compile(r"Failed to allocate|available \d+, missing")


@dataclass(frozen=True)
class Allocation:
    """One line of TFLM's allocation ledger (a category of persistent memory).

    Attributes:
        name: TFLM's name, e.g. ``"TfLiteEvalTensor data"``.
        used_bytes: Bytes taken in the arena, alignment included.
        requested_bytes: Bytes asked for, before alignment.
        count: How many allocations (or structs) of this kind.
    """

    name: str
    used_bytes: int
    requested_bytes: int
    count: int


@dataclass(frozen=True)
class ArenaReport:
    """TFLM's own account of a model's tensor arena on this (64-bit) host.

    Attributes:
        total_bytes: The arena TFLM reports as used (head + tail).
        head_bytes: Non-persistent memory: activations and scratch buffers.
        tail_bytes: Persistent memory: structs and op data kept for the run.
        allocations: The ledger lines that break the tail down.
        min_arena_bytes: The smallest arena size TFLM accepted (binary search).
        log: TFLM's report text, as printed.
    """

    total_bytes: int
    head_bytes: int
    tail_bytes: int
    allocations: tuple[Allocation, ...] = ()
    min_arena_bytes: int | None = None
    log: str = field(default="", repr=False)

    @property
    def required_bytes(self) -> int:
        """The arena size firmware must provide: at least what TFLM used and accepted."""
        return max(self.total_bytes, self.min_arena_bytes or 0)

    @property
    def activation_bytes(self) -> int:
        """Activations and scratch buffers (TFLM's non-persistent head)."""
        return self.head_bytes

    @property
    def persistent_bytes(self) -> int:
        """Persistent data the ledger names (tensor and node structs, op data)."""
        return sum(a.used_bytes for a in self.allocations)

    @property
    def overhead_bytes(self) -> int:
        """Persistent bytes the ledger does not name: the interpreter's own
        bookkeeping (the allocator objects, builtin op options, subgraph tables)."""
        return self.tail_bytes - self.persistent_bytes

    def allocation(self, name: str) -> Allocation | None:
        """The ledger line called ``name``, or ``None``."""
        return next((a for a in self.allocations if a.name == name), None)


def parse_allocations(text: str) -> ArenaReport:
    """Read the report printed by TFLM's ``RecordingMicroAllocator``.

    Example:
        >>> text = '''[RecordingMicroAllocator] Arena allocation total 300 bytes
        ... [RecordingMicroAllocator] Arena allocation head 200 bytes
        ... [RecordingMicroAllocator] Arena allocation tail 100 bytes
        ... [RecordingMicroAllocator] 'TfLiteEvalTensor data' used 48 bytes with alignment
        ...  overhead (requested 48 bytes for 2 allocations)'''
        >>> r = parse_allocations(text.replace("\\n overhead", " overhead"))
        >>> r.total_bytes, r.head_bytes, r.allocations[0].count, r.overhead_bytes
        (300, 200, 2, 52)

    Raises:
        ModelLoadError: the text holds no arena totals.
    """
    total, head, tail = (_TOTAL.search(text), _HEAD.search(text), _TAIL.search(text))
    if not (total and head and tail):
        raise ModelLoadError(
            "TFLite-Micro printed no arena report",
            why=f"expected lines like 'Arena allocation total N bytes'; got: {text[:200]!r}",
            fix="check that the tflite-micro package is installed and up to date",
        )
    items = tuple(
        Allocation(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)))
        for m in _ITEM.finditer(text)
    )
    return ArenaReport(int(total.group(1)), int(head.group(1)), int(tail.group(1)), items, log=text)


@contextmanager
def _capture_stderr() -> Iterator[Callable[[], str]]:
    """Catch what C code writes to file descriptor 2 (TFLM logs there)."""
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        text: list[str] = []
        try:
            yield lambda: "".join(text)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text.append(sink.read().decode("utf-8", "replace"))


def _runtime():  # noqa: ANN202 - a module
    try:
        from tflite_micro.python.tflite_micro import runtime
    except ImportError as exc:
        raise RuntimeNotInstalledError.for_extra("tflite-micro", "tflm") from exc
    return runtime


def _allocate_here(data: bytes, arena: int, report: bool) -> bool:
    """Build an interpreter in this process; print TFLM's report when asked."""
    runtime = _runtime()
    try:
        interpreter = runtime.Interpreter.from_bytes(data, arena_size=arena)
    except RuntimeError:
        return False
    if report:
        interpreter.print_allocations()
    return True


def _try(data: bytes, arena: int, *, report: bool = False) -> tuple[bool, str]:
    """Try to allocate ``data`` in an arena of ``arena`` bytes; return (success, TFLM's log).

    Each try runs in a forked child process: for some arena sizes TFLM's
    error path calls ``abort()`` ("All temp buffers must be freed ..."),
    which would otherwise take the whole Python process down. A child that
    dies counts as a failed try.
    """
    _runtime()  # import in the parent, so a missing package is reported here
    with _capture_stderr() as log:
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: no isolation available
            ok = _allocate_here(data, arena, report)
        else:
            pid = os.fork()
            if pid == 0:  # child: allocate, report, leave without cleanup handlers
                code = 1
                try:
                    code = 0 if _allocate_here(data, arena, report) else 1
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return ok, log()


def _explain_failure(log: str, name: str) -> None:
    """Raise a beginner's error when TFLM failed for a reason other than size."""
    if m := _MISSING_OP.search(log) or _MISSING_CUSTOM.search(log):
        op = m.group(1)
        raise UnsupportedOpError(
            f"{name} uses the op {op}, which TFLite-Micro cannot run",
            why="TFLite-Micro has kernels for a subset of TFLite ops only",
            fix=f"replace the layer that produces {op} with a supported one "
            "(see scaledown.backends.tflm.ops.TFLM_BUILTINS), or target a Linux board with LiteRT",
        )
    if _HYBRID.search(log):
        raise UnsupportedOpError(
            f"{name} is a hybrid model (float activations, int8 weights)",
            why="TFLite-Micro has no hybrid kernels",
            fix="quantize fully to int8 with calibration data: "
            "sd.quantize(model, scheme='int8', data=samples)",
        )


def _allocate(data: bytes, name: str, max_arena: int) -> tuple[str, int]:
    """Allocate with growing arenas until TFLM succeeds; return its report and the arena."""
    arena = max(_FIRST_TRY, 4 * len(data))
    while True:
        arena = min(arena, max_arena)
        ok, log = _try(data, arena, report=True)
        if ok:
            return log, arena
        _explain_failure(log, name)
        prepare = _PREPARE.search(log)
        if arena >= max_arena and prepare and not _OUT_OF_MEMORY.search(log):
            detail = log[: prepare.start()].strip().splitlines()
            raise UnsupportedOpError(
                f"TFLite-Micro could not prepare op #{prepare.group(2)} {prepare.group(1)} "
                f"of {name}",
                why=f"TFLM said: {detail[-1] if detail else prepare.group(0)}",
                fix="check the op's input types and options against TFLM's kernels; "
                "a fully int8 model is the safest input",
            )
        if arena >= max_arena:
            raise InputError(
                f"{name} needs a tensor arena larger than {max_arena / (1024 * 1024):g} MiB",
                why="the host probe allocates the model in TFLite-Micro and stops at that "
                "size, far beyond the RAM of any microcontroller",
                fix="shrink the model (quantize to int8, fewer filters, a smaller input), "
                "or pass max_arena=... if you really target such a device",
            )
        arena *= 4


def _smallest_arena(data: bytes, upper: int) -> int:
    """Binary search: the smallest arena size (bytes) TFLM accepts, knowing ``upper`` works."""
    lo, hi = 1, upper
    while lo < hi:
        mid = (lo + hi) // 2
        ok, _ = _try(data, mid)
        if ok:
            hi = mid
        else:
            lo = mid + 1
    return lo


def probe_arena(
    tflite: bytes,
    *,
    name: str = "the model",
    max_arena: int = MAX_PROBE_ARENA,
    search: bool = True,
) -> ArenaReport:
    """Allocate ``tflite`` in TFLite-Micro and return TFLM's arena report.

    Args:
        tflite: The model's flatbuffer bytes.
        name: How to call the model in error messages.
        max_arena: Give up above this many bytes (default 64 MiB).
        search: Also binary-search the smallest arena TFLM accepts
            (about 20 allocations; milliseconds each for MCU-sized models).

    Returns:
        The :class:`ArenaReport`.

    Raises:
        UnsupportedOpError: the model has an op TFLM lacks, or is hybrid.
        InputError: the arena would exceed ``max_arena``.
        ModelLoadError: the bytes are not a TFLite model.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> r = probe_arena(tiny_dense_tflite())
        >>> r.allocation("NodeAndRegistration struct").count
        1
    """
    data = bytes(tflite)
    if len(data) < 8 or data[4:8] != b"TFL3":
        raise ModelLoadError(
            f"{name} is not a TFLite flatbuffer",
            why="TFLite-Micro runs .tflite files, which carry 'TFL3' at byte 4",
            fix="convert the model first: sd.convert(model, to='tflite')",
        )
    log, arena = _allocate(data, name, max_arena)
    report = parse_allocations(log)
    if not search:
        return report
    smallest = _smallest_arena(data, arena)
    return ArenaReport(
        report.total_bytes,
        report.head_bytes,
        report.tail_bytes,
        report.allocations,
        min_arena_bytes=smallest,
        log=report.log,
    )
