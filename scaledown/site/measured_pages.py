"""The "Measured" section of a device page: the records of one board, labelled by origin.

An emulated record (virtual board, QEMU) is shown as such: instructions, no
latency, and the words "emulated, not a hardware measurement" on every row.

Example:
    >>> from scaledown.hardware.location import catalogue_dir
    >>> text = measured_section(catalogue_dir(), "raspberry-pi-pico")
    >>> "*emulated* on the virtual board" in text and "not a hardware measurement" in text
    True
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..measurements.store import for_device, read_measurements
from .hardware_text import md_text
from .inputs import files_stamp

EMULATED_NOTE = (
    "Rows marked *emulated* ran on the virtual board (QEMU), not on this board: their "
    "flash, RAM, stack and instruction counts are exact for the emulated core, but QEMU's "
    "time is not a board's time, so they have no latency and never feed the latency "
    "estimator."
)


def _n(value: Any, unit: str = "") -> str:
    return "—" if value is None else f"{value:,}{unit}"


def _row(record: dict[str, Any]) -> str:
    origin = ("*emulated* on the virtual board (" + md_text(record["board"]) + "), "
              "not a hardware measurement" if record["emulated"] else "measured on hardware")
    if record.get("example"):
        origin += " · *example*"
    latency = ("— (emulated: no latency)" if record["emulated"]
               else _n(record["latency_ms"], " ms"))
    clock = "" if record["clock_mhz"] is None else f" at {record['clock_mhz']:g} MHz"
    who = f" · by {md_text(record['contributor'])}" if record.get("contributor") else ""
    cells = [md_text(record["model"]["name"]), md_text(record["core"]), origin,
             latency + clock, _n(record["instructions"]), _n(record["flash_bytes"], " B"),
             _n(record["ram_bytes"], " B"), _n(record["stack_bytes"], " B"),
             md_text(record["date"]) + who]
    return "| " + " | ".join(cells) + " |"


@functools.lru_cache(maxsize=4)
def _records(folder: str, stamp: tuple) -> tuple[dict[str, Any], ...]:
    # Every device page lists its own records from the same files: read and check
    # them once per version of those files (stamp), not once per page.
    return tuple(read_measurements(Path(folder))[0])


def measured_section(folder: Path, device_id: str) -> str:
    """The Markdown section listing the measurement records of ``device_id``."""
    stamp = files_stamp(Path(folder), ("measurements", "devices", "schemas"))
    records = for_device(list(_records(str(folder), stamp)), device_id)
    head = "## Measured\n\n"
    share = ("Ran a model on this board? `scaledown measure LOG --device "
             f"{device_id}` turns its serial log into a record; open a pull request with "
             "it ([how](../borrowed-a-board.md#share-your-measurement)).")
    if not records:
        return head + "No measurement of this board yet. " + share + "\n"
    rows = [
        "| Model | Core | Where it ran | Latency per inference | Instructions | Flash | "
        "Static RAM | Stack | Date |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *(_row(r) for r in records),
    ]
    note = EMULATED_NOTE + "\n\n" if any(r["emulated"] for r in records) else ""
    return head + "\n".join(rows) + "\n\n" + note + share + "\n"
