"""Write one firmware project folder: the shared sources plus one variant's board glue.

The folder is new, or (``overwrite=True``) one an earlier ``sd.export`` wrote:
its manifest ``.scaledown-export`` lists the files it wrote, each with the
SHA-256 of what it wrote. Files of the new project that are in the folder but
not in that manifest are never replaced (the call fails and changes nothing).
A listed file you changed since (your ``sd_sensor.c``) is kept as it is and
reported, not replaced; files of the old project the new one no longer has
are removed only when listed and unchanged; everything else in the folder is
kept. A new folder is written in a staging folder and moved into place whole,
so a failure leaves nothing behind.

Example:
    >>> sketch_name(Path("firmware/kws-demo"))
    'kws-demo'
    >>> sketch_name(Path("firmware/2 words"))
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: the folder name '2 words' cannot name an Arduino sketch
      why: the sketch file must be called like its folder, and a sketch name starts with a
      letter or digit followed by letters, digits, '-', '.' or '_' (63 at most)
      fix: pass a folder such as firmware/my_model
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExportError, InputError
from . import sources
from .boards import FirmwareBoard

MANIFEST = ".scaledown-export"
_SKETCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


@dataclass(frozen=True)
class ProjectResult:
    """What :func:`write_project` wrote.

    Attributes:
        folder: The project folder.
        format: ``"cmake"``, ``"arduino"`` or ``"platformio"``.
        device: The catalogue board it is for.
        core: The virtual board's core nearest to the board's (``"cortex-m4"``).
        machine: That core's QEMU machine (``"mps2-an386"``).
        files: Every file of the project, as paths inside ``folder``.
        shared_folder: The folder of sources every variant shares byte for byte.
        model_sha256: The model's SHA-256 (the result line's ``model_sha256=``).
        sample: The embedded sample input.
        expected: The output this computer computed for it.
        runs: Inferences the application times.
    """

    folder: Path
    format: str
    device: str
    core: str
    machine: str
    files: list[Path]
    shared_folder: Path
    model_sha256: str
    sample: bytes = field(repr=False)
    expected: bytes = field(repr=False)
    runs: int = 10
    kept: list[Path] = field(default_factory=list)
    """Files of an earlier export you had changed: left as they were (``overwrite=True``)."""


def sketch_name(folder: Path) -> str:
    """The Arduino sketch name for ``folder`` (its own name), or an error saying why not."""
    name = Path(folder).name
    if not _SKETCH.match(name):
        raise InputError(
            f"the folder name {name!r} cannot name an Arduino sketch",
            why="the sketch file must be called like its folder, and a sketch name starts with "
                "a letter or digit followed by letters, digits, '-', '.' or '_' (63 at most)",
            fix="pass a folder such as firmware/my_model")
    return name


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_out_folder(out: Path, overwrite: bool) -> dict[str, str]:
    """Refuse a file, or an existing folder unless ``overwrite``; the old manifest (name -> hash).

    Example:
        >>> import tempfile
        >>> check_out_folder(Path(tempfile.mkdtemp()), overwrite=False)
        Traceback (most recent call last):
        ...
        scaledown.errors.ExportError: cannot export to ...: the folder exists
          why: sd.export writes a whole project and never replaces files it did not write
          fix: choose a new folder, or pass overwrite=True (CLI: --force) to replace an earlier
          sd.export project there
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot export to {out}: it is a file, not a folder",
                          fix="pass a folder path (it is created)")
    if not out.exists():
        from ..safe_write import check_target

        check_target(out, error=ExportError)
        return {}
    if not overwrite:
        raise ExportError(
            f"cannot export to {out}: the folder exists",
            why="sd.export writes a whole project and never replaces files it did not write",
            fix="choose a new folder, or pass overwrite=True (CLI: --force) to replace an "
                "earlier sd.export project there")
    manifest = out / MANIFEST
    if not manifest.is_file():
        return {}
    listed: dict[str, str] = {}
    for line in manifest.read_text("utf-8", errors="replace").splitlines():
        digest, _, name = line.strip().partition(" ")
        if name and not line.startswith("#"):
            listed[name.strip()] = digest
    return listed


