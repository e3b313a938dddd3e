"""Build the harness image for a core and read its exact sizes from the ELF file.

Steps: write the sample input and the host's expected output as C arrays
(``sd_harness_data.c``), fill in the linker script for the core's memory,
compile the model library and the harness with ``arm-none-eabi-gcc -Os``,
link with ``--gc-sections`` and newlib-nano, and read the sections with
``arm-none-eabi-size -A``:

* ``flash_bytes``: vectors + ``.text`` + ``.rodata`` + ``.ARM.exidx`` + the
  initial values of ``.data`` (flash holds them too);
* ``static_ram_bytes``: ``.data`` + ``.bss`` (the stack is measured on the board);
* ``library_flash_bytes`` / ``library_ram_bytes``: the same sums over the
  model library's own object files (``sd_model.o``, ``sd_kernels.o``),
  without the harness, start-up code and C library;
* ``linked_library_flash_bytes``: the library's flash as linked, only the
  sections ``--gc-sections`` kept (read from the map file,
  :mod:`scaledown.virtual_board.link_map`): kernels the model never calls
  are not counted. The library calls no C-library function, so this is the
  whole image minus the harness.

Example:
    >>> stack_reserve(core("cortex-m0")), stack_reserve(core("cortex-m4"))
    (4096, 32768)
    >>> print(c_array("sd_x", b"\\x01\\xff"))
    const int8_t sd_x[2] = {
        1, -1,
    };
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from ..errors import EmulationError, first_line
from . import link_map, toolchain
from .cores import Core, core
from .library import LibraryInfo

#: Stack kept free for the program: 32 KiB, or a quarter of a smaller RAM.
DEFAULT_STACK_BYTES = 32 * 1024
#: The harness's own C files (package data in ``harness/``).
HARNESS_SOURCES = (
    "startup.c", "sd_semihost.c", "sd_sha256.c", "sd_result_line.c", "sd_harness.c")
COMMON_CFLAGS = ("-std=c99", "-Os", "-ffunction-sections", "-fdata-sections", "-Wall")
LINK_FLAGS = ("-nostartfiles", "--specs=nano.specs", "-Wl,--gc-sections")
BUILD_TIMEOUT_S = 300
_FLASH_SECTIONS = (".isr_vector", ".text", ".rodata", ".ARM.exidx", ".data")


@dataclass(frozen=True)
class Sizes:
    """Exact byte counts read from the image and from the library's object files."""

    flash_bytes: int
    static_ram_bytes: int
    library_flash_bytes: int
    library_ram_bytes: int
    sections: dict[str, int]
    linked_library_flash_bytes: int | None = None
    linked_library: dict[str, dict[str, int]] | None = None


@dataclass(frozen=True)
class Firmware:
    """A built image: the ELF file, the core it is for, and its sizes."""

    elf: Path
    core: Core
    sizes: Sizes
    stack_reserved_bytes: int


def harness_dir() -> Path:
    """The folder with the harness's C sources and linker script template.

    Example:
        >>> (harness_dir() / "sd_harness.c").is_file()
        True
    """
    return Path(str(resources.files("scaledown.virtual_board") / "harness"))


