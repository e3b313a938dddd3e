"""Which catalogue boards get a firmware project, in which formats, on which virtual core.

A board gets a project when it is a microcontroller (category ``mcu`` or
``mcu+accelerator``) whose main core the virtual board can stand in for: the
compiled model is plain C99, but only Arm Cortex-M builds are checked (on
QEMU), so only those are offered. The mapping from catalogue core class to
the virtual board's core is :data:`scaledown.virtual_board.cores.STANDS_IN_FOR`
(defined once): ``cortex-m0+`` runs on the ``cortex-m0`` (QEMU ``microbit``),
``cortex-m4``/``cortex-m4f`` on the ``cortex-m4`` (``mps2-an386``), and so on.

Formats (:data:`FORMATS`):

* ``cmake``: every such board. A bare-metal CMake project whose board glue is
  the virtual board's, so it builds and runs here (and in CI) on the nearest core;
* ``arduino``: boards whose deploy guide uses the Arduino IDE (they have an
  Arduino core);
* ``platformio``: boards whose deploy file names a PlatformIO platform and board;
* ``project``: the board's own toolchain, chosen from its deploy guide:
  ``arduino`` for an Arduino IDE board, else ``cmake`` (the Pico SDK, Zephyr
  and the vendor SDKs all build with CMake; the learner swaps the virtual
  board's glue for the SDK's start-up code and serial port).

Example:
    >>> board = firmware_board("arduino-nano-33-ble-sense-rev2")
    >>> board.core.name, board.core.machine, board.formats
    ('cortex-m4', 'mps2-an386', ('cmake', 'arduino', 'platformio'))
    >>> board.native_format, board.has_cycle_counter
    ('arduino', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DeviceError, InputError
from ..hardware.deploy_guide import MCU_CATEGORIES, native_format, project_formats
from ..virtual_board.cores import Core, nearest_core

FORMATS = ("cmake", "arduino", "platformio")
#: ``project`` picks one of :data:`FORMATS` from the board's deploy guide.
NATIVE = "project"
#: Virtual cores whose real counterparts have no DWT cycle counter (Armv6-M).
_NO_CYCLE_COUNTER = ("cortex-m0",)
#: The serial speed when a board has no deploy file.
DEFAULT_BAUD = 115200


@dataclass(frozen=True)
class FirmwareBoard:
    """One catalogue board a firmware project can be written for.

    Attributes:
        device_id: The catalogue id.
        name: The board's name.
        core_class: The catalogue core class of its main core (``"cortex-m4f"``).
        core: The virtual board's core nearest to it (the CMake variant runs there).
        formats: The formats offered for it, ``"cmake"`` first.
        native_format: What ``format="project"`` writes for it.
        baud: Serial speed the application opens.
        platformio: ``platform``, ``board`` and ``framework`` for ``platformio.ini``, or ``None``.
        last_run: Format -> when a person last ran the exported project on this board
            (``{"date": ..., "by": ...}``), ``None`` for never.
    """

    device_id: str
    name: str
    core_class: str
    core: Core
    formats: tuple[str, ...]
    native_format: str
    baud: int
    platformio: dict[str, Any] | None = None
    last_run: dict[str, Any] = field(default_factory=dict)

    @property
    def has_cycle_counter(self) -> bool:
        """True when the real core has a DWT cycle counter (Cortex-M3/M4/M7/M33/M55)."""
        return self.core.name not in _NO_CYCLE_COUNTER


def _deploy_boards() -> dict[str, dict[str, Any]]:
    from ..hardware.catalogue import catalogue_dir
    from ..hardware.deploy_guide import read_deploy

    return read_deploy(catalogue_dir())[0].boards


def _board(device_id: str, data: dict[str, Any], deploy: dict[str, Any] | None,
           core_class: str) -> FirmwareBoard | None:
    if data.get("category") not in MCU_CATEGORIES:
        return None
    target = nearest_core(core_class)
    if target is None:
        return None
    deploy = deploy or {}
    firmware = deploy.get("firmware") or {}
    formats = project_formats(deploy)
    return FirmwareBoard(device_id, data.get("name", device_id), core_class, target,
                         formats, native_format(formats), int(deploy.get("baud") or DEFAULT_BAUD),
                         firmware.get("platformio"),
                         dict(firmware.get("last_run_on_hardware") or {}))


def firmware_boards() -> dict[str, FirmwareBoard]:
    """Every catalogue board a project can be written for, by id.

    Example:
        >>> boards = firmware_boards()
        >>> "raspberry-pi-pico" in boards, "espressif-esp-eye" in boards
        (True, False)
    """
    from ..hardware.catalogue import load_catalogue

    catalogue = load_catalogue()
    deploy = _deploy_boards()
    out = {}
    for device_id in sorted(catalogue.devices):
        found = _board(device_id, catalogue.device_data[device_id], deploy.get(device_id),
                       catalogue.devices[device_id].core)
        if found is not None:
            out[device_id] = found
    return out


def firmware_board(device_id: str) -> FirmwareBoard:
    """The board ``device_id``, or an error saying why it gets no project and which boards do.

    Example:
        >>> firmware_board("espressif-esp-eye")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: cannot write a firmware project for espressif-esp-eye: its
        main core is a xtensa-lx6
          why: the compiled model is checked on Arm Cortex-M cores only (on the virtual board);
          this core is not one of them
          fix: pick a board with a supported core: adi-max78000fthr, ...
    """
    from ..hardware.catalogue import load_catalogue

    catalogue = load_catalogue()
    device = catalogue.device(str(device_id))  # DeviceError with suggestions when unknown
    boards = firmware_boards()
    if device.id in boards:
        return boards[device.id]
    data = catalogue.device_data[device.id]
    listed = ", ".join(boards)
    if data.get("category") not in MCU_CATEGORIES:
        raise DeviceError(
            f"cannot write a firmware project for {device.id}: it is a {data.get('category')} "
            "board, not a microcontroller",
            why="sd.export writes bare-metal projects for microcontrollers; a Linux board runs "
                "the .tflite or .onnx model itself",
            fix=f"pick a microcontroller: {listed}; or use sd.convert for {device.id}")
    raise InputError(
        f"cannot write a firmware project for {device.id}: its main core is a {device.core}",
        why="the compiled model is checked on Arm Cortex-M cores only (on the virtual board); "
            "this core is not one of them",
        fix=f"pick a board with a supported core: {listed}")


def resolve_format(board: FirmwareBoard, format: str) -> str:
    """The format written for ``board``: ``format`` itself, or the native one for ``project``.

    Example:
        >>> pico = firmware_board("raspberry-pi-pico")
        >>> resolve_format(pico, "project")
        'cmake'
        >>> resolve_format(pico, "arduino")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: raspberry-pi-pico gets no arduino project
          why: its deploy guide does not use the Arduino IDE (it gets: cmake, platformio)
          fix: pass format="cmake" or format="platformio", or format="project" for its own
          toolchain
    """
    if format == NATIVE:
        return board.native_format
    if format not in FORMATS:
        raise InputError(f"unknown firmware format {format!r}",
                         fix=f"use one of: {', '.join((*FORMATS, NATIVE))}")
    if format not in board.formats:
        why = {"arduino": "its deploy guide does not use the Arduino IDE",
               "platformio": "its deploy file names no PlatformIO platform and board"}[format]
        others = " or ".join(f'format="{f}"' for f in board.formats)
        raise InputError(f"{board.device_id} gets no {format} project",
                         why=f"{why} (it gets: {', '.join(board.formats)})",
                         fix=f"pass {others}, or format=\"project\" for its own toolchain")
    return format
