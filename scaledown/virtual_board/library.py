"""Read the facts of a compiled model library from its ``sd_model.h``.

``sd.compile`` writes ``sd_model.h``, ``sd_model.c``, ``sd_kernels.h`` and
``sd_kernels.c`` into a folder; the header defines the sizes the harness
needs (``SD_MODEL_INPUT_BYTES``, ``SD_MODEL_OUTPUT_BYTES``,
``SD_MODEL_ARENA_BYTES``, ``SD_MODEL_OPS``).

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "sd_model.c").write_text("")
    >>> _ = (folder / "sd_model.h").write_text(
    ...     "#define SD_MODEL_INPUT_BYTES 8\\n#define SD_MODEL_OUTPUT_BYTES 4\\n"
    ...     "#define SD_MODEL_ARENA_BYTES 64\\n#define SD_MODEL_OPS 1\\n")
    >>> info = read_library(folder)
    >>> info.input_bytes, info.output_bytes, info.arena_bytes, info.ops
    (8, 4, 64, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

HEADER = "sd_model.h"
#: The library's C files, compiled in this order (``sd_kernels.c`` may be absent).
SOURCES = ("sd_model.c", "sd_kernels.c")
_DEFINES = ("SD_MODEL_INPUT_BYTES", "SD_MODEL_OUTPUT_BYTES", "SD_MODEL_ARENA_BYTES")


@dataclass(frozen=True)
class LibraryInfo:
    """A compiled model library.

    Attributes:
        folder: Where its files are.
        input_bytes: Bytes of int8 input ``sd_model_invoke`` reads.
        output_bytes: Bytes of int8 output it writes.
        arena_bytes: Bytes of working memory (the arena) it declares.
        ops: How many ops the model runs (``None`` when the header does not say).
        sources: Its C files.
    """

    folder: Path
    input_bytes: int
    output_bytes: int
    arena_bytes: int
    ops: int | None
    sources: tuple[Path, ...]


def is_library(path: object) -> bool:
    """True when ``path`` is a folder holding ``sd_model.h``.

    Example:
        >>> is_library("no/such/folder"), is_library(42)
        (False, False)
    """
    return isinstance(path, str | Path) and (Path(path) / HEADER).is_file()


def _define(text: str, name: str) -> int | None:
    found = re.search(rf"^\s*#\s*define\s+{name}\s+\(?\s*(\d+)[uU]?\s*\)?", text, re.MULTILINE)
    return int(found.group(1)) if found else None


def read_library(folder: Path) -> LibraryInfo:
    """The sizes ``sd_model.h`` in ``folder`` defines; an error names a missing one."""
    folder = Path(folder)
    header = folder / HEADER
    if not header.is_file():
        raise InputError(
            f"{folder} holds no {HEADER}",
            why="the virtual board runs the C library that sd.compile writes",
            fix=f"pass a model, or the folder sd.compile(model, '{folder}') wrote",
        )
    text = header.read_text(errors="replace")
    values = {name: _define(text, name) for name in (*_DEFINES, "SD_MODEL_OPS")}
    missing = [name for name in _DEFINES if values[name] is None]
    if missing:
        raise InputError(
            f"{header}:1: {', '.join(missing)} not defined",
            why="the harness sizes its input and output buffers from these",
            fix="write the library again with sd.compile (it defines them)",
        )
    sources = tuple(folder / name for name in SOURCES if (folder / name).is_file())
    if not sources or sources[0].name != SOURCES[0]:
        raise InputError(f"{folder} holds no {SOURCES[0]}",
                         why="sd_model_invoke is defined there",
                         fix="write the library again with sd.compile")
    return LibraryInfo(folder, values["SD_MODEL_INPUT_BYTES"] or 0,
                       values["SD_MODEL_OUTPUT_BYTES"] or 0, values["SD_MODEL_ARENA_BYTES"] or 0,
                       values["SD_MODEL_OPS"], sources)
