"""Turn a board's serial log into a measurement record (plain data, then YAML).

The log is whatever the serial monitor (or ``scaledown emulate --log``)
captured; the last ``SDRESULT v1`` line in it is read with
:func:`scaledown.virtual_board.result_line.find`. The record says where the
figures come from:

* on a real board (``board=<device id>``): latency per inference from ``us=``,
  the clock from ``clock_hz=`` (or ``clock_mhz=`` given by the person);
* on the virtual board (``board=qemu-<machine>``): ``emulated: true``, the
  instructions executed instead of a latency, and no clock. QEMU's time is not
  a board's time, so an emulated record never has a latency.

A contributor handle is kept only when the person passes one; contact data
(an e-mail address, a phone number) is refused.

Example:
    >>> line = ("SDRESULT v1 model=kws sha256=" + "0" * 64 + " core=cortex-m4 status=PASS "
    ...         "instr=5000 cycles=na stack=900 rc=0 mismatches=0 board=qemu-mps2-an386 "
    ...         "model_sha256=" + "a" * 64 + " runs=1 us=na clock_hz=na flash=4000 ram=700 "
    ...         "cc=12.2.1 sdv=0.1.0")
    >>> rec = record_from_log(line, "arduino-nano-33-ble-sense-rev2", today="2026-12-01")
    >>> rec["emulated"], rec["latency_ms"], rec["instructions"], rec["flash_bytes"]
    (True, None, 5000, 4000)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..virtual_board import result_line
from .emulated import EMULATED_CLASSES, is_emulated

HANDLE_PATTERN = r"^[A-Za-z0-9](-?[A-Za-z0-9])*$"
_ID_SAFE = re.compile(r"[^a-z0-9]+")


def check_handle(handle: str | None) -> str | None:
    """``handle`` when it is a public handle such as a GitHub user name; contact data is refused.

    Example:
        >>> check_handle("ada-l")
        'ada-l'
        >>> check_handle("ada@example.org")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: --handle 'ada@example.org' looks like an e-mail address
          why: a record is public and keeps no contact data
          fix: pass a public handle such as your GitHub user name, or leave it out
    """
    if handle is None or handle == "":
        return None
    if "@" in handle:
        raise InputError(f"--handle {handle!r} looks like an e-mail address",
                         why="a record is public and keeps no contact data",
                         fix="pass a public handle such as your GitHub user name, or leave it out")
    if (not re.match(HANDLE_PATTERN, handle) or len(handle) > 39
            or handle.replace("-", "").isdigit()):
        raise InputError(f"--handle {handle!r} is not a handle",
                         why="a handle is 1 to 39 letters, digits and dashes (no phone numbers)",
                         fix="pass a public handle such as your GitHub user name, or leave it out")
    return handle


def record_id(device_id: str, model: str, core: str, date: str) -> str:
    """The record's id and file stem: device, model, core and date in lower case with dashes.

    Example:
        >>> record_id("raspberry-pi-pico", "stand-in_dense", "cortex-m0", "2026-12-01")
        'raspberry-pi-pico--stand-in-dense--cortex-m0--2026-12-01'
    """
    parts = [_ID_SAFE.sub("-", p.lower()).strip("-") or "x" for p in (device_id, model, core, date)]
    return "--".join(parts)


def _no_line(text: str) -> InputError:
    tail = " / ".join(text.strip().splitlines()[-2:])[:160]
    return InputError(
        "the log holds no SDRESULT v1 line",
        why=f"its last lines are: {tail!r}" if tail else "the log is empty",
        fix="capture the whole serial output from reset until the line "
            "'SDRESULT v1 ...' appears, and pass that file")


def _check_device(found: result_line.ResultLine, device_id: str, device_core: str) -> bool:
    board = found.extra.get("board")
    if is_emulated(str(board) if board else None):
        classes = EMULATED_CLASSES.get(found.core, ())
        fitting = [c for c, kinds in EMULATED_CLASSES.items() if device_core in kinds]
        if device_core not in classes:
            raise InputError(
                f"the log comes from an emulated {found.core}, but {device_id} has a "
                f"{device_core} core",
                why="a record describes the device it was measured for",
                fix="pass the --device whose core the virtual board emulated, or emulate "
                    f"its core ({', '.join(fitting) or 'no emulated core fits'})")
        return True
    if board is None:
        raise InputError(
            "the result line does not say which board printed it (no board= key)",
            why="without it the record could describe another board",
            fix="rebuild the firmware with this version of scaledown (its harness prints board=)")
    if board != device_id:
        raise InputError(
            f"the log comes from board={board}, not from {device_id}",
            why="a record describes the device that printed the line",
            fix=f"pass --device {board}, or the log of a run on {device_id}")
    return False


def record_from_log(text: str, device_id: str, *, model: str | Path | None = None,
                    handle: str | None = None, example: bool = False,
                    clock_mhz: float | None = None, today: str | None = None,
                    catalogue: Any = None) -> dict[str, Any]:
    """The measurement record of the last result line in ``text``, for ``device_id``.

    Args:
        text: The serial log (or ``scaledown emulate --log`` file) as text.
        device_id: The catalogue id of the board the model ran on (or was emulated for).
        model: The model file (or compiled folder) the board ran: its SHA-256 must
            equal the line's ``model_sha256``.
        handle: A public contributor handle; ``None`` keeps none.
        example: Mark the record as an example.
        clock_mhz: The core clock during the run, when the line has no ``clock_hz``
            (ignored for an emulated run, which has no clock).
        today: The record's date (``YYYY-MM-DD``); default: today.
        catalogue: A loaded catalogue (default: the project's).

    Raises:
        InputError: No result line, a failed run, another model or another board.
        DeviceError: ``device_id`` is not in the catalogue.

    Example:
        >>> record_from_log("booting...\\n", "raspberry-pi-pico")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: the log holds no SDRESULT v1 line
          why: its last lines are: 'booting...'
          fix: capture the whole serial output from reset until the line 'SDRESULT v1 ...'
          appears, and pass that file
    """
    found = result_line.find(text)
    if found is None:
        raise _no_line(text)
    if catalogue is None:
        from ..hardware.catalogue import load_catalogue

        catalogue = load_catalogue()
    device = catalogue.device(device_id)
    if found.status != "PASS":
        raise InputError(
            f"the run did not pass (status={found.status}, rc={found.rc}, "
            f"{found.mismatches} output bytes differ)",
            why="figures of a run whose output is wrong describe a broken build",
            fix="fix the build until the board prints status=PASS, then measure again")
    emulated = _check_device(found, device_id, device.core)
    line_sha = found.extra.get("model_sha256")
    if model is not None:
        from .model_hash import model_sha256

        wanted = model_sha256(model)
        if line_sha != wanted:
            raise InputError(
                f"the log comes from another model: model_sha256={line_sha or 'na'}, "
                f"but {model} has {wanted}",
                why="the firmware was built from a different model file (or version)",
                fix="pass the model the firmware was built from, or rebuild and run again")
    us = found.extra.get("us")
    clock_hz = found.extra.get("clock_hz")
    clock = None if emulated else (int(clock_hz) / 1e6 if clock_hz else clock_mhz)
    date = today or dt.date.today().isoformat()
    record: dict[str, Any] = {
        "id": record_id(device_id, found.model, found.core, date),
        "device": device_id,
        "example": bool(example),
        "emulated": emulated,
        "board": found.extra.get("board"),
        "core": found.core,
        "device_core": device.core,
        "model": {"name": found.model, "sha256": line_sha},
        "macs": _macs(model),
        "c_compiler": found.extra.get("cc"),
        "scaledown_version": found.extra.get("sdv"),
        "clock_mhz": clock,
        "inferences": found.extra.get("runs"),
        "latency_ms": None if emulated or us is None else int(us) / 1000,
        "instructions": found.instructions,
        "cycles": found.cycles,
        "flash_bytes": found.extra.get("flash"),
        "ram_bytes": found.extra.get("ram"),
        "stack_bytes": found.stack,
        "date": date,
    }
    kept = check_handle(handle)
    if kept:
        record["contributor"] = kept
    line = next(ln for ln in reversed(text.splitlines()) if ln.startswith(result_line.TAG + " "))
    record["result_line"] = line.strip()
    return record


def _macs(model: str | Path | None) -> int | None:
    """Multiply-accumulates of one inference of a ``.tflite`` model; ``None`` for others."""
    if model is None or Path(model).suffix != ".tflite" or not Path(model).is_file():
        return None
    from ..backends.litert.ops import list_ops

    return sum(int(op.macs or 0) for op in list_ops(Path(model).read_bytes())) or None


def record_yaml(record: dict[str, Any]) -> str:
    """The record as the YAML text of its file, with a header comment.

    Example:
        >>> print(record_yaml({"id": "x", "emulated": True}).splitlines()[0])
        # Measurement record (emulated on the virtual board, not a hardware measurement).
    """
    import yaml

    kind = ("emulated on the virtual board, not a hardware measurement" if record.get("emulated")
            else "measured on hardware")
    head = (f"# Measurement record ({kind}).\n"
            "# Written by `scaledown measure`. Schema: ../schemas/measurement.schema.json\n")
    return head + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
