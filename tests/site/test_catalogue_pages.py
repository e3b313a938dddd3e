"""The hardware section of the site: pages, escaping, borrow links and open data."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest

from scaledown.site.catalogue_pages import generate
from scaledown.site.pipeline import GENERATORS

MD_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "meta"]


def render(page: str) -> str:
    return markdown.Markdown(extensions=MD_EXTENSIONS).convert(page)


@pytest.fixture(scope="module")
def site_files(tmp_path_factory):
    from hw_testkit import CatalogueCopy

    copy = CatalogueCopy(tmp_path_factory.mktemp("hw"))
    return copy, {f.path: f.content for f in generate(copy.root)}


@pytest.fixture(scope="module")
def lending_files(tmp_path_factory):
    """The catalogue with the Accra branch turned into a real, lending branch."""
    from hw_testkit import CatalogueCopy

    copy = CatalogueCopy(tmp_path_factory.mktemp("hw-lending"))
    copy.replace("branches/example-accra-makerspace.yaml", "example: true", "example: false")
    return copy, {f.path: f.content for f in generate(copy.root)}


def _borrow_links(html: str) -> list:
    return [
        urlsplit(h.replace("&amp;", "&"))
        for h in (part.split('"')[0] for part in html.split('href="')[1:])
        if "issues/new" in h
    ]


def test_generator_is_registered() -> None:
    assert GENERATORS["catalogue"] == "scaledown.site.catalogue_pages:generate"


def test_every_page_and_export_is_generated(site_files) -> None:
    copy, files = site_files
    devices = sorted(p.stem for p in copy.path("devices").glob("*.yaml"))
    branches = sorted(p.stem for p in copy.path("branches").glob("*.yaml"))
    for device in devices:
        assert f"hardware/devices/{device}.md" in files
    for branch in branches:
        assert f"hardware/branches/{branch}.md" in files
        assert f"hardware/availability/{branch}.json" in files
    for path in [
        "hardware/index.md",
        "hardware/countries.md",
        "hardware/hardware.json",
        "hardware/branches.geojson",
        "hardware/catalogue.js",
        "hardware/catalogue.css",
        "hardware/images/mcu.svg",
    ]:
        assert path in files, path


def test_index_rows_carry_the_filter_data(site_files) -> None:
    html = render(site_files[1]["hardware/index.md"])
    assert 'id="sd-hw-filters"' in html and '<script src="catalogue.js">' in html
    assert 'href="devices/raspberry-pi-pico.md"' in html  # Markdown links inside the table
    row = html[html.index('data-id="raspberry-pi-pico"') - 200 :]
    row = row[row.index("<tr") : row.index(">", row.index("<tr"))]
    assert 'data-category="mcu"' in row and 'data-sram="264"' in row
    assert 'data-flash="2048"' in row and "tflite-micro" in row
    # example branches lend nothing, so no board is "available" anywhere
    assert 'data-countries=""' in row and "<option value=\"GH\">" not in html
    assert "Example branches only" in html


def test_availability_counts_only_lending_branches(lending_files) -> None:
    html = render(lending_files[1]["hardware/index.md"])
    row = html[html.index('data-id="raspberry-pi-pico"') - 200 :]
    row = row[row.index("<tr") : row.index(">", row.index("<tr"))]
    assert 'data-countries="GH"' in row  # Accra lends; the Nairobi example does not count
    assert '<option value="GH">Ghana (GH)</option>' in html
    assert "Example branches only" not in html


def test_no_button_files_a_request_against_an_example_branch(site_files) -> None:
    files = site_files[1]
    for path, page in files.items():
        if path.startswith(("hardware/devices/", "hardware/branches/")):
            assert _borrow_links(render(page)) == [], path
    page = files["hardware/devices/arduino-nano-33-ble-sense-rev2.md"]
    assert "No branch lends this board yet" in page and "start-a-library.md" in page
    assert "*(example)*" in page
    assert "an example that lends nothing" in files["hardware/countries.md"]


def test_device_page_has_sources_holdings_and_borrow_links(lending_files) -> None:
    page = lending_files[1]["hardware/devices/arduino-nano-33-ble-sense-rev2.md"]
    html = render(page)
    assert "## Specifications" in page and "## Sources" in page
    assert "tech-specs.yml" in html and "256 KiB" in html
    assert "No branch lends this board yet" not in page
    links = _borrow_links(html)
    branch_links = [parse_qs(u.query) for u in links if "branch" in parse_qs(u.query)]
    assert (
        links[0].netloc == "github.com" and links[0].path == "/example-org/example-repo/issues/new"
    )
    assert branch_links[0]["template"] == ["borrow.yml"]
    assert branch_links[0]["device"] == ["arduino-nano-33-ble-sense-rev2"]
    assert branch_links[0]["branch"] == ["example-accra-makerspace"]


def test_unconfirmed_figures_are_marked_on_the_page(site_files) -> None:
    page = site_files[1]["hardware/devices/himax-we-i-plus-evb.md"]
    ram = next(line for line in page.splitlines() if line.startswith("| RAM |"))
    assert "unconfirmed" in ram


def test_branch_page_is_marked_as_example_and_names_no_borrower(site_files) -> None:
    page = site_files[1]["hardware/branches/example-accra-makerspace.md"]
    assert '!!! warning "Example branch"' in page
    assert "until 2026-12-15" in page and "request #12" in page


def test_catalogue_text_is_escaped(catalogue_copy) -> None:
    evil = "<script>alert(1)</script>"
    catalogue_copy.replace(
        "devices/raspberry-pi-pico.yaml", "name: Raspberry Pi Pico", f"name: '{evil} | *Pico*'"
    )
    catalogue_copy.replace(
        "branches/example-accra-makerspace.yaml", "city: Accra", f"city: '{evil}'"
    )
    files = {f.path: f.content for f in generate(catalogue_copy.root)}
    for path in [
        "hardware/index.md",
        "hardware/devices/raspberry-pi-pico.md",
        "hardware/branches/example-accra-makerspace.md",
        "hardware/countries.md",
    ]:
        html = render(files[path])
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert" in html, path
    title = files["hardware/devices/raspberry-pi-pico.md"].split("\n")[1]
    assert "<" not in title and ">" not in title
    # JSON exports keep the text as data, not markup
    data = json.loads(files["hardware/hardware.json"])
    assert any(d["name"].startswith(evil) for d in data["devices"])


def test_exports_are_valid_open_data(site_files) -> None:
    files = site_files[1]
    whole = json.loads(files["hardware/hardware.json"])
    assert len(whole["devices"]) >= 20 and len(whole["branches"]) == 3
    geo = json.loads(files["hardware/branches.geojson"])
    accra = next(f for f in geo["features"] if f["properties"]["id"] == "example-accra-makerspace")
    assert accra["geometry"]["coordinates"] == [-0.19, 5.6]  # GeoJSON order: lon, lat
    assert accra["properties"]["example"] is True
    availability = json.loads(files["hardware/availability/example-accra-makerspace.json"])
    assert availability["devices"]["arduino-nano-33-ble-sense-rev2"] == {
        "available": 1,
        "on-loan": 1,
        "maintenance": 0,
    }

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    exported = set(keys(whole)) | set(keys(availability))
    assert not exported & {"borrower", "borrower_name", "email", "phone", "address"}


def test_countries_page_groups_branches(site_files) -> None:
    page = site_files[1]["hardware/countries.md"]
    assert page.index("## Ghana (GH)") < page.index("## India (IN)") < page.index("## Kenya (KE)")


def test_device_images_say_what_they_show(site_files) -> None:
    import html as html_lib
    import re

    for path, page in site_files[1].items():
        if path.startswith("hardware/devices/"):
            alts = re.findall(r'<img alt="([^"]*)"', render(page))
            assert alts, path
            for alt in map(html_lib.unescape, alts):
                assert "images/" not in alt and not alt.endswith(".svg"), (path, alt)
                assert "generic drawing, not a photo" in alt, (path, alt)
