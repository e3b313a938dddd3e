"""Add a board to the hardware catalogue: writes a device file with every field.

``scaledown new device ID`` writes ``hardware_catalog/devices/ID.yaml`` with
every field. ``--vendor``, ``--category`` and ``--core`` fill in those three;
left out, they are written empty and ``scaledown check`` points at them. Every
figure starts as ``value: null`` with ``unconfirmed: true``, which the schema
accepts as "not known yet"; replace each with the datasheet's figure and its
source, then run ``scaledown check``.

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> new = NewDevice(id="my-board", name="My Board", vendor="Me", category="mcu",
    ...                 core="cortex-m4f")
    >>> path = write_device(root, new)
    >>> path.relative_to(root).as_posix()
    'hardware_catalog/devices/my-board.yaml'
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .device import CATEGORIES, CORE_CLASSES, TOOLCHAINS, check_core

# the generic drawing in hardware_catalog/images/ for each category
IMAGES = {
    "mcu": "mcu",
    "mcu+accelerator": "mcu-accelerator",
    "cpu": "cpu",
    "cpu+accelerator": "cpu",
    "gpu": "gpu",
    "accelerator": "accelerator",
}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_id(entry_id: str, kind: str) -> str:
    """Return ``entry_id`` if it is a valid catalogue id, else raise InputError.

    Example:
        >>> check_id("Raspberry Pi", "device")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: 'Raspberry Pi' is not a valid device id
          why: ids are file names: lower-case letters, digits and single dashes
          fix: try 'raspberry-pi'
    """
    if ID_PATTERN.fullmatch(entry_id) and len(entry_id) <= 64:
        return entry_id
    suggestion = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-")
    raise InputError(
        f"{entry_id!r} is not a valid {kind} id",
        why="ids are file names: lower-case letters, digits and single dashes",
        fix=f"try {suggestion!r}" if suggestion else "use e.g. 'my-board'",
    )


def write_new(path: Path, text: str) -> Path:
    """Write a new file atomically; refuse to overwrite an existing one.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.yaml"
        >>> write_new(p, "x: 1\\n").read_text()
        'x: 1\\n'
    """
    if path.exists():
        raise InputError(
            f"{path} already exists",
            why="scaffolding never overwrites an entry",
            fix="edit the existing file, or choose another id",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def yaml_quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (a JSON string is valid YAML).

    Example:
        >>> print(yaml_quote("#1: yes"))
        "#1: yes"
    """
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML


@dataclass(frozen=True, kw_only=True)
class NewDevice:
    """What ``scaledown new device`` writes; what is given is checked when created.

    A field left as ``None`` is written as an empty placeholder that
    ``scaledown check`` reports, with its line, until it is filled in.

    Example:
        >>> NewDevice(id="x", name="X", vendor="V", category="mcu", core="cortex-m7").core
        'cortex-m7'
    """

    id: str
    """The device id, also the file name."""
    name: str
    """A readable name."""
    vendor: str | None = None
    """Who makes the board."""
    category: str | None = None
    """One of ``CATEGORIES``."""
    core: str | None = None
    """The main core's class, a key of ``CORE_CLASSES``."""

    def __post_init__(self) -> None:
        check_id(self.id, "device")
        if self.core is not None:
            check_core(self.core)
        if self.category is not None and self.category not in CATEGORIES:
            raise InputError(
                f"unknown category {self.category!r}", fix=f"use one of: {', '.join(CATEGORIES)}"
            )


def device_template(new: NewDevice, today: dt.date | None = None) -> str:
    """The YAML text of a new device entry.

    Example:
        >>> new = NewDevice(id="x", name="X", vendor="V", category="mcu", core="cortex-m7")
        >>> text = device_template(new)
        >>> "class: cortex-m7" in text and "edge-impulse:" in text
        True
    """
    today = today or dt.date.today()
    unknown = "{value: null, unconfirmed: true}"
    tools = "\n".join(f"  {t}: {{support: unknown}}" for t in TOOLCHAINS)
    return f"""\
# {new.name}. Replace every `value: null, unconfirmed: true` with the datasheet's figure
# and `source: [reference-id]`; keep `unconfirmed: true` where no source confirms it.
# Schema: ../schemas/device.schema.json. Check with: scaledown check --only catalogue
id: {new.id}
name: {yaml_quote(new.name)}
vendor: {yaml_quote(new.vendor or "")}
category: {new.category or "null"}          # {", ".join(CATEGORIES)}
lifecycle: current      # current, legacy, discontinued
summary: ""             # one sentence for the catalogue page
soc: {unknown}
cores:                  # main core first; class is one of scaledown.hardware.device.CORE_CLASSES
- class: {new.core or "null"}
  label: {yaml_quote(CORE_CLASSES[new.core].label if new.core else "")}
  count: 1
  clock_mhz: {unknown}
sram_kb: {unknown}      # KiB, a plain number
flash_kb: {unknown}     # KiB, a plain number
external_memory: {unknown}
accelerator: {{value: null}}   # null means none
sensors: {{value: [], unconfirmed: true}}   # ids of files in ../sensors/
connectivity: {{value: [], unconfirmed: true}}
power: {unknown}
price: {{usd: null}}           # e.g. {{usd: 25, date: {today:%Y-%m}, source: [shop]}}
toolchains:             # official, community, unsupported or unknown (+ source for the first two)
{tools}
image:
  file: images/{IMAGES.get(new.category or "mcu")}.svg
  licence: CC0-1.0
  credit: ScaleDown contributors (a generic drawing, not a photo of this board)
references: []          # - {{id: datasheet, title: "...", url: "https://..."}}
last_verified: "{today.isoformat()}"
"""


def write_device(root: Path, new: NewDevice) -> Path:
    """Write ``root/hardware_catalog/devices/<id>.yaml`` (never over an existing file)."""
    path = Path(root) / "hardware_catalog" / "devices" / f"{new.id}.yaml"
    return write_new(path, device_template(new))


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``scaledown new device``."""
    parser.add_argument("id", help="device id = file name, e.g. arduino-nano-esp32")
    parser.add_argument("--name", help="readable name (default: from the id)")
    parser.add_argument("--vendor", help="who makes the board")
    parser.add_argument("--category", choices=CATEGORIES)
    parser.add_argument(
        "--core", metavar="CLASS", help=f"main core class: {', '.join(CORE_CLASSES)}"
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--json", action="store_true", help="print the written path as JSON")


def run_new(args: argparse.Namespace) -> int:
    """Write the file and say what to do next."""
    from ..project import project_root

    new = NewDevice(
        id=args.id,
        name=args.name or args.id.replace("-", " ").title(),
        vendor=args.vendor,
        category=args.category,
        core=args.core,
    )
    path = write_device(project_root(args.root), new)
    if args.json:
        print(json.dumps({"path": str(path)}))
    else:
        missing = [f"--{k}" for k in ("vendor", "category", "core") if getattr(new, k) is None]
        todo = f"fill in what {', '.join(missing)} would have given, " if missing else ""
        print(
            f"wrote {path}\nnext: {todo}fill in the figures with their sources, then run "
            "`scaledown check --only catalogue` (it lists what is still missing, line by line)"
        )
    return 0