def stack_reserve(target: Core) -> int:
    """Bytes of RAM kept for the stack on ``target``."""
    return min(DEFAULT_STACK_BYTES, target.ram_bytes // 4)


def c_array(name: str, data: bytes) -> str:
    """``data`` as a ``const int8_t`` C array called ``name``."""
    values = [str(b - 256 if b > 127 else b) for b in data] or ["0"]
    rows = [", ".join(values[i:i + 16]) + "," for i in range(0, len(values), 16)]
    body = "\n".join("    " + row for row in rows)
    return f"const int8_t {name}[{max(len(data), 1)}] = {{\n{body}\n}};"


def check_fits(library: LibraryInfo, target: Core) -> None:
    """Refuse a model whose arena and stack cannot fit the core's emulated RAM.

    Example:
        >>> from scaledown.virtual_board.library import LibraryInfo
        >>> big = LibraryInfo(Path("lib"), 490, 12, 30_000, 14, ())
        >>> check_fits(big, core("cortex-m0"))
        Traceback (most recent call last):
        ...
        scaledown.errors.EmulationError: the model's arena (30,000 bytes) does not fit the RAM
        of the cortex-m0 (16,384 bytes)
          why: the microbit machine has 16,384 bytes of RAM and the harness keeps 4,096 of them
          for the stack
          fix: pick a core with more RAM, e.g. core="cortex-m4" (4,194,304 bytes)
    """
    reserve = stack_reserve(target)
    if library.arena_bytes + reserve <= target.ram_bytes:
        return
    roomy = core("cortex-m4")
    raise EmulationError(
        f"the model's arena ({library.arena_bytes:,} bytes) does not fit the RAM of the "
        f"{target.name} ({target.ram_bytes:,} bytes)",
        why=f"the {target.machine} machine has {target.ram_bytes:,} bytes of RAM and the harness "
            f"keeps {reserve:,} of them for the stack",
        fix=f'pick a core with more RAM, e.g. core="{roomy.name}" ({roomy.ram_bytes:,} bytes)',
    )


def _run(command: list[str], cwd: Path, what: str, target: Core | None = None) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise EmulationError(f"{what} did not finish within {BUILD_TIMEOUT_S} s",
                             fix="try again; if it persists, report it") from None
    if done.returncode != 0:
        raise _build_error(done.stderr or done.stdout, what, target)
    return done.stdout


def _build_error(text: str, what: str, target: Core | None) -> EmulationError:
    overflow = re.search(r"region [`']?(\w+)'? overflowed by (\d+) bytes", text)
    if overflow and target is not None:
        region = overflow.group(1)
        size = target.flash_bytes if region == "FLASH" else target.ram_bytes
        return EmulationError(
            f"the program does not fit the {region.lower()} of the {target.name}: "
            f"{int(overflow.group(2)):,} bytes too many for its {size:,} bytes",
            why="the model's code and constants (flash), or its arena, data and the stack (RAM), "
                f"exceed what the {target.machine} machine has",
            fix='pick a core with more memory, e.g. core="cortex-m4" (4 MiB of each)')
    errors = [line for line in text.splitlines() if "error" in line.lower()]
    return EmulationError(
        f"{what} failed",
        why=first_line(Exception(errors[0] if errors else text or "no message")),
        fix="check the model library builds with arm-none-eabi-gcc -std=c99 -Os -c; "
            "if sd.compile wrote it, report the model",
    )


def read_sections(size_tool: str, files: list[Path], cwd: Path) -> dict[str, int]:
    """Section name -> bytes, summed over ``files`` (``arm-none-eabi-size -A -d``).

    Sections ``.text.foo`` (one per function) count under ``.text``.

    Example:
        >>> read_sections("no-such-size-tool", [Path("x.o")], Path("."))
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] No such file or directory: 'no-such-size-tool'
    """
    out = _run([size_tool, "-A", "-d", *map(str, files)], cwd, "arm-none-eabi-size")
    totals: dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            name = "." + parts[0].split(".")[1] if not parts[0].startswith(".ARM") else parts[0]
            if name.startswith(".ARM.exidx"):
                name = ".ARM.exidx"
            totals[name] = totals.get(name, 0) + int(parts[1])
    return totals


def _flash(sections: dict[str, int]) -> int:
    return sum(sections.get(name, 0) for name in _FLASH_SECTIONS)


def _ram(sections: dict[str, int]) -> int:
    return sections.get(".data", 0) + sections.get(".bss", 0)


def _c_string(text: str) -> str:
    """``text`` as a C string literal holding only printable ASCII without quotes."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in text) + '"'


def build_firmware(library: LibraryInfo, target: Core, sample: bytes, expected: bytes,
                   work: Path, *, model_sha256: str | None = None) -> Firmware:
    """Compile and link the harness image for ``target`` in the folder ``work``.

    Args:
        library: The model library to run.
        target: The core to build for.
        sample: The input bytes the image runs (``library.input_bytes`` of them).
        expected: The output the host computed for them (``library.output_bytes``).
        work: An existing, writable folder for the object files and the image.
        model_sha256: SHA-256 of the model the library was compiled from; the result
            line prints it (``model_sha256=``), ``na`` when not given.

    Raises:
        EmulationError: The model does not fit, or compiling or linking failed.
        RuntimeNotInstalledError: The Arm toolchain is missing.

    Example:
        >>> from scaledown.virtual_board.library import LibraryInfo
        >>> big = LibraryInfo(Path("lib"), 8, 4, 5_000_000, 1, ())
        >>> build_firmware(big, core("cortex-m7"), bytes(8), bytes(4), Path("."))
        Traceback (most recent call last):
        ...
        scaledown.errors.EmulationError: the model's arena (5,000,000 bytes) does not fit the RAM
        of the cortex-m7 (4,194,304 bytes)
        ...
    """
    check_fits(library, target)
    gcc = toolchain.find_tool(toolchain.GCC)
    size_tool = toolchain.find_tool(toolchain.SIZE)
    harness = harness_dir()
    work = Path(work)
    from ..version import __version__

    (work / "sd_harness_data.h").write_text(
        "/* Written by scaledown.virtual_board.build: the sample input and the host's output. */\n"
        "#include <stdint.h>\n#include \"sd_model.h\"\n"
        f"#define SD_HARNESS_CORE \"{target.name}\"\n"
        f"#define SD_HARNESS_BOARD {_c_string('qemu-' + target.machine)}\n"
        f"#define SD_HARNESS_MODEL_SHA256 {_c_string(model_sha256 or 'na')}\n"
        f"#define SD_HARNESS_SDV {_c_string(__version__)}\n"
        "extern const int8_t sd_harness_input[];\nextern const int8_t sd_harness_expected[];\n")
    (work / "sd_harness_data.c").write_text(
        "#include \"sd_harness_data.h\"\n" + c_array("sd_harness_input", sample) + "\n"
        + c_array("sd_harness_expected", expected) + "\n")
    reserve = stack_reserve(target)
    (work / "link.ld").write_text(Template((harness / "link.ld.template").read_text()).substitute(
        flash_origin=hex(target.flash_origin), flash_bytes=hex(target.flash_bytes),
        ram_origin=hex(target.ram_origin), ram_bytes=hex(target.ram_bytes),
        stack_bytes=hex(reserve)))

    sources = [*library.sources, work / "sd_harness_data.c",
               *(harness / name for name in HARNESS_SOURCES)]
    flags = [*target.cflags, *COMMON_CFLAGS, f"-I{library.folder}", f"-I{harness}", f"-I{work}"]
    _run([gcc, *flags, "-c", *map(str, sources)], work, "compiling for the " + target.name)
    objects = [work / (Path(s).stem + ".o") for s in sources]
    elf_path = work / "firmware.elf"
    _run([gcc, *target.cflags, *LINK_FLAGS, f"-Wl,-Map={work / 'firmware.map'}",
          "-T", str(work / "link.ld"), *map(str, objects), "-o", str(elf_path)],
         work, "linking for the " + target.name, target)

    image = read_sections(size_tool, [elf_path], work)
    own = read_sections(size_tool, objects[:len(library.sources)], work)
    kept = link_map.kept_sections((work / "firmware.map").read_text(errors="replace"))
    linked = {o.name: kept.get(o.name, {}) for o in objects[:len(library.sources)]}
    sizes = Sizes(_flash(image), _ram(image), _flash(own), _ram(own), image,
                  sum(link_map.flash_of(s) for s in linked.values()), linked)
    return Firmware(elf_path, target, sizes, reserve)
