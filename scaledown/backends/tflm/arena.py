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
3. Search the smallest arena size TFLM accepts. It can be a little larger
   than the reported total, because the memory planner needs temporary
   working space while it plans; firmware must give at least this much, so
   :attr:`ArenaReport.required_bytes` is the larger of the two.

The allocations run in a small separate Python process, each try in a forked
child of it (:mod:`.allocate` explains why: TFLM can ``abort()``).

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

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ... import errors
from ...errors import ModelLoadError
from ...install import pip_command

#: The host probe gives up above this arena size: no microcontroller has it.
MAX_PROBE_ARENA = 64 * 1024 * 1024

_TOTAL = re.compile(r"Arena allocation total (\d+) bytes")
_HEAD = re.compile(r"Arena allocation head (\d+) bytes")
_TAIL = re.compile(r"Arena allocation tail (\d+) bytes")
_ITEM = re.compile(
    r"'([^']+)' used (\d+) bytes with alignment overhead \(requested (\d+) bytes for (\d+) "
)


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
        >>> text = "\\n".join([
        ...     "[RecordingMicroAllocator] Arena allocation total 300 bytes",
        ...     "[RecordingMicroAllocator] Arena allocation head 200 bytes",
        ...     "[RecordingMicroAllocator] Arena allocation tail 100 bytes",
        ...     "[RecordingMicroAllocator] 'TfLiteEvalTensor data' used 48 bytes with "
        ...     "alignment overhead (requested 48 bytes for 2 allocations)"])
        >>> r = parse_allocations(text)
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
        search: Also search the smallest arena TFLM accepts (a few more
            allocations, milliseconds each for MCU-sized models).

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
    answer = _run_worker(data, name, max_arena, search)
    report = parse_allocations(answer["log"])
    return ArenaReport(
        report.total_bytes,
        report.head_bytes,
        report.tail_bytes,
        report.allocations,
        min_arena_bytes=answer.get("min_arena"),
        log=report.log,
    )


def probe_arenas(models: list[bytes], *, max_arena: int = MAX_PROBE_ARENA,
                 search: bool = True) -> list[ArenaReport | None]:
    """:func:`probe_arena` for several models in one worker process, in order.

    Starting the worker and importing TFLite-Micro costs more than measuring an
    MCU-sized model, so a caller with many models (the site's fit pages) pays it
    once. The figures are the ones :func:`probe_arena` gives. A model the worker
    could not measure gets ``None``: probe it alone to get its error.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> one, bad = probe_arenas([tiny_dense_tflite(), b"not a model"])
        >>> one == probe_arena(tiny_dense_tflite()), bad
        (True, None)
    """
    sent = [bytes(data) for data in models if len(data) >= 8 and data[4:8] == b"TFL3"]
    answers = []
    if sent:
        framed = b"".join(len(data).to_bytes(8, "big") + data for data in sent)
        args = ["--batch", "--max-arena", str(max_arena)] + ([] if search else ["--no-search"])
        done = subprocess.run(_worker_command(args), input=framed, capture_output=True,
                              check=False, env=_worker_env())
        try:
            answers = json.loads(done.stdout.decode("utf-8"))
        except ValueError:
            answers = []
        if not isinstance(answers, list) or len(answers) != len(sent):
            answers = [{}] * len(sent)
    found = iter(answers)
    return [_report(next(found)) if len(data) >= 8 and data[4:8] == b"TFL3" else None
            for data in models]


def _report(answer: object) -> ArenaReport | None:
    """The report in one worker answer; None for an error or anything unreadable."""
    if not isinstance(answer, dict) or "error" in answer or "log" not in answer:
        return None
    try:
        report = parse_allocations(answer["log"])
    except errors.ScaleDownError:
        return None
    return ArenaReport(report.total_bytes, report.head_bytes, report.tail_bytes,
                       report.allocations, min_arena_bytes=answer.get("min_arena"),
                       log=report.log)


def _worker_command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "scaledown.backends.tflm.allocate", *args]


def _worker_env() -> dict[str, str]:
    # the worker imports this package: make sure it finds the same copy
    package_parent = str(Path(__file__).resolve().parents[3])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)}


def _run_worker(data: bytes, name: str, max_arena: int, search: bool) -> dict:
    """Measure in a fresh, small Python process (see :mod:`.allocate` for why)."""
    command = _worker_command(["--name", name, "--max-arena", str(max_arena)])
    if not search:
        command.append("--no-search")
    done = subprocess.run(command, input=data, capture_output=True, check=False,
                          env=_worker_env())
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ModelLoadError(
            f"the TFLite-Micro probe stopped while measuring {name}",
            why=" / ".join(tail) or f"exit code {done.returncode}",
            fix=f"check that the tflite-micro package is installed: {pip_command('tflm')}",
        ) from None
    if "error" in answer:
        err = answer["error"]
        cls = getattr(errors, err["type"], errors.ScaleDownError)
        raise cls(err["what"], why=err.get("why"), fix=err.get("fix"))
    return answer
