"""The deploy guide on every microcontroller's device page, from YAML.

Two kinds of file under ``hardware_catalog/deploy/``:

* ``<environment>.yaml`` (schema ``deploy-environment``): the steps of one
  build environment (Arduino IDE, Pico SDK, ESP-IDF, Zephyr, a vendor SDK),
  by stage (install, open, upload, monitor, read), each citing the vendor
  page it comes from or marked ``unconfirmed``;
* ``boards/<device id>.yaml`` (schema ``deploy-board``): which environment a
  board uses, the runtime from its catalogue ``toolchains``, the names that
  fill the steps' placeholders (``{board_package}``, ``{board_menu}``,
  ``{board_target}``, ``{baud}``, ``{port}``), its upload mode (UF2, boot
  button, ...), a driver if one is needed, extra steps, and
  ``last_run_on_hardware`` (empty until a person runs the guide on a board).

:func:`read_deploy` reads them and :func:`check_deploy` reports problems with
file:line (through ``scaledown check``);
:func:`scaledown.site.deploy_pages.deploy_section` renders the Markdown of one
device page.

Example:
    >>> from scaledown.hardware.location import catalogue_dir
    >>> data, problems = read_deploy(catalogue_dir())
    >>> "raspberry-pi-pico" in data.boards, problems
    (True, [])
"""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path
from typing import Any

from ..vocabulary.problem import Problem

FOLDER = "deploy"
BOARDS = "boards"
#: Device categories that get a deploy guide.
MCU_CATEGORIES = ("mcu", "mcu+accelerator")
STAGES = {
    "install": "Install",
    "open": "Open the exported project",
    "upload": "Upload",
    "monitor": "Open the serial monitor",
    "read": "Read the result line",
}
PLACEHOLDERS = ("board_package", "board_menu", "board_target", "baud", "port")
@dataclasses.dataclass
class DeployData:
    """The valid environment and board files, by id, with their parsed documents."""

    environments: dict[str, dict[str, Any]]
    boards: dict[str, dict[str, Any]]


def _read(folder: Path, files: list[Path], kind: str, problems: list[Problem]) -> dict[str, Any]:
    from .schema import read_checked

    out: dict[str, Any] = {}
    for path in files:
        doc, found = read_checked(path, kind, folder, str(path.relative_to(folder.parent)))
        problems.extend(found)
        if doc is not None and not found:
            out[path.stem] = doc
    return out


def device_documents(folder: Path) -> dict[str, dict[str, Any]]:
    """Every device file under ``folder`` (the catalogue) as parsed YAML, by id; unreadable skipped.

    Example:
        >>> from scaledown.hardware.location import catalogue_dir
        >>> device_documents(catalogue_dir())["raspberry-pi-pico"]["cores"][0]["class"]
        'cortex-m0+'
    """
    from .yamlpos import YamlSyntaxError, read_yaml

    devices = {}
    for path in sorted((folder / "devices").glob("*.yaml")):
        try:
            data = read_yaml(path).data
        except YamlSyntaxError:
            continue
        if isinstance(data, dict):
            devices[path.stem] = data
    return devices


def _check_sources(doc: Any, refs: set[str], steps_key: str = "steps") -> list[Problem]:
    out = []
    entries: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((steps_key, i), step) for i, step in enumerate(doc.data.get(steps_key) or [])]
    for key in ("upload_mode", "driver"):
        if isinstance(doc.data.get(key), dict):
            entries.append(((key,), doc.data[key]))
    if doc.data.get("names_source"):
        entries.append(((), {"source": doc.data["names_source"], "text": ""}))
    for at, entry in entries:
        source_key = (*at, "source") if at else ("names_source",)
        for j, ref in enumerate(entry.get("source") or []):
            if ref not in refs:
                out.append(Problem(doc.path, doc.line_of((*source_key, j)),
                                   f"source {ref!r} is not in `references`",
                                   fix=f"add a reference with `id: {ref}` (title and url), "
                                       "or fix the id"))
        text = entry.get("text", "") + " " + entry.get("command", "")
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name not in PLACEHOLDERS:
                known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                out.append(Problem(doc.path, doc.line_of((*at, "text")),
                                   f"unknown placeholder {{{name}}}", fix=f"use one of: {known}"))
    return out


