"""The "Deploy guide" section of a microcontroller's device page, as Markdown.

The deploy files are read and checked in :mod:`scaledown.hardware.deploy_guide`;
this module only turns one board's steps into text, citing each step's source.

Example:
    >>> from scaledown.hardware.location import catalogue_dir
    >>> text = deploy_section(catalogue_dir(), "raspberry-pi-pico")
    >>> "BOOTSEL" in text and "not been run on hardware" in text
    True
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any

from ..hardware.deploy_guide import (
    PLACEHOLDERS,
    STAGES,
    device_documents,
    native_format,
    project_formats,
    read_deploy,
)
from .escape import markdown_code
from .hardware_text import TOOLCHAIN_LABELS, md_text
from .inputs import files_stamp
from .sources import Sources

_DEFAULT_PORT = "the board's serial port (COM3 on Windows, /dev/ttyACM0 or /dev/ttyUSB0 on Linux)"
_UPLOAD_WORDS = {
    "automatic": "Upload mode",
    "double-tap-reset": "If the upload fails (double-tap reset)",
    "uf2-bootsel": "UF2 mode (BOOTSEL)",
    "boot-button": "Boot button",
    "debug-probe": "Debug probe",
    "vendor-tool": "Vendor tool",
}


def _fill(text: str, board: dict[str, Any]) -> str:
    values = {name: str(board.get(name) or "") for name in PLACEHOLDERS}
    values["port"] = board.get("port") or _DEFAULT_PORT
    return string.Formatter().vformat(text, (), values)


def _step_line(step: dict[str, Any], board: dict[str, Any], sources: Any) -> str:
    text = md_text(_fill(step["text"], board))
    line = f"1. {text}"
    if step.get("command"):
        line += f" {markdown_code(_fill(step['command'], board))}"
    cited = sources.cite(step)
    return f"{line} {cited}".rstrip()


#: What the deploy guides are read from, in the catalogue folder (schemas: what is valid).
CATALOGUE_FILES = ("deploy", "devices", "schemas")


def _catalogue_stamp(folder: Path) -> tuple:
    return files_stamp(folder, CATALOGUE_FILES)


@functools.lru_cache(maxsize=4)
def _deploy_files(folder: str, stamp: tuple) -> tuple[Any, dict[str, dict[str, Any]]]:
    # Every device page needs the same deploy files: read and check them once per
    # version of the catalogue (stamp), not once per page.
    return read_deploy(Path(folder))[0], device_documents(Path(folder))


def deploy_section(folder: Path, device_id: str, device: dict[str, Any] | None = None) -> str:
    """The "Deploy guide" Markdown of one device ('' when the device has no board file)."""
    data, devices = _deploy_files(str(folder), _catalogue_stamp(Path(folder)))
    board = data.boards.get(device_id)
    if device is None:
        device = devices.get(device_id)
    if board is None or board["environment"] not in data.environments:
        return ""
    env = data.environments[board["environment"]]
    sources = Sources([*env["references"], *board["references"]])
    extra = board.get("steps") or []
    parts = [f"## Deploy guide: {md_text(env['name'])}", ""]
    parts += [_hardware_note(board), ""]
    runtime = TOOLCHAIN_LABELS.get(board["runtime"], board["runtime"])
    support = ((device or {}).get("toolchains") or {}).get(board["runtime"], {}).get("support")
    level = f" (support on this board, from the catalogue: {md_text(support)})" if support else ""
    parts += [f"{md_text(env['summary'])} Runtime: {md_text(runtime)}{level}.", ""]
    named = [n for n in ("board_package", "board_menu", "board_target") if board.get(n)]
    if named:
        values = ", ".join(f"{n.replace('_', ' ')} {markdown_code(board[n])}" for n in named)
        confirmed = {"source": board["names_source"]} if board.get("names_source") else {
            "unconfirmed": True}
        parts += [f"Names for this board: {values} {sources.cite(confirmed)}", ""]
    for stage, title in STAGES.items():
        mine = [s for s in extra if s["stage"] == stage]
        lines = [_step_line(s, board, sources) for s in mine if s.get("first")]
        lines += [_step_line(s, board, sources) for s in env["steps"] if s["stage"] == stage]
        lines += [_step_line(s, board, sources) for s in mine if not s.get("first")]
        if stage == "install" and board.get("driver"):
            lines.append(_step_line({**board["driver"], "text": "Driver: " +
                                     board["driver"]["text"]}, board, sources))
        if stage == "upload":
            mode = board["upload_mode"]
            label = _UPLOAD_WORDS[mode["kind"]]
            lines.append(_step_line({**mode, "text": f"{label}: {mode['text']}"}, board, sources))
        if lines:
            parts += [f"### {title}", "", *lines, ""]
    parts += [f"The serial speed, {board['baud']} baud, is the one the ScaleDown board harness "
              "opens; boards that print over their own USB port ignore it.", ""]
    parts += ["Sources of these steps:", "", sources.listing(), ""]
    parts += firmware_section(device_id, board, device)
    return "\n".join(parts)


_FORMAT_WORDS = {"cmake": "CMake (bare metal)", "arduino": "Arduino sketch",
                 "platformio": "PlatformIO project"}


def _main_core_class(device: dict[str, Any] | None) -> str | None:
    cores = (device or {}).get("cores") or []
    return cores[0].get("class") if cores and isinstance(cores[0], dict) else None


def firmware_section(device_id: str, board: dict[str, Any],
                     device: dict[str, Any] | None) -> list[str]:
    """The "Exported project" lines of a deploy guide: formats, virtual core, runs on hardware.

    Example:
        >>> from scaledown.hardware.catalogue import catalogue_dir, load_catalogue
        >>> from scaledown.hardware.deploy_guide import read_deploy
        >>> edge = load_catalogue().device_data["sparkfun-edge"]
        >>> board = read_deploy(catalogue_dir())[0].boards["sparkfun-edge"]
        >>> text = "\\n".join(firmware_section("sparkfun-edge", board, edge))
        >>> "cortex-m4" in text and "mps2-an386" in text and "not built" in text
        True
        >>> eye = load_catalogue().device_data["espressif-esp-eye"]
        >>> firmware_section("espressif-esp-eye", {}, eye)[2].startswith("`sd.export` writes no")
        True
    """
    from ..virtual_board.cores import nearest_core

    lines = ["### Exported project", ""]
    core_class = _main_core_class(device)
    target = nearest_core(core_class) if core_class else None
    if target is None:
        return [*lines, "`sd.export` writes no firmware project for this board: its main core "
                "is not one the compiler's output is checked on (Arm Cortex-M).", ""]
    formats = project_formats(board)
    command = markdown_code(f'sd.export(model, "project", "firmware/", device="{device_id}")')
    lines += [f"{command} writes the project for this board's toolchain "
              f"({_FORMAT_WORDS[native_format(formats)]}); the formats offered: "
              + ", ".join(_FORMAT_WORDS[f] for f in formats) + ".",
              "",
              f"The CMake variant is built and run in ScaleDown's CI on the virtual board's "
              f"{markdown_code(target.name)} (QEMU {markdown_code(target.machine)}), "
              f"the emulated core nearest to this board's {markdown_code(core_class)}, "
              "and passes its self-check there."]
    if native_format(formats) == "cmake":
        lines += ["As written, the CMake project runs on the virtual board. To build it with "
                  "this board's SDK (the steps above), add `src/scaledown/*.c` to the SDK "
                  "project's build, leave out `board/virtual/`, and write the few functions of "
                  "`src/scaledown/sd_board.h` (print a line, read a microsecond timer) with "
                  "the SDK's serial port and timer *(unconfirmed: nobody has done it on this "
                  "board yet)*."]
    glue = [f for f in formats if f != "cmake"]
    if glue:
        lines += ["The " + " and ".join(_FORMAT_WORDS[f] for f in glue) + " share the model, "
                  "kernel and application sources with it byte for byte; only their thin board "
                  "glue is not built here."]
    pio = (board.get("firmware") or {}).get("platformio")
    if pio:
        mark = "" if pio.get("source") and not pio.get("unconfirmed") else " (*unconfirmed*)"
        lines += [f"PlatformIO names: platform {markdown_code(pio['platform'])}, board "
                  f"{markdown_code(pio['board'])}, framework {markdown_code(pio['framework'])}"
                  f"{mark}."]
    lines += ["", "When a person last ran the exported project on this board:", ""]
    runs = ((board.get("firmware") or {}).get("last_run_on_hardware") or {})
    for fmt in formats:
        last = runs.get(fmt)
        when = (f"{md_text(last['date'])}" + (f" by {md_text(last['by'])}" if last.get("by")
                                              else "")) if last else "never (not yet reported)"
        lines.append(f"- {_FORMAT_WORDS[fmt]}: {when}")
    return [*lines, ""]


def _hardware_note(board: dict[str, Any]) -> str:
    last = board.get("last_run_on_hardware")
    if last:
        who = f" by {md_text(last['by'])}" if last.get("by") else ""
        ran = f"A person last followed them on this board on {md_text(last['date'])}{who}."
    else:
        ran = "They have not been run on hardware yet, by us or anyone who reported back."
    return ('!!! warning "Written from the vendors\' documentation, not run on hardware by us"\n'
            "    We wrote these steps from the vendor pages listed below and did not run them "
            f"on a board ourselves. {ran} No vendor page we read confirms the steps marked "
            "*unconfirmed*. Ran them? Set `last_run_on_hardware` in this board's file under "
            "`hardware_catalog/deploy/boards/` in a pull request.")
