"""Read and check the measurement records under ``hardware_catalog/measurements/``.

Each record is one YAML file (``<id>.yaml``) shaped by
``hardware_catalog/schemas/measurement.schema.json``. On top of the schema,
:func:`read_measurements` checks that the id equals the file name, that the
device exists, and that an emulated record names a core that stands in for
the device's core. ``scaledown check`` reports every problem with file:line
(through :func:`scaledown.hardware.checks.check_catalogue`).

Example:
    >>> from scaledown.hardware.location import catalogue_dir
    >>> records, problems = read_measurements(catalogue_dir())
    >>> problems, all(r["example"] and r["emulated"] for r in records)
    ([], True)
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..vocabulary.problem import Problem

FOLDER = "measurements"


def _device_cores(folder: Path) -> dict[str, str | None]:
    """Device id -> its first core class, read leniently (broken entries are reported elsewhere)."""
    from ..hardware.device import CORE_CLASSES
    from ..hardware.yamlpos import YamlSyntaxError, read_yaml

    cores: dict[str, str | None] = {}
    for path in sorted((folder / "devices").glob("*.y*ml")):
        try:
            data = read_yaml(path).data
        except YamlSyntaxError:
            cores[path.stem] = None
            continue
        try:
            core = data["cores"][0]["class"]
        except (TypeError, KeyError, IndexError):
            core = None
        # an unknown class is the device file's problem, reported there, not the record's
        cores[path.stem] = core if core in CORE_CLASSES else None
    return cores


def _semantic(doc: Any, shown: str, stem: str, cores: dict[str, str | None]) -> list[Problem]:
    from .emulated import EMULATED_CLASSES, is_emulated

    data, out = doc.data, []
    if data["id"] != stem:
        out.append(Problem(shown, doc.line_of(("id",)),
                           f"id {data['id']!r} does not match the file name {stem + '.yaml'!r}",
                           fix=f"set `id: {stem}`, or rename the file to {data['id']}.yaml"))
    device = data["device"]
    if device not in cores:
        out.append(Problem(shown, doc.line_of(("device",)), f"unknown device {device!r}",
                           fix="use the id of a file in hardware_catalog/devices/"))
        return out
    if data["emulated"] != is_emulated(data["board"]):
        out.append(Problem(
            shown, doc.line_of(("emulated",)),
            f"`emulated: {str(data['emulated']).lower()}` disagrees with `board: {data['board']}`",
            fix="a run on the virtual board has board: qemu-<machine> and emulated: true; "
                "a run on hardware has board: <device id> and emulated: false"))
    elif (data["emulated"] and cores[device] is not None
          and cores[device] not in EMULATED_CLASSES.get(data["core"], ())):
        out.append(Problem(
            shown, doc.line_of(("core",)),
            f"an emulated {data['core']} does not stand in for {device}'s {cores[device]} core",
            fix="measure again with --device set to a board of that core"))
    elif not data["emulated"] and data["board"] != device:
        out.append(Problem(shown, doc.line_of(("board",)),
                           f"`board: {data['board']}` is not the record's device {device!r}",
                           fix="a hardware record's board is the device it ran on"))
    return out


def read_measurements(folder: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The valid records in ``folder/measurements`` and every problem found, with file:line.

    ``folder`` is the catalogue folder (``hardware_catalog``). No measurements
    folder: no records, no problems.
    """
    from ..hardware.schema import read_checked

    folder = Path(folder)
    files = sorted((folder / FOLDER).glob("*.y*ml")) if (folder / FOLDER).is_dir() else []
    cores = _device_cores(folder) if files else {}
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for path in files:
        shown = str(path.relative_to(folder.parent))
        doc, found = read_checked(path, "measurement", folder, shown)
        if doc is None:
            problems.extend(found)
            continue
        if not found:
            found = _semantic(doc, shown, path.stem, cores)
        problems.extend(found)
        if not any(p.severity == "error" for p in found):
            records.append(doc.data)
    return records, problems


def load_measurements(root: str | Path | None = None) -> list[dict[str, Any]]:
    """The valid measurement records of the project's catalogue (broken ones left out).

    Example:
        >>> sorted({r["device"] for r in load_measurements()})[:1]
        ['arduino-nano-33-ble-sense-rev2']
    """
    from ..hardware.location import catalogue_dir

    folder = catalogue_dir(root)
    files = sorted((folder / FOLDER).glob("*.y*ml")) if (folder / FOLDER).is_dir() else []
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return [dict(r) for r in _cached(str(folder), stamp)]


@functools.lru_cache(maxsize=8)
def _cached(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> tuple[dict[str, Any], ...]:
    return tuple(read_measurements(Path(folder))[0])


def for_device(records: list[dict[str, Any]], device_id: str) -> list[dict[str, Any]]:
    """The records of one device, hardware measurements first, then by date.

    Example:
        >>> for_device([{"device": "a", "emulated": True, "date": "2026-01-01"}], "b")
        []
    """
    mine = [r for r in records if r["device"] == device_id]
    return sorted(mine, key=lambda r: (r["emulated"], r["date"]))


def hardware_latencies(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records that may feed the latency estimator: measured on hardware, with a latency.

    An emulated record never counts, whatever it holds.

    Example:
        >>> hardware_latencies([{"emulated": True, "latency_ms": 3.0},
        ...                     {"emulated": False, "latency_ms": None}])
        []
    """
    return [r for r in records if not r["emulated"] and r.get("latency_ms")]
