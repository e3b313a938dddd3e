"""What the linker kept: bytes per object file and section, read from a GNU ld map file.

``arm-none-eabi-size`` on an object file counts every function in it, also
the ones ``--gc-sections`` later drops (a kernel the model never calls). The
map file (``-Wl,-Map=``) lists each input section the linker placed, with its
size and the file it came from; summing those gives what each object really
costs in the image. Discarded sections are listed before the memory map and
are skipped.

Example:
    >>> text = '''Discarded input sections
    ...  .text.sd_pad_s8
    ...                 0x00000000       0xda /tmp/b/sd_kernels.o
    ... Linker script and memory map
    ...  .text.sd_conv2d_s8
    ...                 0x000001a4      0x1ee /tmp/b/sd_kernels.o
    ...  .rodata.sd_t3  0x00000400      0x100 /tmp/b/sd_model.o
    ...  *fill*         0x00000500        0x2
    ... '''
    >>> kept = kept_sections(text)
    >>> kept["sd_kernels.o"], kept["sd_model.o"]
    ({'.text': 494}, {'.rodata': 256})
"""

from __future__ import annotations

import re
from pathlib import Path

_MAP_START = "Linker script and memory map"
_ONE_LINE = re.compile(r"^ (\.[\w.$]+)\s+0x[0-9a-fA-F]+\s+0x([0-9a-fA-F]+)\s+(\S+)\s*$")
_NAME_ONLY = re.compile(r"^ (\.[\w.$]+)\s*$")
_PLACED = re.compile(r"^\s+0x[0-9a-fA-F]+\s+0x([0-9a-fA-F]+)\s+(\S+)\s*$")
#: Sections that take flash (``.data`` too: its initial values are stored there).
FLASH_SECTIONS = (".isr_vector", ".text", ".rodata", ".ARM.exidx", ".data")


def _kind(section: str) -> str:
    """``.text.sd_conv2d_s8`` -> ``.text``; ``.ARM.exidx.text.f`` -> ``.ARM.exidx``."""
    if section.startswith(".ARM."):
        return ".".join(section.split(".")[:3])
    return "." + section.split(".")[1]


def kept_sections(map_text: str) -> dict[str, dict[str, int]]:
    """Object file (``sd_model.o``, ``libc_nano.a(lib_a-memcpy.o)``) -> section -> bytes kept."""
    start = map_text.find(_MAP_START)
    lines = map_text[start if start >= 0 else 0:].splitlines()
    kept: dict[str, dict[str, int]] = {}
    for i, line in enumerate(lines):
        found = _ONE_LINE.match(line)
        if found:
            section, size, source = found.groups()
        else:
            name = _NAME_ONLY.match(line)
            placed = _PLACED.match(lines[i + 1]) if name and i + 1 < len(lines) else None
            if not placed:
                continue
            section, (size, source) = name.group(1), placed.groups()
        if int(size, 16):
            by_kind = kept.setdefault(Path(source).name, {})
            by_kind[_kind(section)] = by_kind.get(_kind(section), 0) + int(size, 16)
    return kept


def flash_of(sections: dict[str, int]) -> int:
    """Flash bytes of one object's kept sections.

    Example:
        >>> flash_of({".text": 10, ".rodata": 5, ".bss": 100})
        15
    """
    return sum(sections.get(name, 0) for name in FLASH_SECTIONS)
