"""``scaledown check`` for the hardware catalogue: every problem with file:line.

Registered in ``scaledown.site.pipeline.CHECKERS`` as ``"catalogue"``. On top of
the JSON Schemas (:mod:`.schema`) it checks what a schema cannot see: ids equal
file names and are unique, sensor/device/source references exist, asset ids
are unique across branches, a copy on loan has a due date and a request
number, country codes exist (ISO 3166-1, from the ``iso3166`` package), image
files exist, and entries verified more than a year ago get a warning.

Example:
    >>> from scaledown.hardware.location import catalogue_dir
    >>> [p for p in check_catalogue(catalogue_dir().parent) if p.severity == "error"]
    []
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DeviceError
from ..vocabulary.problem import Problem
from .device import check_core
from .schema import KINDS, read_checked
from .yamlpos import YamlDoc

FOLDERS = {"device": "devices", "sensor": "sensors", "branch": "branches"}
STALE_AFTER = dt.timedelta(days=365)

Docs = dict[str, dict[str, YamlDoc]]


def _display(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.parent))
    except ValueError:
        return str(path)


def _ids_on_disk(folder: Path, kind: str) -> set[str]:
    """Ids of every file of a kind, valid or not: references to a broken entry
    are not reported again as unknown."""
    return {p.stem for p in (folder / FOLDERS[kind]).glob("*.y*ml")}


def _read_kind(folder: Path, kind: str, problems: list[Problem]) -> dict[str, YamlDoc]:
    docs: dict[str, YamlDoc] = {}
    files = sorted(
        [*(folder / FOLDERS[kind]).glob("*.yaml"), *(folder / FOLDERS[kind]).glob("*.yml")]
    )
    for path in files:
        shown = _display(path, folder)
        doc, found = read_checked(path, kind, folder, shown)
        problems.extend(found)
        if doc is None or not isinstance(doc.data, dict):
            continue
        schema_problems = found[len(doc.problems):]  # the reader's own come first
        entry_id = doc.data.get("id")
        if entry_id != path.stem:
            problems.append(
                Problem(
                    shown,
                    doc.line_of(("id",)),
                    f"id {entry_id!r} does not match the file name {path.name!r}",
                    fix=f"rename the file to {entry_id}.yaml, or set `id: {path.stem}`",
                )
            )
        if isinstance(entry_id, str) and entry_id in docs:  # an id may be any YAML value
            problems.append(
                Problem(
                    shown,
                    doc.line_of(("id",)),
                    f"duplicate {kind} id {entry_id!r}: {docs[entry_id].path} has it too",
                    fix="every id must be unique; rename one of the two files and its id",
                )
            )
            continue
        if isinstance(entry_id, str) and not any(
            p.path == shown and p.severity == "error" for p in schema_problems
        ):
            docs[entry_id] = doc
    return docs


def _sources(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (path, reference id) for every ``source:`` list inside ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, list):
                for i, ref in enumerate(value):
                    yield (*path, key, i), ref
            else:
                yield from _sources(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sources(value, (*path, i))


def _stale(doc: YamlDoc, key: tuple[Any, ...], value: str, today: dt.date) -> Problem | None:
    try:
        when = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None  # the schema already reported it
    if today - when > STALE_AFTER:
        return Problem(
            doc.path,
            doc.line_of(key),
            f"last verified on {value}, more than a year ago",
            fix="check the entry against its sources (or the shelf) and update `last_verified`",
            severity="warning",
        )
    return None


def _check_device(
    doc: YamlDoc, known: dict[str, set[str]], folder: Path, today: dt.date
) -> list[Problem]:
    data, out = doc.data, []
    for i, core in enumerate(data["cores"]):
        try:
            check_core(core["class"])
        except DeviceError as exc:
            out.append(Problem(doc.path, doc.line_of(("cores", i, "class")), exc.what, fix=exc.fix))
    ref_ids = [ref["id"] for ref in data["references"]]
    for i, ref_id in enumerate(ref_ids):
        if ref_id in ref_ids[:i]:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(("references", i, "id")),
                    f"reference id {ref_id!r} is used twice",
                    fix="give each reference its own id",
                )
            )
    for key, ref_id in _sources(data):
        if ref_id not in ref_ids:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(key),
                    f"source {ref_id!r} is not in `references`",
                    fix=f"add a reference with `id: {ref_id}` (title and url), or fix the id",
                )
            )
    for i, sensor in enumerate(data["sensors"]["value"]):
        if sensor not in known["sensor"]:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(("sensors", "value", i)),
                    f"unknown sensor {sensor!r}",
                    fix=f"add hardware_catalog/sensors/{sensor}.yaml, or use an existing id",
                )
            )
    image = data["image"]["file"]
    if not (folder / image).is_file():
        out.append(
            Problem(
                doc.path,
                doc.line_of(("image", "file")),
                f"image file {image!r} does not exist",
                fix=f"add the picture at hardware_catalog/{image}, or point to an existing one",
            )
        )
    if not data["references"]:
        out.append(
            Problem(
                doc.path,
                doc.line_of(("references",)),
                "the entry cites no sources",
                fix="add the datasheet or vendor page under `references`",
                severity="warning",
            )
        )
    stale = _stale(doc, ("last_verified",), data["last_verified"], today)
    return [*out, *([stale] if stale else [])]


def _check_branch(
    doc: YamlDoc, known: dict[str, set[str]], assets: dict[str, str], today: dt.date
) -> list[Problem]:
    import iso3166

    data, out = doc.data, []
    if data["country"] not in iso3166.countries_by_alpha2:
        out.append(
            Problem(
                doc.path,
                doc.line_of(("country",)),
                f"{data['country']!r} is not an ISO 3166-1 alpha-2 country code",
                fix="use the two-letter code of the country, e.g. GH for Ghana, IN for India",
            )
        )
    for i, item in enumerate(data["inventory"]):
        at = ("inventory", i)
        if item["device"] not in known["device"]:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of((*at, "device")),
                    f"unknown device {item['device']!r}",
                    fix=_unknown_device_fix(str(item["device"]), known["device"]),
                )
            )
        if item["asset"] in assets:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of((*at, "asset")),
                    f"asset id {item['asset']!r} is already used in {assets[item['asset']]}",
                    fix="asset ids are unique across all branches; use the tag on the box",
                )
            )
        assets.setdefault(item["asset"], str(doc.path))
        if item["status"] == "on-loan":
            for key, what in (
                ("due", "a due date (`due: YYYY-MM-DD`)"),
                ("request", "the request number (`request: 123`)"),
            ):
                if key not in item:
                    out.append(
                        Problem(
                            doc.path,
                            doc.line_of((*at, "status")),
                            f"asset {item['asset']} is on loan without {what.split(' (')[0]}",
                            fix=f"add {what}; nothing else about the borrower is recorded",
                        )
                    )
            overdue = _overdue(doc, at, item, today)
            if overdue and not data["example"]:  # sample loans would only add noise
                out.append(overdue)
        stale = _stale(doc, (*at, "last_verified"), item["last_verified"], today)
        if stale:
            out.append(stale)
    return out


def _overdue(
    doc: YamlDoc, at: tuple[Any, ...], item: dict[str, Any], today: dt.date
) -> Problem | None:
    try:
        due = dt.date.fromisoformat(item.get("due", ""))
    except (TypeError, ValueError):
        return None  # missing or malformed: reported as an error elsewhere
    if due >= today:
        return None
    return Problem(
        doc.path,
        doc.line_of((*at, "due")),
        f"asset {item['asset']} was due back on {item['due']}",
        fix=f"ask in request #{item.get('request', '?')} or, once it is back, set "
        "`status: available` and remove `due` and `request`",
        severity="warning",
    )


def inspect_catalogue(folder: Path, *, today: dt.date | None = None) -> tuple[Docs, list[Problem]]:
    """Read every catalogue file in ``folder``; return the valid ones and all problems.

    Only entries without errors are returned, so callers can build on them.

    Example:
        >>> from scaledown.hardware.location import catalogue_dir
        >>> docs, problems = inspect_catalogue(catalogue_dir())
        >>> sorted(docs)
        ['branch', 'device', 'sensor']
    """
    today = today or dt.date.today()
    problems: list[Problem] = []
    docs: Docs = {kind: _read_kind(folder, kind, problems) for kind in KINDS}
    assets: dict[str, str] = {}
    known = {kind: _ids_on_disk(folder, kind) for kind in KINDS}
    checked = {
        "device": lambda doc: _check_device(doc, known, folder, today),
        "branch": lambda doc: _check_branch(doc, known, assets, today),
    }
    for kind, check in checked.items():
        for entry_id, doc in list(docs[kind].items()):
            extra = check(doc)
            problems.extend(extra)
            if any(p.severity == "error" for p in extra):
                del docs[kind][entry_id]
    return docs, problems


def check_catalogue(root: Path, *, today: dt.date | None = None) -> list[Problem]:
    """The pipeline checker: problems in ``root/hardware_catalog`` and the borrow form.

    A project without a catalogue folder has nothing to check.

    Example:
        >>> import tempfile, pathlib
        >>> check_catalogue(pathlib.Path(tempfile.mkdtemp()))
        []
    """
    from .location import catalogue_dir

    folder = catalogue_dir(root)
    if not (folder / FOLDERS["device"]).is_dir():
        return []
    _, problems = inspect_catalogue(folder, today=today)
    from .borrow_form_text import check_borrow_form

    # Compare the form with the files, valid or not, so one broken entry is
    # reported once and not again as a form out of step.
    ids = {kind: _ids_on_disk(folder, kind) for kind in ("device", "branch")}
    problems.extend(check_borrow_form(Path(root), ids))
    from ..measurements.store import read_measurements

    problems.extend(read_measurements(folder)[1])
    from .deploy_guide import check_deploy

    problems.extend(check_deploy(folder))
    return problems


def _unknown_device_fix(device: str, known: Any) -> str:
    """The fix for an inventory item naming no catalogue device: the id it likely means.

    Example:
        >>> _unknown_device_fix("pico2", {"raspberry-pi-pico-2", "raspberry-pi-pico"})
        'did you mean raspberry-pi-pico-2? Otherwise add hardware_catalog/devices/pico2.yaml'
    """
    from .suggest import close_ids

    close = close_ids(device, {d: [] for d in known}, n=1)
    if close:
        return f"did you mean {close[0]}? Otherwise add hardware_catalog/devices/{device}.yaml"
    return f"add hardware_catalog/devices/{device}.yaml, or use an existing id"
