"""The page of one device and the page of one branch, as Markdown.

A device page shows the specifications with their sources, the toolchains,
the sensors, which branches hold the board and whether a copy is free (with a
"Borrow" button opening the pre-filled issue form, only for branches that
really lend: example branches get none), the tutorials that use it
and, when the FIT part is installed, the models that fit. A branch page shows
the branch, its lending policy and its inventory. Loans appear only as a due
date and a request number.

Example:
    >>> from scaledown.hardware.catalogue import load_catalogue
    >>> from scaledown.project import project_root
    >>> page = device_page(project_root(), load_catalogue(), "raspberry-pi-pico")
    >>> "## Specifications" in page and "No branch lends this board yet" in page
    True
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..hardware.catalogue import Catalogue
from .catalogue_exports import borrow_url
from .escape import markdown_code
from .hardware_text import TOOLCHAIN_LABELS, country_name, kib, md_text, md_url, plain_title
from .sources import Sources

_SUPPORT = {
    "official": "official",
    "community": "community",
    "unsupported": "not supported",
    "unknown": "unknown",
}


@functools.cache
def repo_url(root: Path) -> str | None:
    """``repo_url`` from the project's ``mkdocs.yml`` (None if absent).

    Example:
        >>> from scaledown.project import project_root
        >>> repo_url(project_root()).startswith("https://github.com/")
        True
    """
    try:
        from .siteconfig import read_site_config
    except ImportError:  # the site part is optional for the package
        return None
    return read_site_config(Path(root)).get("repo_url")


def _value(entry: dict[str, Any], show: Any = None) -> str:
    value = entry.get("value") if show is None else show
    if isinstance(value, list):
        text = ", ".join(md_text(v) for v in value) or "none"
    elif value is None:
        text = "unknown" if entry.get("unconfirmed") else "none"
    else:
        text = md_text(value)
    if entry.get("note"):
        text += f" ({md_text(entry['note'])})"
    return text


@functools.lru_cache(maxsize=32)
def _svg_title(path: Path) -> str | None:
    import re

    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    found = re.search(r"<title>([^<]+)</title>", head)
    return found.group(1).strip() if found else None


def image_alt(folder: Path, image: dict[str, Any], device_name: str) -> str:
    """Alt text that says what a device image shows.

    The entry's own ``alt`` first; else the drawing's SVG ``<title>`` (our
    generic drawings say what kind of board they stand for, and that they are
    not a photo); else "Photo of <device>".

    Example:
        >>> from scaledown.hardware.catalogue import load_catalogue
        >>> cat = load_catalogue()
        >>> image_alt(cat.folder, {"file": "images/mcu.svg"}, "Pico")
        'Microcontroller board (generic drawing, not a photo)'
        >>> image_alt(cat.folder, {"file": "images/pico.jpg", "alt": "The Pico, top side"}, "Pico")
        'The Pico, top side'
    """
    if image.get("alt"):
        return str(image["alt"])
    title = _svg_title(Path(folder) / image["file"]) if image["file"].endswith(".svg") else None
    return title or f"Photo of the {device_name}"


def _spec_rows(data: dict[str, Any], sources: Sources) -> list[tuple[str, str, str]]:
    rows = [("SoC", _value(data["soc"]), sources.cite(data["soc"]))]
    for core in data["cores"]:
        clock = core["clock_mhz"]
        speed = f"{clock['value']:g} MHz" if clock.get("value") is not None else "clock unknown"
        role = f", {md_text(core['role'])}" if core.get("role") else ""
        text = f"{core['count']} x {md_text(core['label'])} at {speed}{role}"
        if clock.get("note"):
            text += f" ({md_text(clock['note'])})"
        rows.append((f"Core ({markdown_code(core['class'])})", text, sources.cite(clock)))
    for key, label in (("sram_kb", "RAM"), ("flash_kb", "Flash / storage")):
        entry = data[key]
        shown = kib(entry["value"]) if entry.get("value") is not None else None
        rows.append((label, _value(entry, shown), sources.cite(entry)))
    for key, label in (
        ("external_memory", "External memory"),
        ("accelerator", "ML accelerator"),
        ("connectivity", "Connectivity"),
        ("power", "Power"),
    ):
        rows.append((label, _value(data[key]), sources.cite(data[key])))
    price = data["price"]
    shown = (
        f"about {price['usd']:g} USD ({md_text(price.get('date', ''))})"
        if price.get("usd")
        else ("unknown")
    )
    if price.get("note"):
        shown += f"; {md_text(price['note'])}"
    rows.append(("Price", shown, sources.cite(price)))
    return rows


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _holdings(root: Path, catalogue: Catalogue, device_id: str) -> str:
    per_branch: dict[str, dict[str, int]] = {}
    for branch_id, item in catalogue.holdings(device_id):
        counts = per_branch.setdefault(branch_id, {"available": 0, "on-loan": 0, "maintenance": 0})
        counts[item["status"]] += 1
    if not per_branch:
        return (
            "No branch holds this board yet. [Donate one](../donate.md) or "
            "[start a library](../start-a-library.md)."
        )
    rows = []
    for branch_id, counts in per_branch.items():
        branch = catalogue.branches[branch_id]
        tag = " *(example)*" if branch["example"] else ""
        lends = catalogue.lends(branch_id)
        link = borrow_url(repo_url(root), device_id, branch_id) if lends else None
        button = f"[Borrow]({md_url(link)}){{ .md-button }}" if link and counts["available"] else ""
        rows.append(
            (
                f"[{md_text(branch['name'])}](../branches/{branch_id}.md){tag}",
                f"{md_text(branch['city'])}, {md_text(country_name(branch['country']))}",
                str(counts["available"]),
                str(counts["on-loan"]),
                str(counts["maintenance"]),
                button,
            )
        )
    return _table(("Branch", "Where", "Available", "On loan", "In maintenance", ""), rows)


def _tutorials(root: Path, device_id: str) -> list[tuple[str, str]]:
    """(title, page) of the tutorials that declare this board in their metadata."""
    try:
        from ..tutorials.metadata import tutorial_sources
    except ImportError:  # the tutorials part is optional
        return []
    found = []
    for source in tutorial_sources(Path(root)):
        named, title, boards = tutorial_boards(source)
        if named and device_id in boards:
            found.append((title or named[0], named[0]))
    return found


def tutorial_boards(source: Path) -> tuple[tuple[str, int] | None, str, tuple[str, ...]]:
    """(slug and order, title, boards) a tutorial's header declares: what device pages show.

    Every device page asks every tutorial, and the catalogue's units key their pages on
    it: each header is read once per version of the file (size and modification time).

    Example:
        >>> named, title, boards = tutorial_boards(Path("tutorials/05-will-it-fit.py"))
        >>> named, bool(title), isinstance(boards, tuple)
        (('will-it-fit', 5), True, True)
    """
    info = source.stat()
    return _tutorial_boards(str(source), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _tutorial_boards(path: str, size: int, mtime_ns: int) -> tuple[tuple | None, str, tuple]:
    from ..tutorials.metadata import parse_header, slug_and_order

    source = Path(path)
    meta = parse_header(source.read_text(encoding="utf-8"), source).meta
    boards = meta.get("boards") or []
    title = meta.get("title")
    return (slug_and_order(source), str(title) if title else "",
            tuple(b for b in boards if isinstance(b, str)) if isinstance(boards, list) else ())


def _sensor_line(sensor: dict[str, Any]) -> str:
    link = f"[{md_text(sensor['name'])}]({md_url(sensor['datasheet']['url'])})"
    measures = md_text(", ".join(sensor["measures"]))
    unchecked = " (link not checked yet)" if sensor["datasheet"].get("unconfirmed") else ""
    return f"- {link}{unchecked} ({md_text(sensor['vendor'])}): {measures}"


def _fit_section(root: Path, device_id: str) -> str:
    try:
        from .fit_pages import device_fit_section
    except ImportError:  # the fit matrix is optional; the page stands without it
        return ""
    return device_fit_section(root, device_id)


def _deploy(catalogue: Catalogue, device_id: str) -> str:
    from .deploy_pages import deploy_section

    return deploy_section(catalogue.folder, device_id, catalogue.device_data[device_id])


def _measured(catalogue: Catalogue, device_id: str) -> str:
    from .measured_pages import measured_section

    return measured_section(catalogue.folder, device_id)


def device_page(root: Path, catalogue: Catalogue, device_id: str) -> str:
    """The Markdown page of one device.

    Example:
        >>> from scaledown.hardware.catalogue import load_catalogue
        >>> page = device_page(Path("."), load_catalogue(), "intel-ncs2")
        >>> "legacy" in page and "unconfirmed" in page
        True
    """
    data = catalogue.device_data[device_id]
    sources = Sources(data["references"])
    specs = _table(("", "Value", "Sources"), _spec_rows(data, sources))
    tools = _table(
        ("Toolchain", "Support", "Sources"),
        [
            (
                TOOLCHAIN_LABELS[t],
                _SUPPORT[e["support"]] + (f" ({md_text(e['note'])})" if e.get("note") else ""),
                sources.cite(e),
            )
            for t, e in data["toolchains"].items()
        ],
    )
    sensors = data["sensors"]
    sensor_lines = [_sensor_line(catalogue.sensors[s]) for s in sensors["value"]]
    if sensors.get("note"):
        sensor_lines.append(f"- {md_text(sensors['note'])}")
    sensor_text = "\n".join(sensor_lines) or "No sensors on the board."
    cited = sources.cite(sensors)
    sensor_cite = f"Sources: {cited}" if cited else ""
    tutorials = _tutorials(root, device_id)
    tutorial_text = (
        "\n".join(
            f"- [{md_text(title)}](../../learn/tutorials/{slug}.md)" for title, slug in tutorials
        )
        or "No tutorial declares this board yet."
    )
    image = data["image"]
    alt = md_text(image_alt(catalogue.folder, image, data["name"]))
    lenders = [b for b, _ in catalogue.holdings(device_id) if catalogue.lends(b)]
    general = borrow_url(repo_url(root), device_id) if lenders else None
    borrow = (
        f"[Ask to borrow it]({md_url(general)}){{ .md-button .md-button--primary }}\n\n"
        if general
        else "No branch lends this board yet: the branches listed below are examples "
        "that show how the library works. [Start a library](../start-a-library.md) "
        "or [donate a board](../donate.md).\n\n"
    )
    fit = _fit_section(root, device_id)
    notes = f"\n{md_text(data['notes'])}\n" if data.get("notes") else ""
    return f"""---