def _readme(board: FirmwareBoard, fmt: str, model_name: str, runs: int) -> str:
    from ..version import __version__

    core = board.core
    build = {
        "cmake": ("```sh\ncmake -S . -B build\ncmake --build build\n"
                  "cmake --build build --target run   # on QEMU; or by hand:\n"
                  f"qemu-system-arm -M {core.machine} -nographic -monitor none -serial null \\\n"
                  "    -semihosting-config enable=on,target=native -kernel build/firmware.elf\n"
                  "```\n\nThis variant's board glue (`board/virtual/`) is the virtual board's: "
                  f"it runs on a {core.name} in QEMU ({core.machine}), the emulated core nearest "
                  f"to the {board.name}'s {board.core_class}. ScaleDown's CI builds and runs it. "
                  "For the real board, replace `board/virtual/` with your SDK's start-up code, "
                  "linker script and serial port (implement the functions of "
                  "`src/scaledown/sd_board.h`)."),
        "arduino": ("Open the `.ino` file in the Arduino IDE, pick the board, press Upload and "
                    f"open the Serial Monitor at {board.baud} baud (the device page's deploy "
                    "guide has the board's exact steps)."),
        "platformio": ("```sh\npio run -t upload\npio device monitor\n```"),
    }[fmt]
    if fmt != "cmake":
        build += ("\n\nFlash and static RAM come from the build: the Arduino IDE prints them "
                  "after compiling (\"Sketch uses ... bytes\", \"Global variables use ... "
                  "bytes\"), PlatformIO in its size summary. This glue cannot read them on the "
                  "board, so the result line says `flash=na ram=na`; it does not measure the "
                  "stack either (`stack=0`).")
    last = board.last_run.get(fmt)
    ran = (f"A person last ran this variant on a {board.name} on {last['date']}."
           if last else f"Nobody has reported running this variant on a {board.name} yet.")
    timer = ("the DWT cycle counter" if board.has_cycle_counter
             else "a microsecond timer: this core has no cycle counter")
    built = ("" if fmt == "cmake" else
             "\n**Not built by ScaleDown's CI.** Only the CMake variant is built and run (on the "
             "virtual board). The model, kernel and application sources in `src/scaledown/` are "
             "the same files byte for byte; this variant's thin board glue is the only part "
             "that is not built here.\n")
    return f"""# {model_name} on the {board.name} ({fmt})

Written by scaledown {__version__} (`sd.export(model, "{fmt}", ..., device="{board.device_id}")`).
It runs the compiled model (no TFLite-Micro) on a sample input embedded at export time,
compares the output with your computer's byte for byte (PASS/FAIL), times {runs} inferences
({timer}),
and prints one line `SDRESULT v1 ...` over the serial port. Save the serial output to a file
and run `scaledown measure LOG --device {board.device_id}` to turn it into a measurement record.
{built}
## Build, upload, read

{build}

## Your sensor

`src/scaledown/sd_sensor.c` holds the one function you change: `sd_sensor_read` fills the
model's input from a real sensor. Until it returns 1 the program stops after its self-check.

## Run on hardware

{ran} Ran it? Add the date to `firmware.last_run_on_hardware.{fmt}` in
`hardware_catalog/deploy/boards/{board.device_id}.yaml` in a pull request.
"""


def project_files(board: FirmwareBoard, fmt: str, out: Path, shared: dict[str, str], *,
                  model_name: str, runs: int) -> dict[str, str]:
    """Every file of the project (relative path -> text), the manifest last."""
    files = {f"{sources.SHARED_FOLDER}/{name}": text for name, text in shared.items()}
    if fmt == "cmake":
        files.update(sources.cmake_glue(board.core, board.core_class))
    elif fmt == "arduino":
        files[f"{sketch_name(out)}.ino"] = sources.arduino_glue(
            device_id=board.device_id, board_name=board.name, what="the Arduino sketch",
            include=sources.SHARED_FOLDER + "/")
    else:
        files["platformio.ini"] = sources.platformio_ini(
            device_id=board.device_id, platformio=board.platformio or {}, baud=board.baud)
        files["src/main.cpp"] = sources.arduino_glue(
            device_id=board.device_id, board_name=board.name, what="the PlatformIO project",
            include="scaledown/")
    files["README.md"] = _readme(board, fmt, model_name, runs)
    return files


def manifest_text(files: dict[str, str]) -> str:
    """The manifest: the SHA-256 of each file as written, and its path.

    Example:
        >>> print(manifest_text({"a.c": ""}).splitlines()[1][:20])
        e3b0c44298fc1c149afb
    """
    return ("# Files sd.export wrote here (SHA-256 as written); overwrite=True replaces only "
            "these, and keeps those you changed.\n"
            + "".join(f"{_digest(files[name].encode())} {name}\n" for name in sorted(files)))


def _fill(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())


def _changed(path: Path, recorded: str | None) -> bool:
    return path.is_file() and _digest(path.read_bytes()) != recorded


