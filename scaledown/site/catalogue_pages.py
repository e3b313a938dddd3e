"""Turn ``hardware_catalog/`` into the site's "Hardware library" section.

Generates ``hardware/index.md`` (every device in a table the reader filters by
category, toolchain, RAM, flash and country, in the browser), one page per
device and per branch (:mod:`scaledown.site.entry_pages`), ``hardware/countries.md``,
the open-data exports of :mod:`scaledown.site.catalogue_exports`, the images, and the
small script and stylesheet the index needs, served from the site itself.

Every piece of catalogue text goes through
:func:`scaledown.site.hardware_text.md_text`, so a device named ``<script>`` shows
as text and never becomes markup.

Registered in :data:`scaledown.site.pipeline.GENERATORS` as ``"catalogue"``.

Example:
    >>> files = {f.path: f for f in generate(project_root())}
    >>> "hardware/devices/raspberry-pi-pico.md" in files and "hardware/hardware.json" in files
    True
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import ScaleDownError
from ..hardware.catalogue import Catalogue, load_catalogue
from ..hardware.device import CATEGORIES, TOOLCHAINS
from ..hardware.location import catalogue_dir
from ..project import project_root
from ..vocabulary.generated import GeneratedFile
from ..vocabulary.unit import Unit
from .catalogue_exports import availability_json, branches_geojson, catalogue_json
from .escape import html_attr, html_text
from .hardware_text import CATEGORY_LABELS, TOOLCHAIN_LABELS, country_name, kib, md_text
from .inputs import data_key

WEB = Path(__file__).resolve().parents[1] / "hardware" / "web"
# (label, KiB) choices for the RAM and flash range filters
SIZE_STEPS = [
    ("32 KiB", 32),
    ("128 KiB", 128),
    ("256 KiB", 256),
    ("512 KiB", 512),
    ("1 MiB", 1024),
    ("2 MiB", 2048),
    ("8 MiB", 8192),
    ("1 GiB", 1048576),
]


def available_countries(catalogue: Catalogue) -> dict[str, set[str]]:
    """Device id -> countries of the lending branches with a copy available now.

    Example branches lend nothing, so they count nowhere.

    Example:
        >>> cat = load_catalogue()
        >>> dict(available_countries(cat))  # every branch in the repository is an example
        {}
    """
    where: dict[str, set[str]] = defaultdict(set)
    for branch_id, branch in catalogue.branches.items():
        if not catalogue.lends(branch_id):
            continue
        for item in branch["inventory"]:
            if item["status"] == "available":
                where[item["device"]].add(branch["country"])
    return where


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    choices = "".join(
        f'<option value="{html_attr(value)}">{html_text(text)}</option>'
        for value, text in options
    )
    return (
        f'<label>{html_text(label)}<select name="{name}">'
        f'<option value="">any</option>{choices}</select></label>'
    )


def _filters(countries: list[str]) -> str:
    sizes = [(str(v), text) for text, v in SIZE_STEPS]
    parts = [
        _select("category", "Category", [(c, CATEGORY_LABELS[c]) for c in CATEGORIES]),
        _select("toolchain", "Runs with", [(t, TOOLCHAIN_LABELS[t]) for t in TOOLCHAINS]),
        _select("ram_min", "RAM at least", sizes),
        _select("ram_max", "RAM at most", sizes),
        _select("flash_min", "Flash at least", sizes),
        _select("flash_max", "Flash at most", sizes),
        _select("country", "Available in", [(c, f"{country_name(c)} ({c})") for c in countries]),
        '<button type="reset">Clear filters</button>',
    ]
    return f'<form id="sd-hw-filters" class="sd-hw-filters" hidden>\n{"".join(parts)}\n</form>'


def _attr(value: Any) -> str:
    return html_attr(
        "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    )


def _row(catalogue: Catalogue, device_id: str, countries: set[str]) -> str:
    device = catalogue.devices[device_id]
    data = catalogue.device_data[device_id]
    main = data["cores"][0]
    core = f"{md_text(main['label'])}" + (
        f" @ {device.clock_mhz:g} MHz" if device.clock_mhz is not None else ""
    )
    tools = sorted(t for t in TOOLCHAINS if device.supports(t))
    where = ", ".join(sorted(countries)) or "none yet"
    attrs = (
        f'class="sd-hw-device" data-id="{html_attr(device_id)}" '
        f'data-category="{html_attr(device.category)}" data-toolchains="{" ".join(tools)}" '
        f'data-sram="{_attr(device.sram_kb)}" data-flash="{_attr(device.flash_kb)}" '
        f'data-countries="{" ".join(sorted(countries))}"'
    )
    cells = [
        f"[{md_text(device.name)}](devices/{device_id}.md)",
        md_text(CATEGORY_LABELS[device.category]),
        core,
        kib(device.sram_kb),
        kib(device.flash_kb),
        ", ".join(TOOLCHAIN_LABELS[t] for t in tools) or "none confirmed",
        where,
    ]
    tds = "".join(f'<td markdown="span">{cell}</td>' for cell in cells)
    return f'<tr {attrs} markdown="1">{tds}</tr>'


def index_page(catalogue: Catalogue) -> str:
    """The catalogue page: guides, the filter form and the table of every device.

    Example:
        >>> page = index_page(load_catalogue())
        >>> 'id="sd-hw-filters"' in page and 'data-id="raspberry-pi-pico"' in page
        True
    """
    where = available_countries(catalogue)
    countries = sorted(set().union(*where.values())) if where else []
    rows = "\n".join(_row(catalogue, i, where.get(i, set())) for i in catalogue.devices)
    heads = "".join(
        f"<th>{h}</th>"
        for h in ("Device", "Category", "Main core", "RAM", "Flash", "Runs with", "Available in")
    )
    examples = all(b["example"] for b in catalogue.branches.values())
    note = (
        '!!! warning "Example branches only"\n\n'
        "    Every branch listed today is an **example** that shows how the library works;\n"
        "    none of them lends anything yet. "
        "[Start a library in your city](start-a-library.md)!\n\n"
        if examples
        else ""
    )
    return f"""---