title: {plain_title(data["name"])}
---

# {md_text(data["name"])}

![{alt}]({md_url("../" + image["file"])}){{ .sd-hw-image width="240" }}

**{md_text(data["vendor"])}** · {md_text(data["category"])} · {md_text(data["lifecycle"])}

{md_text(data.get("summary", ""))}
{notes}
{borrow}## Specifications

{specs}

## Toolchains

{tools}

## Sensors on the board

{sensor_text}

{sensor_cite}

## Where to borrow it

{_holdings(root, catalogue, device_id)}

## Tutorials that use it

{tutorial_text}

{fit}

{_deploy(catalogue, device_id)}

{_measured(catalogue, device_id)}

## Sources

{sources.listing()}

Figures marked *unconfirmed* have no source yet; a correction with a datasheet
link is welcome. Last verified: {md_text(data["last_verified"])}. Image:
{md_text(image["credit"])}, licence {md_text(image["licence"])}.
"""


def branch_page(root: Path, catalogue: Catalogue, branch_id: str) -> str:
    """The Markdown page of one branch.

    Example:
        >>> from scaledown.hardware.catalogue import load_catalogue
        >>> page = branch_page(Path("."), load_catalogue(), "example-nairobi-school")
        >>> "Example branch" in page and "request #31" in page
        True
    """
    b = catalogue.branches[branch_id]
    repo = repo_url(root)
    example = (
        '!!! warning "Example branch"\n\n    This branch is an example: it shows how a branch '
        "page looks and lends nothing.\n"
        if b["example"]
        else ""
    )
    where = b.get("coordinates")
    place = (
        f"[{where['lat']:g}, {where['lon']:g}](https://www.openstreetmap.org/?mlat="
        f"{where['lat']}&mlon={where['lon']}#map=12/{where['lat']}/{where['lon']})"
        if where
        else "not given"
    )
    people = ", ".join(
        f"[@{md_text(h)}](https://github.com/{md_text(h)})" for h in b["maintainers"]
    )
    policy = b["policy"]
    deposit = (
        f"{policy['deposit']['amount']:g} {md_text(policy['deposit']['currency'])}"
        if policy["deposit"]
        else "none"
    )
    rows = []
    for item in b["inventory"]:
        device = catalogue.devices[item["device"]]
        status = item["status"].replace("-", " ")
        if item["status"] == "on-loan":
            request = f"request #{item['request']}"
            if repo and repo.startswith("https://github.com/"):
                request = f"[{request}]({md_url(repo.rstrip('/'))}/issues/{item['request']})"
            status += f" until {md_text(item['due'])} ({request})"
        link = borrow_url(repo, item["device"], branch_id) if catalogue.lends(branch_id) else None
        button = f"[Borrow]({md_url(link)})" if link and item["status"] == "available" else ""
        rows.append(
            (
                md_text(item["asset"]),
                f"[{md_text(device.name)}](../devices/{item['device']}.md)",
                md_text(", ".join(item["kit"])) or "board only",
                md_text(item["condition"]),
                status,
                md_text(item["last_verified"]),
                button,
            )
        )
    inventory = _table(("Asset", "Device", "Kit", "Condition", "Status", "Verified", ""), rows)
    notes = f"\n{md_text(b['notes'])}\n" if b.get("notes") else ""
    return f"""---
title: {plain_title(b["name"])}
---

# {md_text(b["name"])}

{example}
| About the branch | |
|---|---|
| Kind | {md_text(b["kind"].replace("-", " "))} |
| City | {md_text(b["city"])}, {md_text(country_name(b["country"]))} ({md_text(b["country"])}) |
| Location | {place} |
| Volunteers | {people} |
| Contact | {md_text(b["contact"])} |
{notes}
## Lending policy

- Loan period: {policy["loan_days"]} days
- Items per borrower: {policy["items_per_borrower"]}
- Deposit: {deposit}
- Pickup or post: {md_text(", ".join(policy["delivery"]))}

Borrowing means accepting the [borrower agreement](../borrower-agreement.md).

## Inventory

{inventory}

The catalogue records no borrower: a loan is its request number and due date.
Machine-readable: [availability/{branch_id}.json](../availability/{branch_id}.json).
"""