def write_files(out: Path, files: dict[str, str], old: dict[str, str]
                ) -> tuple[list[Path], list[Path]]:
    """Put ``files`` and their manifest into ``out``: a new folder whole, or over an earlier
    export file by file. Returns the project's files and the changed ones kept as they were."""
    from ..safe_write import write_error, write_folder

    out = Path(out)
    listing = {**files, MANIFEST: manifest_text(files)}
    if not out.exists():
        def fill(tmp: Path) -> None:
            tmp.mkdir()
            _fill(tmp, listing)

        write_folder(out, fill, error=ExportError)
        return [out / name for name in files], []
    foreign = [name for name in files if (out / name).exists() and name not in old]
    if foreign:
        raise ExportError(
            f"cannot export to {out}: it holds {', '.join(sorted(foreign)[:3])}"
            + (" and more" if len(foreign) > 3 else "") + ", which sd.export did not write",
            why="with overwrite=True sd.export replaces only the files its manifest "
                f"({MANIFEST}) lists, and never deletes anything else",
            fix="choose a new folder, or move those files away yourself")
    try:
        stage = Path(tempfile.mkdtemp(prefix=".scaledown-", dir=out))
    except OSError as exc:
        raise write_error(exc, out, error=ExportError) from exc
    kept = [name for name in files if _changed(out / name, old.get(name))]
    moved = {name: text for name, text in listing.items() if name not in kept}
    try:
        try:
            _fill(stage, moved)
            for name in moved:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / name, out / name)
        except OSError as exc:
            raise write_error(exc, out, error=ExportError) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for name in sorted(set(old) - set(listing)):  # ours, no longer written, and unchanged
        stale = out / name
        if (stale.is_file() and stale.resolve().is_relative_to(out.resolve())
                and not _changed(stale, old[name])):
            stale.unlink()
    return [out / name for name in files], [out / name for name in kept]


def write_project(library: Path, board: FirmwareBoard, fmt: str, out: Path, *,
                  sample: bytes, model_sha256: str, runs: int = 10,
                  overwrite: bool = False) -> ProjectResult:
    """Write the ``fmt`` project for ``board`` around the library ``sd.compile`` wrote.

    Args:
        library: The folder ``sd.compile`` wrote.
        board: The board (:func:`scaledown.firmware.boards.firmware_board`).
        fmt: ``"cmake"``, ``"arduino"`` or ``"platformio"`` (already resolved).
        out: The project folder.
        sample: One input (``SD_MODEL_INPUT_BYTES`` int8 bytes) to embed.
        model_sha256: The model's SHA-256, printed as ``model_sha256=``.
        runs: Inferences to time on the board.
        overwrite: Replace an earlier ``sd.export`` project in ``out``.

    Raises:
        ExportError: ``out`` exists (and ``overwrite`` is false) or holds files we did not write.
        InputError: A bad sample, run count or Arduino folder name.
        RuntimeNotInstalledError: No host C compiler (it computes the expected output).

    Example:
        >>> from scaledown.firmware.boards import firmware_board
        >>> write_project(Path("lib"), firmware_board("raspberry-pi-pico"), "cmake",
        ...               Path("out"), sample=b"", model_sha256="0" * 64, runs=0)
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: runs=0 must be a whole number from 1 to 100000
          fix: e.g. runs=10
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= 100_000:
        raise InputError(f"runs={runs!r} must be a whole number from 1 to 100000",
                         fix="e.g. runs=10")
    out = Path(out).expanduser().absolute()
    if fmt == "arduino":
        sketch_name(out)
    old = check_out_folder(out, overwrite)
    from ..virtual_board import host
    from ..virtual_board.library import read_library

    info = read_library(library)
    with tempfile.TemporaryDirectory(prefix="scaledown-export-") as work:
        expected = host.host_output(info, sample, Path(work))
    model_files = {name: (Path(library) / name).read_text(encoding="utf-8")
                   for name in ("sd_model.h", "sd_model.c", "sd_kernels.h", "sd_kernels.c")
                   if (Path(library) / name).is_file()}
    header = sources.project_header(core=board.core, model_sha256=model_sha256, runs=runs,
                                    baud=board.baud)
    shared = sources.shared_files(model_files, sample, expected, header)
    name = _model_name(model_files.get("sd_model.c", ""))
    files = project_files(board, fmt, out, shared, model_name=name, runs=runs)
    written, kept = write_files(out, files, old)
    return ProjectResult(out, fmt, board.device_id, board.core.name, board.core.machine,
                         written, out / sources.SHARED_FOLDER, model_sha256, sample, expected,
                         runs, kept)


def _model_name(source: str) -> str:
    found = re.search(r'const char sd_model_name\[\] = "([^"]*)";', source)
    return found.group(1) if found else "model"