title: Hardware library
---

<link rel="stylesheet" href="catalogue.css">

# Hardware library

ScaleDown lends boards and sensors to learners for free, through volunteer
branches in cities, schools and universities. Every board below is described
with sourced specifications; figures no source confirms are marked
*unconfirmed*.

[How borrowing works](borrow.md){{ .md-button .md-button--primary }}
[Donate hardware](donate.md){{ .md-button }}
[Start a library in your city](start-a-library.md){{ .md-button }}

Also: [the borrower agreement](borrower-agreement.md), [questions and
answers](faq.md), and [branches by country](countries.md).

{note}## Boards and accelerators

The filters need JavaScript; without it the whole table is shown.

{_filters(countries)}

<p id="sd-hw-count" aria-live="polite"></p>

<table id="sd-hw-table" markdown="1">
<thead><tr>{heads}</tr></thead>
<tbody markdown="1">
{rows}
</tbody>
</table>

## Open data

The catalogue is open data, rebuilt with the site:
[hardware.json](hardware.json) (everything),
[branches.geojson](branches.geojson) (branches on a map), and one
availability file per branch, e.g. `availability/<branch-id>.json`.

<script src="catalogue.js"></script>
"""


def countries_page(catalogue: Catalogue) -> str:
    """Branches grouped by country, with how many copies each has available.

    Example:
        >>> "## Ghana (GH)" in countries_page(load_catalogue())
        True
    """
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for branch in catalogue.branches.values():
        by_country[branch["country"]].append(branch)
    parts = [
        "# Branches by country\n",
        f"{len(catalogue.branches)} branch(es) in {len(by_country)} country(ies).\n",
    ]
    for code in sorted(by_country, key=country_name):
        parts.append(f"## {md_text(country_name(code))} ({md_text(code)})\n")
        for branch in by_country[code]:
            free = sum(item["status"] == "available" for item in branch["inventory"])
            lending = (f"{free} item(s) available" if catalogue.lends(branch["id"])
                       else "an example that lends nothing")
            tag = " *(example)*" if branch["example"] else ""
            parts.append(
                f"- [{md_text(branch['name'])}](branches/{branch['id']}.md){tag}: "
                f"{md_text(branch['kind'].replace('-', ' '))} in {md_text(branch['city'])}, "
                f"{lending}\n"
            )
        parts.append("")
    return "\n".join(parts)


def generate(root: Path) -> list[GeneratedFile]:
    """Every page and data file of the hardware section (nothing without a catalogue).

    Example:
        >>> import tempfile
        >>> generate(Path(tempfile.mkdtemp()))
        []
    """
    from .entry_pages import branch_page, device_page

    folder = catalogue_dir(root)
    if not (folder / "devices").is_dir():
        return []
    catalogue = load_catalogue(folder)
    files = [
        GeneratedFile("hardware/index.md", index_page(catalogue)),
        GeneratedFile("hardware/countries.md", countries_page(catalogue)),
        GeneratedFile("hardware/hardware.json", catalogue_json(catalogue)),
        GeneratedFile("hardware/branches.geojson", branches_geojson(catalogue)),
        GeneratedFile("hardware/catalogue.js", (WEB / "catalogue.js").read_text(encoding="utf-8")),
        GeneratedFile(
            "hardware/catalogue.css", (WEB / "catalogue.css").read_text(encoding="utf-8")
        ),
    ]
    for device_id in catalogue.devices:
        files.append(
            GeneratedFile(
                f"hardware/devices/{device_id}.md", device_page(root, catalogue, device_id)
            )
        )
    for branch_id, branch in catalogue.branches.items():
        files.append(
            GeneratedFile(
                f"hardware/branches/{branch_id}.md", branch_page(root, catalogue, branch_id)
            )
        )
        files.append(
            GeneratedFile(f"hardware/availability/{branch_id}.json", availability_json(branch))
        )
    images = {data["image"]["file"] for data in catalogue.device_data.values()}
    for image in sorted(images):
        files.append(GeneratedFile(f"hardware/{image}", (folder / image).read_bytes()))
    return files


# Files besides an entry's own data that every device page reads: the deploy guides,
# the measurement records, the models of the fit section, the repository address.
DEVICE_PAGE_INPUTS = ("hardware_catalog/deploy", "hardware_catalog/measurements",
                      ".scaledown-cache/tutorial-models", "scaledown/datasets/mlperf_tiny",
                      "mkdocs.yml")


def units(root: Path) -> list[Unit]:
    """The hardware section as incremental units, each with the entries it shows.

    One unit per device page (its entry, its sensors, the branches holding it),
    one per branch (its entry, the devices it holds: page and availability file),
    the index and ``hardware.json`` (every device and branch), the countries page
    and map (every branch), and the static files. Changing one device then
    regenerates only its page, its branches' pages, the index and the open data.

    Example:
        >>> names = [u.name for u in units(project_root())]
        >>> "catalogue:device:raspberry-pi-pico" in names and "catalogue:index" in names
        True
    """
    from .entry_pages import branch_page, device_page

    root = Path(root)
    folder = catalogue_dir(root)
    if not (folder / "devices").is_dir():
        return []
    catalogue = load_catalogue(folder)
    rel = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    everything = data_key(catalogue.device_data, catalogue.branches, catalogue.sensors)
    found = [
        Unit("catalogue:index", lambda: [
            GeneratedFile("hardware/index.md", index_page(catalogue)),
            GeneratedFile("hardware/hardware.json", catalogue_json(catalogue))],
            key=everything),
        Unit("catalogue:countries", lambda: [
            GeneratedFile("hardware/countries.md", countries_page(catalogue)),
            GeneratedFile("hardware/branches.geojson", branches_geojson(catalogue))],
            key=data_key(catalogue.branches)),
    ]
    images = sorted({data["image"]["file"] for data in catalogue.device_data.values()})

    def assets() -> list[GeneratedFile]:
        files = [GeneratedFile(f"hardware/{name}", (WEB / name).read_text(encoding="utf-8"))
                 for name in ("catalogue.js", "catalogue.css")]
        return files + [GeneratedFile(f"hardware/{image}", (folder / image).read_bytes())
                        for image in images]

    found.append(Unit("catalogue:assets", assets,
                      inputs=tuple(f"{rel}/{image}" for image in images)))
    tutorials = _tutorial_boards(root)
    ahead = functools.partial(_start_fit_analyses, root)
    for device_id in catalogue.devices:
        data = catalogue.device_data[device_id]
        held = [(b, catalogue.branches[b], item) for b, item in catalogue.holdings(device_id)]
        found.append(Unit(
            f"catalogue:device:{device_id}",
            lambda d=device_id: [GeneratedFile(f"hardware/devices/{d}.md",
                                               device_page(root, catalogue, d))],
            inputs=(*DEVICE_PAGE_INPUTS, f"{rel}/{data['image']['file']}"),
            key=data_key(data, catalogue.sensors, held, tutorials), ahead=ahead))
    for branch_id, branch in catalogue.branches.items():
        devices = {item["device"]: catalogue.device_data.get(item["device"])
                   for item in branch.get("inventory", [])}
        found.append(Unit(
            f"catalogue:branch:{branch_id}",
            lambda b=branch_id, data=branch: [
                GeneratedFile(f"hardware/branches/{b}.md", branch_page(root, catalogue, b)),
                GeneratedFile(f"hardware/availability/{b}.json", availability_json(data))],
            inputs=("mkdocs.yml",), key=data_key(branch, devices)))
    return found


def _start_fit_analyses(root: Path) -> None:
    """Start measuring the models of the device pages' fit section (in the background)."""
    try:
        from .fit_pages import start_analyses
    except ImportError:  # the fit section is optional; the pages stand without it
        return
    start_analyses(root)


def _tutorial_boards(root: Path) -> list:
    """(file, title, boards) of each tutorial: what a device page's tutorial list shows."""
    try:
        from ..tutorials.metadata import tutorial_sources
    except ImportError:
        return []
    from .entry_pages import tutorial_boards

    found = []
    try:
        found.extend(tutorial_boards(source) for source in tutorial_sources(Path(root)))
    except (OSError, ScaleDownError) as exc:  # the tutorials' own check reports it
        found.append(str(exc))
    return found


if __name__ == "__main__":  # pragma: no cover - print the page list while writing content
    for generated in generate(project_root()):
        print(generated.path)
