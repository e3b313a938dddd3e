"""Read the two things the instruction counter needs from a 32-bit Arm ELF file.

The loadable segments (where each byte goes in memory) and the symbol table
(where a function starts). Only little-endian ELF32, as ``arm-none-eabi-gcc``
writes it; anything else is refused with :class:`~scaledown.errors.EmulationError`.

Example:
    >>> import struct
    >>> header = b"\\x7fELF\\x01\\x01\\x01" + bytes(9) + struct.pack("<HHI", 2, 40, 1)
    >>> is_arm_elf32(header + bytes(52 - len(header)))
    True
    >>> is_arm_elf32(b"not an elf")
    False
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmulationError

_EM_ARM = 40
_PT_LOAD = 1
_SHT_SYMTAB = 2


@dataclass(frozen=True)
class Segment:
    """One loadable piece of the image: ``data`` at ``address``, zero-filled to ``size``."""

    address: int
    data: bytes
    size: int


def is_arm_elf32(blob: bytes) -> bool:
    """True when ``blob`` starts with a little-endian ELF32 header for Arm."""
    if len(blob) < 52 or blob[:4] != b"\x7fELF" or blob[4] != 1 or blob[5] != 1:
        return False
    return struct.unpack_from("<H", blob, 18)[0] == _EM_ARM


def _read(path: Path) -> bytes:
    blob = Path(path).read_bytes()
    if not is_arm_elf32(blob):
        raise EmulationError(
            f"{path} is not a 32-bit Arm ELF file",
            why="the virtual board runs programs built by arm-none-eabi-gcc",
            fix="build the program with scaledown.virtual_board.build.build_firmware",
        )
    return blob


def load_segments(path: Path) -> list[Segment]:
    """The ``PT_LOAD`` segments of an ELF file, at their physical (load) addresses.

    Example:
        >>> load_segments(Path("missing.elf"))
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] No such file or directory: 'missing.elf'
    """
    blob = _read(path)
    phoff, = struct.unpack_from("<I", blob, 28)
    phentsize, phnum = struct.unpack_from("<HH", blob, 42)
    segments = []
    for i in range(phnum):
        kind, offset, _vaddr, paddr, filesz, memsz, _flags, _align = struct.unpack_from(
            "<8I", blob, phoff + i * phentsize)
        if kind == _PT_LOAD and memsz:
            segments.append(Segment(paddr, blob[offset:offset + filesz], memsz))
    return segments


def symbols(path: Path) -> dict[str, int]:
    """Name -> value of every named symbol (functions keep their Thumb bit).

    Example:
        >>> symbols(Path("missing.elf"))
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] No such file or directory: 'missing.elf'
    """
    blob = _read(path)
    shoff, = struct.unpack_from("<I", blob, 32)
    shentsize, shnum = struct.unpack_from("<HH", blob, 46)
    sections = [struct.unpack_from("<10I", blob, shoff + i * shentsize) for i in range(shnum)]
    table: dict[str, int] = {}
    for _name, kind, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if kind != _SHT_SYMTAB or not entsize:
            continue
        strings_offset = sections[link][4]
        for at in range(offset, offset + size, entsize):
            name_at, value = struct.unpack_from("<II", blob, at)
            if name_at:
                end = blob.index(b"\0", strings_offset + name_at)
                table[blob[strings_offset + name_at:end].decode()] = value
    return table