def read_deploy(folder: Path) -> tuple[DeployData, list[Problem]]:
    """Read and check every deploy file in ``folder/deploy``; the valid ones and all problems.

    ``folder`` is the catalogue folder. Without a deploy folder: nothing, and no problems.
    """
    folder = Path(folder)
    base = folder / FOLDER
    problems: list[Problem] = []
    if not base.is_dir():
        return DeployData({}, {}), problems
    env_files = sorted(base.glob("*.yaml"))
    env_docs = _read(folder, env_files, "deploy-environment", problems)
    board_docs = _read(folder, sorted((base / BOARDS).glob("*.yaml")), "deploy-board", problems)
    devices = device_documents(folder)
    environments: dict[str, dict[str, Any]] = {}
    for stem, doc in env_docs.items():
        found = []
        if doc.data["id"] != stem:
            found.append(Problem(doc.path, doc.line_of(("id",)),
                                 f"id {doc.data['id']!r} does not match the file name",
                                 fix=f"set `id: {stem}`"))
        found += _check_sources(doc, {r["id"] for r in doc.data["references"]})
        problems.extend(found)
        if not found:
            environments[stem] = doc.data
    boards: dict[str, dict[str, Any]] = {}
    for stem, doc in board_docs.items():
        found = _check_board(doc, stem, devices, {p.stem for p in env_files}, environments)
        problems.extend(found)
        if not any(p.severity == "error" for p in found):
            boards[stem] = doc.data
    for device_id, data in devices.items():
        if data.get("category") in MCU_CATEGORIES and device_id not in board_docs:
            problems.append(Problem(
                f"{folder.name}/devices/{device_id}.yaml", 1,
                f"microcontroller {device_id!r} has no deploy guide yet",
                fix=f"add {folder.name}/{FOLDER}/{BOARDS}/{device_id}.yaml (copy another board's "
                    "file; mark what you could not confirm `unconfirmed: true`)",
                severity="warning"))
    return DeployData(environments, boards), problems


def _check_board(doc: Any, stem: str, devices: dict[str, dict[str, Any]],
                 env_ids: set[str], environments: dict[str, dict[str, Any]]) -> list[Problem]:
    data, out = doc.data, []
    if data["device"] != stem:
        out.append(Problem(doc.path, doc.line_of(("device",)),
                           f"device {data['device']!r} does not match the file name",
                           fix=f"set `device: {stem}`, or rename the file"))
    device = devices.get(data["device"])
    if device is None:
        out.append(Problem(doc.path, doc.line_of(("device",)),
                           f"deploy guide for an unknown device {data['device']!r}: "
                           "no page shows it",
                           fix="use the id of a file in hardware_catalog/devices/, or remove "
                               "the file", severity="warning"))
    else:
        support = (device.get("toolchains") or {}).get(data["runtime"], {}).get("support")
        if support in (None, "unsupported"):
            out.append(Problem(
                doc.path, doc.line_of(("runtime",)),
                f"{data['device']}'s `toolchains` lists {data['runtime']} as "
                f"{support or 'missing'}",
                fix="pick a runtime the device's catalogue entry does not mark unsupported"))
    if data["environment"] not in env_ids:
        out.append(Problem(doc.path, doc.line_of(("environment",)),
                           f"unknown deploy environment {data['environment']!r}",
                           fix=f"use one of: {', '.join(sorted(env_ids))}"))
    own = {r["id"] for r in data["references"]}
    env_refs = {r["id"] for r in environments.get(data["environment"], {}).get("references", [])}
    if data["environment"] in environments:  # a broken environment is reported on its own
        out += _check_sources(doc, own | env_refs)
    return out


def check_deploy(folder: Path) -> list[Problem]:
    """The problems of the deploy files in the catalogue ``folder``, with file:line.

    Example:
        >>> from scaledown.hardware.location import catalogue_dir
        >>> check_deploy(catalogue_dir())
        []
    """
    return read_deploy(folder)[1]


def project_formats(board: dict[str, Any]) -> tuple[str, ...]:
    """The firmware-project formats ``sd.export`` offers for a board's deploy file.

    ``cmake`` always; ``arduino`` when the guide uses the Arduino IDE (the board
    has an Arduino core); ``platformio`` when ``firmware.platformio`` names its
    platform and board.

    Example:
        >>> project_formats({"environment": "arduino-ide"})
        ('cmake', 'arduino')
        >>> project_formats({"environment": "zephyr"})
        ('cmake',)
    """
    formats = ["cmake"]
    if board.get("environment") == "arduino-ide":
        formats.append("arduino")
    if (board.get("firmware") or {}).get("platformio"):
        formats.append("platformio")
    return tuple(formats)


def native_format(formats: tuple[str, ...]) -> str:
    """What ``format="project"`` writes: ``arduino`` where offered, else ``cmake``.

    The Pico SDK, Zephyr, ESP-IDF and the vendor SDKs all build with CMake.

    Example:
        >>> native_format(("cmake", "platformio")), native_format(("cmake", "arduino"))
        ('cmake', 'arduino')
    """
    return "arduino" if "arduino" in formats else "cmake"
