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

import string
from pathlib import Path
from typing import Any

from ..hardware.deploy_guide import PLACEHOLDERS, STAGES, read_deploy
from .escape import markdown_code
from .hardware_text import TOOLCHAIN_LABELS, md_text
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


def deploy_section(folder: Path, device_id: str, device: dict[str, Any] | None = None) -> str:
    """The "Deploy guide" Markdown of one device ('' when the device has no board file)."""
    data, _ = read_deploy(Path(folder))
    board = data.boards.get(device_id)
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
    return "\n".join(parts)


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
