"""A device profile: the figures of one board that matter for running a model.

:class:`Device` is what the rest of scaledown (``sd.fit``, the site) reads. It
comes from a catalogue entry (``sd.device("arduino-nano-33-ble-sense-rev2")``)
or is written by hand for a board the catalogue does not know::

    sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")

Core classes are normalised so code can compare boards without parsing vendor
prose. ``CORE_CLASSES`` lists each class with facts from the architecture
reference (instruction set, floating point unit, vector extension); it holds no
speed figures, because speed depends on kernels and memory as much as on the
core (see ``scaledown/datasets/mlperf_tiny/README.md``).

Example:
    >>> d = Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")
    >>> d.id, d.core, CORE_CLASSES[d.core].fpu
    ('custom', 'cortex-m4f', True)
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ..errors import DeviceError

Category = Literal["mcu", "mcu+accelerator", "cpu", "cpu+accelerator", "gpu", "accelerator"]
CATEGORIES: tuple[str, ...] = (
    "mcu",
    "mcu+accelerator",
    "cpu",
    "cpu+accelerator",
    "gpu",
    "accelerator",
)
TOOLCHAINS: tuple[str, ...] = ("tflite-micro", "litert", "onnxruntime", "openvino", "edge-impulse")
SUPPORT_LEVELS: tuple[str, ...] = ("official", "community", "unsupported", "unknown")
REQUIRED: tuple[str, ...] = ("flash_kb", "sram_kb", "clock_mhz", "core")


class _Required:
    """The default of a field the caller must pass: a missing one gets a DeviceError."""

    def __repr__(self) -> str:
        return "<required>"


_REQUIRED: object = _Required()


@dataclass(frozen=True)
class CoreClass:
    """One normalised class of processing core.

    Attributes:
        name: the short id used in the catalogue, e.g. ``"cortex-m4f"``.
        label: a readable name.
        isa: the instruction set architecture.
        kind: ``"mcu"`` (microcontroller core), ``"application"`` (runs Linux),
            ``"dsp"`` or ``"accelerator"`` (needs a host or a main core).
        fpu: whether the class always has a hardware floating point unit.
        vector: the SIMD or vector extension available to ML kernels, or ``""``.
    """

    name: str
    label: str
    isa: str
    kind: Literal["mcu", "application", "dsp", "accelerator"]
    fpu: bool
    vector: str = ""


def _classes(*items: CoreClass) -> Mapping[str, CoreClass]:
    return MappingProxyType({c.name: c for c in items})


# Facts from Arm's, Cadence's, Synopsys' and Google's processor overviews.
CORE_CLASSES: Mapping[str, CoreClass] = _classes(
    CoreClass("cortex-m0+", "Arm Cortex-M0+", "Armv6-M", "mcu", fpu=False),
    CoreClass("cortex-m4", "Arm Cortex-M4 (no FPU)", "Armv7E-M", "mcu", fpu=False, vector="DSP"),
    CoreClass("cortex-m4f", "Arm Cortex-M4F", "Armv7E-M", "mcu", fpu=True, vector="DSP"),
    CoreClass("cortex-m7", "Arm Cortex-M7", "Armv7E-M", "mcu", fpu=True, vector="DSP"),
    CoreClass("cortex-m33", "Arm Cortex-M33", "Armv8-M Mainline", "mcu", fpu=True, vector="DSP"),
    CoreClass("cortex-m55", "Arm Cortex-M55", "Armv8.1-M", "mcu", fpu=True, vector="Helium (MVE)"),
    CoreClass("xtensa-lx6", "Cadence Xtensa LX6", "Xtensa", "mcu", fpu=True),
    CoreClass("xtensa-lx7", "Cadence Xtensa LX7", "Xtensa", "mcu", fpu=True, vector="PIE"),
    CoreClass("riscv32", "32-bit RISC-V", "RV32", "mcu", fpu=False),
    CoreClass("arc-em9d", "Synopsys ARC EM9D", "ARCv2", "dsp", fpu=True, vector="DSP"),
    CoreClass("cortex-a53", "Arm Cortex-A53", "Armv8-A", "application", fpu=True, vector="NEON"),
    CoreClass("cortex-a57", "Arm Cortex-A57", "Armv8-A", "application", fpu=True, vector="NEON"),
    CoreClass("cortex-a72", "Arm Cortex-A72", "Armv8-A", "application", fpu=True, vector="NEON"),
    CoreClass("cortex-a76", "Arm Cortex-A76", "Armv8.2-A", "application", fpu=True, vector="NEON"),
    CoreClass(
        "cortex-a78ae", "Arm Cortex-A78AE", "Armv8.2-A", "application", fpu=True, vector="NEON"
    ),
    CoreClass("x86-64", "x86-64", "x86-64", "application", fpu=True, vector="SSE/AVX"),
    CoreClass("edge-tpu", "Google Edge TPU", "Edge TPU", "accelerator", fpu=False),
    CoreClass("myriad-x", "Intel Movidius Myriad X VPU", "Myriad X", "accelerator", fpu=True),
)


def check_core(core: str) -> str:
    """Return ``core`` if it is a known class, else raise a helpful DeviceError.

    Example:
        >>> check_core("cortex-m7")
        'cortex-m7'
        >>> check_core("cortex-m4-f")
        Traceback (most recent call last):
        ...
        scaledown.errors.DeviceError: unknown core class 'cortex-m4-f'
          why: cores are compared by normalised class names
          fix: use one of the known classes (did you mean: cortex-m4f, cortex-m4, cortex-m7?)
    """
    if core in CORE_CLASSES:
        return core
    close = difflib.get_close_matches(core, list(CORE_CLASSES), n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else f": {', '.join(CORE_CLASSES)}"
    raise DeviceError(
        f"unknown core class {core!r}",
        why="cores are compared by normalised class names",
        fix=f"use one of the known classes{hint}",
    )


@dataclass(frozen=True, kw_only=True)
class Device:
    """The figures of one board that decide whether and how fast a model runs.

    Sizes are in KiB as the datasheets give them. ``None`` means unknown (the
    catalogue marks such figures as unconfirmed); code reading a device must
    treat ``None`` as "cannot tell", never as zero.

    Attributes:
        flash_kb: non-volatile memory for the model and program, KiB.
        sram_kb: working memory for tensors (the tensor arena on an MCU; the
            system RAM on a Linux board), KiB.
        clock_mhz: clock of the main core, MHz.
        core: the main core's class, a key of ``CORE_CLASSES``.
        id: the catalogue id; ``"custom"`` for hand-written profiles.
        name: a readable name.
        category: one of ``CATEGORIES``.
        vendor: who makes the board.
        accelerator: the ML accelerator on the board, or ``None``.
        toolchains: toolchain -> support level (see ``TOOLCHAINS`` and
            ``SUPPORT_LEVELS``), e.g. ``{"tflite-micro": "official"}``.
        unconfirmed: names of fields whose figures no source confirms.

    Example:
        >>> Device(flash_kb=2048, sram_kb=264, clock_mhz=133, core="cortex-m0+").name
        'Custom device'
        >>> Device(flash_kb=1, sram_kb=1, clock_mhz=1, core="z80")
        Traceback (most recent call last):
        ...
        scaledown.errors.DeviceError: unknown core class 'z80'
          why: cores are compared by normalised class names
          fix: use one of the known classes: cortex-m0+, cortex-m4, cortex-m4f, ...
        >>> Device(flash_kb=1024, clock_mhz=64, core="cortex-m4f")
        Traceback (most recent call last):
        ...
        scaledown.errors.DeviceError: sd.Device is missing sram_kb
        ...
    """

    # defaults only so that a missing figure gets a DeviceError naming it, not a TypeError
    flash_kb: float | None = _REQUIRED  # type: ignore[assignment]
    sram_kb: float | None = _REQUIRED  # type: ignore[assignment]
    clock_mhz: float | None = _REQUIRED  # type: ignore[assignment]
    core: str = _REQUIRED  # type: ignore[assignment]
    id: str = "custom"
    name: str = "Custom device"
    category: str = "mcu"
    vendor: str = ""
    accelerator: str | None = None
    toolchains: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    unconfirmed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        missing = [name for name in REQUIRED if getattr(self, name) is _REQUIRED]
        if missing:
            raise DeviceError(
                f"sd.Device is missing {', '.join(missing)}",
                why="flash, SRAM, clock and core are the figures sd.fit judges a board by",
                fix="pass all four, e.g. sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, "
                "core='cortex-m4f'); pass None for a figure you do not know",
            )
        check_core(self.core)
        if self.category not in CATEGORIES:
            raise DeviceError(
                f"unknown device category {self.category!r}",
                fix=f"use one of: {', '.join(CATEGORIES)}",
            )
        for name in ("flash_kb", "sram_kb", "clock_mhz"):
            value = getattr(self, name)
            is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if value is not None and not (is_number and value > 0):
                raise DeviceError(
                    f"{name}={value!r} is not a positive number",
                    why="sizes are plain numbers of KiB and clocks plain MHz, without units",
                    fix=f"pass {name} as a number above zero, or None when unknown",
                )
        for tool, level in self.toolchains.items():
            if level not in SUPPORT_LEVELS:
                raise DeviceError(
                    f"toolchain {tool!r} has support level {level!r}",
                    fix=f"use one of: {', '.join(SUPPORT_LEVELS)}",
                )
        # A read-only view, so a frozen Device cannot be changed through it.
        object.__setattr__(self, "toolchains", MappingProxyType(dict(self.toolchains)))

    def __reduce__(self) -> tuple[object, tuple[dict[str, object]]]:
        # The read-only toolchains view cannot be pickled; rebuild from a dict,
        # so devices survive copy.deepcopy and multiprocessing.
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["toolchains"] = dict(self.toolchains)
        return _rebuild, (values,)

    @property
    def core_class(self) -> CoreClass:
        """The :class:`CoreClass` of the main core.

        Example:
            >>> Device(flash_kb=1, sram_kb=1, clock_mhz=1, core="cortex-m55").core_class.vector
            'Helium (MVE)'
        """
        return CORE_CLASSES[self.core]

    def supports(self, toolchain: str) -> bool:
        """True when the toolchain is supported officially or by the community.

        Example:
            >>> d = Device(flash_kb=1, sram_kb=1, clock_mhz=1, core="cortex-m4f",
            ...            toolchains={"tflite-micro": "official"})
            >>> d.supports("tflite-micro"), d.supports("openvino")
            (True, False)
        """
        return self.toolchains.get(toolchain) in ("official", "community")


def _rebuild(values: dict[str, object]) -> Device:
    return Device(**values)  # type: ignore[arg-type]
