"""Allocate a model in TFLite-Micro, try by try, and the worker process that does it.

Two things make this more than one function call:

* For some arena sizes TFLM's error path calls ``abort()`` ("All temp buffers
  must be freed before calling ResetTempAllocations()"), which would take the
  whole Python process down. So every try runs in a forked child, and a child
  that dies counts as a failed try.
* Forking a process that has TensorFlow loaded costs tens of milliseconds,
  so :func:`scaledown.backends.tflm.arena.probe_arena` runs the whole
  measurement in a small fresh process (``python -m
  scaledown.backends.tflm.allocate``): model bytes on stdin, JSON on stdout.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> ok, log = _try(tiny_dense_tflite(), 64 * 1024, report=True)
    >>> ok, "Arena allocation total" in log
    (True, True)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ...errors import InputError, RuntimeNotInstalledError, ScaleDownError, UnsupportedOpError
from .arena import MAX_PROBE_ARENA, parse_allocations

_FIRST_TRY = 256 * 1024

_MISSING_OP = re.compile(r"Didn't find op for builtin opcode '([A-Z0-9_]+)'")
_MISSING_CUSTOM = re.compile(r"Didn't find op for custom opcode '([^']+)'")
_HYBRID = re.compile(
    r"[Hh]ybrid models are not supported|Input type: FLOAT32 with filter type: INT8"
)
_PREPARE = re.compile(r"Node (\S+) \(number (\d+)\) failed to prepare")
_OUT_OF_MEMORY = re.compile(r"Failed to allocate|available \d+, missing")


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


def _runtime():
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


def smallest_arena(data: bytes, upper: int, guess: int) -> int:
    """The smallest arena (bytes) TFLM accepts, knowing ``upper`` works.

    TFLM usually accepts exactly the total it reports (``guess``), sometimes
    a few bytes less, sometimes more (its planner needs working room while it
    plans). So: try ``guess`` and ``guess - 1`` first, gallop away from
    ``guess`` in growing steps, then bisect the last step.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> data = tiny_dense_tflite()
        >>> best = smallest_arena(data, 64 * 1024, 500)
        >>> _try(data, best)[0], _try(data, best - 1)[0]
        (True, False)
    """
    guess = max(1, min(guess, upper))

    def ok(size: int) -> bool:
        return _try(data, size)[0]

    if ok(guess):
        hi, step = guess, 1
        while True:  # gallop down until a size fails
            lo = max(1, hi - step)
            if lo == hi:
                return hi
            if not ok(lo):
                lo += 1
                break
            hi, step = lo, step * 8
    else:
        lo, step = guess + 1, 64
        while True:  # gallop up until a size works
            hi = min(upper, guess + step)
            if hi >= upper or ok(hi):
                break
            lo, step = hi + 1, step * 4
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


def measure(data: bytes, name: str, max_arena: int = MAX_PROBE_ARENA,
            search: bool = True) -> dict:
    """Allocate in this process (forking per try); TFLM's log and the smallest arena."""
    log, arena = _allocate(data, name, max_arena)
    answer: dict = {"log": log, "arena_tried": arena}
    if search:
        total = parse_allocations(log).total_bytes
        answer["min_arena"] = smallest_arena(data, arena, total)
    return answer


def _answer(data: bytes, name: str, max_arena: int, search: bool) -> dict:
    try:
        return measure(data, name, max_arena, search)
    except ScaleDownError as exc:
        return {"error": {"type": type(exc).__name__, "what": exc.what, "why": exc.why,
                          "fix": exc.fix}}


def unframe(data: bytes) -> list[bytes]:
    """Split ``--batch`` input: each model preceded by its length (8 bytes, big-endian).

    Example:
        >>> unframe((2).to_bytes(8, "big") + b"ab" + (1).to_bytes(8, "big") + b"c")
        [b'ab', b'c']
    """
    models, at = [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at:at + 8], "big")
        models.append(data[at + 8:at + 8 + size])
        at += 8 + size
    return models


def main(argv: list[str] | None = None) -> int:
    """Worker: read model bytes on stdin, print the measurement (or the error) as JSON.

    With ``--batch``, stdin holds several models (see :func:`unframe`) and the
    answer is a JSON list, one measurement or error per model, in order.
    """
    parser = argparse.ArgumentParser(prog="python -m scaledown.backends.tflm.allocate")
    parser.add_argument("--name", default="the model")
    parser.add_argument("--max-arena", type=int, default=MAX_PROBE_ARENA)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--batch", action="store_true")
    args = parser.parse_args(argv)
    data = sys.stdin.buffer.read()
    search = not args.no_search
    if args.batch:
        answer: dict | list = [_answer(model, args.name, args.max_arena, search)
                               for model in unframe(data)]
    else:
        answer = _answer(data, args.name, args.max_arena, search)
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
