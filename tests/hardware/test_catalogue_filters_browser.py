"""The catalogue filters in a real browser, from plain files as on a static host.

The generated index page is rendered with Python-Markdown (the extensions the
site uses) into a standalone HTML file beside ``catalogue.js`` and opened from
``file://`` in Debian's Chromium driven by Playwright: no server, no network.
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from scaledown.site.catalogue_pages import generate

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail("Chromium is missing at /usr/bin/chromium (run `make browser`)")
        pytest.skip("Chromium not installed at /usr/bin/chromium (run `make browser` as root)")
    from hw_testkit import CatalogueCopy
    from playwright.sync_api import sync_playwright

    copy = CatalogueCopy(tmp_path_factory.mktemp("hw"))
    # the country filter lists only lending branches: let the sample branches lend here
    for branch in copy.path("branches").glob("*.yaml"):
        copy.replace(f"branches/{branch.name}", "example: true", "example: false")
    files = {f.path: f.content for f in generate(copy.root)}
    out = tmp_path_factory.mktemp("static")
    body = markdown.Markdown(
        extensions=["tables", "attr_list", "md_in_html", "admonition", "meta"]
    ).convert(files["hardware/index.md"])
    (out / "index.html").write_text(
        f"<!doctype html><meta charset=utf-8><body>{body}</body>", encoding="utf-8"
    )
    (out / "catalogue.js").write_text(files["hardware/catalogue.js"], encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto((out / "index.html").as_uri())
        yield tab, errors
        browser.close()


def visible(tab) -> list[str]:
    return tab.eval_on_selector_all(
        "tr.sd-hw-device", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)"
    )


def test_filters_show_without_errors_and_start_with_everything(page) -> None:
    tab, errors = page
    assert errors == []
    assert tab.is_visible("#sd-hw-filters")
    total = tab.locator("tr.sd-hw-device").count()
    assert total >= 20 and len(visible(tab)) == total
    assert tab.inner_text("#sd-hw-count") == f"{total} of {total} devices match"


def test_category_toolchain_ram_and_country_filters(page) -> None:
    tab, _ = page
    tab.select_option("select[name=category]", "accelerator")
    assert sorted(visible(tab)) == ["coral-usb-accelerator", "intel-ncs2"]
    tab.click("button[type=reset]")
    tab.select_option("select[name=toolchain]", "tflite-micro")
    tab.select_option("select[name=ram_max]", "256")
    shown = visible(tab)
    assert "arduino-nano-33-ble-sense-rev2" in shown and "sparkfun-edge" not in shown  # 384 KiB
    assert "raspberry-pi-4b" not in shown
    tab.click("button[type=reset]")
    tab.select_option("select[name=country]", "KE")
    assert visible(tab) == ["raspberry-pi-pico"]  # the Pi 4 in Nairobi is on loan
    assert "country=KE" in tab.url
    tab.click("button[type=reset]")
    tab.select_option("select[name=flash_min]", "8192")  # 8 MiB; unknown sizes never match
    assert sorted(visible(tab)) == [
        "coral-dev-board-micro",
        "seeed-xiao-esp32s3-sense",
        "sony-spresense",
    ]
