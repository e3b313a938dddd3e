"""The offline zip: unzipped and opened from disk (file://), every link and search work.

The zip is what ``make offline`` and the deploy workflow publish
(:mod:`scaledown.site.offline`), built from this repository.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scaledown.site.offline import TOP_FOLDER

pytestmark = pytest.mark.e2e


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag in {"script", "img"} and values.get("src"):
            self.loads.append(values["src"] or "")
        rels = set((values.get("rel") or "").split())
        if tag == "link" and rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.loads.append(values.get("href") or "")


def test_zip_holds_one_folder_with_the_site_and_its_search(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    assert {n.split("/", 1)[0] for n in names} == {TOP_FOLDER}
    for needed in ("index.html", "search/search_index.js", "assets/javascripts/iframe-worker.js",
                   "hardware/devices/raspberry-pi-pico.html", "about.html"):
        assert f"{TOP_FOLDER}/{needed}" in names, needed


def test_every_link_opens_a_file_not_a_folder(offline_site: Path) -> None:
    broken = {}
    for page in offline_site.rglob("*.html"):
        if page.name == "404.html":  # served by a web server for missing addresses only
            continue
        parser = _Anchors()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for href in parser.hrefs + parser.loads:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//")) or not parts.path:
                continue
            if not (page.parent / unquote(parts.path)).is_file():
                broken.setdefault(href, page.relative_to(offline_site).as_posix())
    assert broken == {}


def test_offline_pages_load_nothing_from_other_hosts(offline_site: Path) -> None:
    outside = set()
    for page in offline_site.rglob("*.html"):
        parser = _Anchors()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        outside |= {u for u in parser.loads if u.startswith(("http:", "https:", "//"))}
    assert outside == set()


@pytest.fixture(scope="module")
def disk_page(chromium) -> Iterator[object]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.seen = []
    page.problems = []
    page.on("request", lambda request: page.seen.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    # Nothing but the files on disk (and inline data) may be fetched.
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("file:", "data:", "blob:", "about:"))
                  else route.abort())
    yield page
    context.close()


def _open(page, link) -> str:
    link.click()
    page.wait_for_load_state("load")
    path = urlsplit(page.url).path  # a search result adds ?h=<words> to highlight them
    assert page.url.startswith("file://") and path.endswith(".html"), page.url
    assert page.locator("article h1").count() >= 1, f"no page at {page.url}"
    return page.url


def test_reader_navigates_three_levels_and_searches_from_disk(disk_page,
                                                              offline_site: Path) -> None:
    page = disk_page
    page.goto((offline_site / "index.html").as_uri())
    assert page.locator("article h1").first.inner_text().startswith("ScaleDown")
    assert "You are reading the offline copy" in page.locator("article").inner_text()
    # home -> Hardware library -> a board -> a branch that lends it
    _open(page, page.locator(".md-tabs__link", has_text="Hardware library"))
    _open(page, page.locator("article a", has_text="Raspberry Pi Pico").first)
    assert page.url.endswith("/hardware/devices/raspberry-pi-pico.html")
    _open(page, page.locator("article a[href*='branches/']").first)
    assert "/hardware/branches/" in page.url

    box = page.locator("input.md-search__input")
    result = page.locator(".md-search-result__item", has_text="Quantization")
    for _ in range(10):  # the index loads in the (stand-in) worker; retype until it answers
        box.click()
        box.fill("")
        box.press_sequentially("quantization", delay=20)
        try:
            result.first.wait_for(state="visible", timeout=2_000)
            break
        except Exception:
            continue
    assert result.count() >= 1, "search found nothing from file://"
    _open(page, result.first.locator("a").first)
    assert "quantiz" in page.url.lower()

    outside = [u for u in page.seen if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert outside == []
    assert page.problems == []
