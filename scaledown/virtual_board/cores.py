"""The Cortex-M cores the virtual board emulates, one QEMU machine each.

Each core names the QEMU machine that models a board with it, the compiler
flags for it, and where that machine has memory we use as flash (code and
constants) and as RAM. The memory figures are the machines' own as QEMU 7.2
(Debian 12) maps them (read with ``info mtree``); the Arm MPS2/MPS3 FPGA
boards have far more RAM than a typical microcontroller, the micro:bit's
nRF51 has 16 KiB.

``unicorn_cpu`` names the Unicorn CPU model used to count instructions, or is
``None`` where Unicorn has none (the Cortex-M55): that core's runs report no
instruction count rather than one from another core.

Example:
    >>> core("cortex-m4").machine
    'mps2-an386'
    >>> core("cortex-m0").ram_bytes
    16384
    >>> sorted(CORES)[:2]
    ['cortex-m0', 'cortex-m3']
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Core:
    """One emulated core: compiler flags, QEMU machine and memory map.

    Attributes:
        name: The core, as ``-mcpu`` spells it (``"cortex-m4"``).
        machine: The ``qemu-system-arm -M`` machine with this core.
        board: What that machine models, for people.
        cflags: Compiler flags for the core (``-mcpu``, Thumb, FPU and float ABI).
        flash_origin: First address of the memory used as flash.
        flash_bytes: Size of that memory.
        ram_origin: First address of the memory used as RAM.
        ram_bytes: Size of that memory.
        fpu: Whether the core has a floating-point unit (the start-up code enables it).
        unicorn_cpu: Name of the ``unicorn.arm_const.UC_CPU_ARM_*`` model, or ``None``.
    """

    name: str
    machine: str
    board: str
    cflags: tuple[str, ...]
    flash_origin: int
    flash_bytes: int
    ram_origin: int
    ram_bytes: int
    fpu: bool
    unicorn_cpu: str | None


CORES: dict[str, Core] = {
    c.name: c
    for c in (
        Core("cortex-m0", "microbit", "BBC micro:bit (nRF51822)",
             ("-mcpu=cortex-m0", "-mthumb", "-mfloat-abi=soft"),
             0x0000_0000, 256 * KIB, 0x2000_0000, 16 * KIB, False,
             "UC_CPU_ARM_CORTEX_M0"),
        Core("cortex-m3", "mps2-an385", "Arm MPS2 FPGA board, AN385 image",
             ("-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft"),
             0x0000_0000, 4 * MIB, 0x2000_0000, 4 * MIB, False, "UC_CPU_ARM_CORTEX_M3"),
        Core("cortex-m4", "mps2-an386", "Arm MPS2 FPGA board, AN386 image",
             ("-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"),
             0x0000_0000, 4 * MIB, 0x2000_0000, 4 * MIB, True, "UC_CPU_ARM_CORTEX_M4"),
        Core("cortex-m7", "mps2-an500", "Arm MPS2 FPGA board, AN500 image",
             ("-mcpu=cortex-m7", "-mthumb", "-mfpu=fpv5-d16", "-mfloat-abi=hard"),
             0x0000_0000, 4 * MIB, 0x2000_0000, 4 * MIB, True, "UC_CPU_ARM_CORTEX_M7"),
        # Armv8-M boots in the secure state: code and data sit in the secure aliases.
        Core("cortex-m33", "mps2-an505", "Arm MPS2 FPGA board, AN505 image (SSE-200)",
             ("-mcpu=cortex-m33", "-mthumb", "-mfpu=fpv5-sp-d16", "-mfloat-abi=hard"),
             0x1000_0000, 4 * MIB, 0x3800_0000, 4 * MIB, True, "UC_CPU_ARM_CORTEX_M33"),
        Core("cortex-m55", "mps3-an547", "Arm MPS3 FPGA board, AN547 image (SSE-300)",
             ("-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"),
             0x1000_0000, 512 * KIB, 0x3000_0000, 512 * KIB, True, None),
    )
}


#: Emulated core -> the catalogue core classes (``scaledown.hardware.device.CORE_CLASSES``)
#: it stands in for: the virtual board's core nearest to a real board's. Defined once here;
#: measurement records and firmware projects read it.
STANDS_IN_FOR: dict[str, tuple[str, ...]] = {
    "cortex-m0": ("cortex-m0+",),
    "cortex-m3": (),
    "cortex-m4": ("cortex-m4", "cortex-m4f"),
    "cortex-m7": ("cortex-m7",),
    "cortex-m33": ("cortex-m33",),
    "cortex-m55": ("cortex-m55",),
}


def nearest_core(core_class: str) -> Core | None:
    """The emulated core that stands in for a catalogue core class, or ``None``.

    Example:
        >>> nearest_core("cortex-m4f").name, nearest_core("cortex-m0+").machine
        ('cortex-m4', 'microbit')
        >>> nearest_core("xtensa-lx6") is None
        True
    """
    for name, classes in STANDS_IN_FOR.items():
        if core_class in classes:
            return CORES[name]
    return None


def core(name: str) -> Core:
    """The core called ``name`` (case-insensitive), or an error listing the supported ones.

    Example:
        >>> core("Cortex-M33").machine
        'mps2-an505'
        >>> core("cortex-m99")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: unknown core 'cortex-m99'
          why: the virtual board emulates cortex-m0, cortex-m3, cortex-m4, ..., cortex-m55
          fix: pass one of those, e.g. core="cortex-m4"
    """
    found = CORES.get(str(name).strip().lower())
    if found is None:
        raise InputError(
            f"unknown core {name!r}",
            why=f"the virtual board emulates {', '.join(CORES)}",
            fix='pass one of those, e.g. core="cortex-m4"',
        )
    return found
