"""The hardware catalogue: boards, sensors and lending branches read from YAML.

In a checkout the catalogue is ``<repo>/hardware_catalog``; an installed wheel
carries a copy at ``scaledown/_catalog``. :func:`load_catalogue` reads and
validates every file (see :mod:`.checks`) and refuses a catalogue with errors,
so what ``sd.devices()`` returns has passed the same checks as the site.

Example:
    >>> import scaledown as sd
    >>> pico = sd.device("raspberry-pi-pico")
    >>> pico.core, pico.sram_kb, pico.clock_mhz
    ('cortex-m0+', 264, 133)
    >>> len(sd.devices()) >= 20
    True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, DeviceError
from .device import Device
from .location import catalogue_dir as catalogue_dir  # its home until it moved down


@dataclass(frozen=True)
class Catalogue:
    """Every entry of a validated catalogue.

    Attributes:
        folder: the catalogue folder that was read.
        devices: id -> :class:`Device` profile.
        sensors: id -> the sensor's data as written in YAML.
        branches: id -> the branch's data as written in YAML.
        device_data: id -> the device's full data (sources, prices, images).
    """

    folder: Path
    devices: dict[str, Device] = field(default_factory=dict)
    sensors: dict[str, dict[str, Any]] = field(default_factory=dict)
    branches: dict[str, dict[str, Any]] = field(default_factory=dict)
    device_data: dict[str, dict[str, Any]] = field(default_factory=dict)

    def device(self, device_id: str) -> Device:
        """Return one device; an unknown id raises DeviceError naming close matches.

        Example:
            >>> load_catalogue().device("raspbery-pi-pico")
            Traceback (most recent call last):
            ...
            scaledown.errors.DeviceError: no device 'raspbery-pi-pico' in the hardware catalogue
              why: device ids are the file names in hardware_catalog/devices/
              fix: did you mean: raspberry-pi-pico, raspberry-pi-pico-2, raspberry-pi-5?
        """
        try:
            return self.devices[device_id]
        except KeyError:
            from .suggest import close_ids

            close = close_ids(str(device_id), self._descriptions())
            fix = (
                f"did you mean: {', '.join(close)}?"
                if close
                else 'list the ids with `python -c "import scaledown as sd; '
                'print([d.id for d in sd.devices()])"`, or describe your board with '
                "sd.Device(flash_kb=..., sram_kb=..., clock_mhz=..., core=...)"
            )
            raise DeviceError(
                f"no device {device_id!r} in the hardware catalogue",
                why="device ids are the file names in hardware_catalog/devices/",
                fix=fix,
            ) from None

    def _descriptions(self) -> dict[str, list[str]]:
        """id -> readable name and chip, the texts a shortened id is matched against."""
        texts: dict[str, list[str]] = {}
        for device_id, device in self.devices.items():
            soc = _value(self.device_data.get(device_id, {}), "soc")
            texts[device_id] = [device.name, *([str(soc)] if soc else [])]
        return texts

    def lends(self, branch_id: str) -> bool:
        """Whether a branch really lends: example branches only show how a branch looks.

        Example:
            >>> load_catalogue().lends("example-accra-makerspace")
            False
        """
        return not self.branches[branch_id]["example"]

    def holdings(self, device_id: str) -> list[tuple[str, dict[str, Any]]]:
        """(branch id, inventory item) for every copy of a device, branch by branch.

        Example:
            >>> cat = load_catalogue()
            >>> all(item["device"] == "raspberry-pi-pico"
            ...     for _, item in cat.holdings("raspberry-pi-pico"))
            True
        """
        return [
            (branch_id, item)
            for branch_id, branch in sorted(self.branches.items())
            for item in branch.get("inventory", [])
            if item.get("device") == device_id
        ]


def _value(data: dict[str, Any], key: str) -> Any:
    entry = data.get(key)
    return entry.get("value") if isinstance(entry, dict) else None


def device_from_data(data: dict[str, Any]) -> Device:
    """Build the :class:`Device` profile of one validated catalogue entry.

    The first core is the main core. A figure marked ``unconfirmed`` is still
    reported, and its field name is listed in ``Device.unconfirmed``.

    Example:
        >>> d = device_from_data({
        ...     "id": "demo", "name": "Demo", "vendor": "Me", "category": "mcu",
        ...     "cores": [{"class": "cortex-m4f", "clock_mhz": {"value": 64}}],
        ...     "sram_kb": {"value": 256}, "flash_kb": {"value": 1024, "unconfirmed": True},
        ...     "accelerator": {"value": None},
        ...     "toolchains": {"tflite-micro": {"support": "official"}}})
        >>> d.flash_kb, sorted(d.unconfirmed), d.supports("tflite-micro")
        (1024, ['flash_kb'], True)
    """
    main = data["cores"][0]
    unconfirmed = {
        key
        for key in ("sram_kb", "flash_kb", "accelerator", "soc", "external_memory", "price")
        if isinstance(data.get(key), dict) and data[key].get("unconfirmed")
    }
    if main.get("clock_mhz", {}).get("unconfirmed"):
        unconfirmed.add("clock_mhz")
    return Device(
        id=data["id"],
        name=data["name"],
        vendor=data.get("vendor", ""),
        category=data["category"],
        flash_kb=_value(data, "flash_kb"),
        sram_kb=_value(data, "sram_kb"),
        clock_mhz=main.get("clock_mhz", {}).get("value"),
        core=main["class"],
        accelerator=_value(data, "accelerator"),
        toolchains={k: v["support"] for k, v in data.get("toolchains", {}).items()},
        unconfirmed=frozenset(unconfirmed),
    )


def load_catalogue(root: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue folder (or a project root holding one).

    Args:
        root: the catalogue folder, or a project folder with ``hardware_catalog/``;
            ``None`` for the catalogue that ships with scaledown.

    Returns:
        The :class:`Catalogue`, shared between calls while no file changes:
        treat it as read-only.

    Raises:
        ContentError: any file has an error; ``problems`` lists each with file:line.

    Example:
        >>> cat = load_catalogue()
        >>> cat.devices["arduino-nano-33-ble-sense-rev2"].core
        'cortex-m4f'
        >>> all(b["example"] for b in cat.branches.values())
        True
    """
    folder = catalogue_dir(root).resolve()
    return _load(folder, _fingerprint(folder))


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file: changes when any file does."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@functools.lru_cache(maxsize=8)
def _load(folder: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Catalogue:
    # Cached on the files' fingerprint: pages and checks call load_catalogue many
    # times per build, and the result must be treated as read-only.
    from .checks import inspect_catalogue

    docs, problems = inspect_catalogue(folder)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(
            errors, what=f"the hardware catalogue in {folder} has {len(errors)} error(s)"
        )
    data = {kind: {i: doc.data for i, doc in entries.items()} for kind, entries in docs.items()}
    return Catalogue(
        folder=folder,
        devices={i: device_from_data(d) for i, d in sorted(data["device"].items())},
        sensors=dict(sorted(data["sensor"].items())),
        branches=dict(sorted(data["branch"].items())),
        device_data=dict(sorted(data["device"].items())),
    )


def devices() -> list[Device]:
    """Every device in the catalogue that ships with scaledown, sorted by id.

    Example:
        >>> import scaledown as sd
        >>> [d.id for d in sd.devices() if d.category == "accelerator"]
        ['coral-usb-accelerator', 'intel-ncs2']
    """
    return list(load_catalogue().devices.values())


def device(device_id: str) -> Device:
    """One device of the shipped catalogue by id; see :meth:`Catalogue.device`.

    Example:
        >>> import scaledown as sd
        >>> sd.device("st-stm32f746g-disco").clock_mhz
        216
    """
    return load_catalogue().device(device_id)
