"""The real site: one strict build, then headless Chromium against it on localhost.

The build runs once for this module and is shared by every test here. The
browser is Debian's Chromium at /usr/bin/chromium driven by Playwright (never
a downloaded browser). Without it the browser tests skip locally and fail in
CI, so CI can never pass by silently not testing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_server import serve

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with --strict into a temp folder.

    For quicker local iteration on the browser tests, SCALEDOWN_E2E_SITE may name
    an already built site; the strict-build test then skips (and fails in CI).
    """
    prebuilt = os.environ.get("SCALEDOWN_E2E_SITE")
    if prebuilt:
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}")
    return out


def test_strict_build_has_every_section(site: Path) -> None:
    if os.environ.get("SCALEDOWN_E2E_SITE"):
        if IN_CI:
            pytest.fail("SCALEDOWN_E2E_SITE is for local runs; CI must build the site")
        pytest.skip("using a prebuilt site (SCALEDOWN_E2E_SITE); the strict build did not run")
    for page in ["index.html", "blog/index.html", "learn/index.html", "reviews/index.html",
                 "hardware/index.html", "framework/index.html", "framework/api/index.html",
                 "contribute/index.html", "about/index.html", "blog/tags/index.html",
                 "feed_rss_created.xml", "feed_json_created.json", "search/search_index.json"]:
        assert (site / page).is_file(), page
    posts = [p.parent.name for p in (site / "blog").glob("*/index.html")]
    assert {"why-tinyml-is-hard-to-learn-and-how-scaledown-helps",
            "how-the-hardware-library-works", "how-to-contribute-an-article"} <= set(posts)


class _Loads(HTMLParser):
    """Collects URLs a browser would fetch by itself: scripts, images, styles, fonts."""

    LOADING_RELS = frozenset({"stylesheet", "preload", "preconnect", "icon", "modulepreload",
                              "manifest", "dns-prefetch"})

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
            self.urls.append(values.get("src") or "")
        if tag == "link" and set((values.get("rel") or "").split()) & self.LOADING_RELS:
            self.urls.append(values.get("href") or "")
        self.urls += re.findall(r"url\(['\"]?([^'\")]+)", values.get("style") or "")


def test_html_references_no_other_host(site: Path) -> None:
    offenders = set()
    for path in site.rglob("*.html"):
        parser = _Loads()
        parser.feed(path.read_text(errors="ignore"))
        for url in parser.urls:
            if url.startswith(("http:", "https:", "//")):
                offenders.add(f"{path.relative_to(site)}: {url}")
    for css in site.rglob("*.css"):
        text = css.read_text(errors="ignore")
        for url in re.findall(r"url\(['\"]?((?:https?:)?//[^'\")]+)", text):
            offenders.add(f"{css.relative_to(site)}: {url}")
    assert sorted(offenders) == []


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site served by ``python -m http.server`` on a free localhost port."""
    yield from serve(site)


class Browser:
    """A Chromium page that records every request and every console error."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()  # recorded above; never let it reach the network


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (make browser)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed: pip install -e '.[dev]'")
        pytest.skip("playwright is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = chromium.new_context(service_workers="block",
                                       viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        yield Browser(context.new_page())
        context.close()
        chromium.close()


def test_home_page_renders(browser: Browser, server: str) -> None:
    page = browser.page
    page.goto(server)
    assert "ScaleDown" in page.title()
    assert page.locator("h1").first.inner_text().startswith("ScaleDown")
    hero = page.locator(".sd-hero")
    assert "Why TinyML is hard to learn" in hero.inner_text()
    tabs = page.locator(".md-tabs").inner_text()
    for section in ["Blog", "Learn", "Paper reviews", "Hardware library", "Framework",
                    "Contribute", "About"]:
        assert section in tabs
    assert page.locator("label[for='__palette_1'], [data-md-component='palette']").count() > 0


def test_search_finds_a_post(browser: Browser, server: str) -> None:
    page = browser.page
    page.goto(server)
    box = page.locator("input.md-search__input")
    result = page.locator(".md-search-result__item", has_text="How the hardware library works")
    # The index loads in a web worker; a query typed before it is ready finds nothing,
    # so type again until results appear (or give up after ~20 s).
    for _ in range(10):
        box.click()  # a desktop-sized window shows the search box in the header
        box.fill("")
        box.press_sequentially("hardware library", delay=20)
        try:
            result.first.wait_for(state="visible", timeout=2_000)
            break
        except Exception:
            continue
    assert result.count() >= 1


def test_post_opens_from_blog_index(browser: Browser, server: str) -> None:
    page = browser.page
    page.goto(server + "blog/")
    page.locator("article.md-post a", has_text="How to contribute an article").first.click()
    page.wait_for_url("**/blog/how-to-contribute-an-article/")
    title = page.locator("article h1").first.inner_text().rstrip("¶")
    assert title == "How to contribute an article"
    assert page.locator(".md-post__authors").first.is_visible()
    assert page.locator("img.sd-cover").count() == 1
    assert page.locator("a.md-content__button[href*='edit/main/docs/']").count() == 1
    # copy buttons, added by the theme's JS
    page.locator(".md-code__button").first.wait_for(state="attached")
    assert page.locator(".md-footer .md-social__link").count() >= 1


def test_no_console_errors_and_no_request_left_localhost(browser: Browser, server: str) -> None:
    for path in ["", "blog/", "framework/api/", "contribute/"]:
        browser.page.goto(server + path)
        browser.page.wait_for_load_state("networkidle")
    assert browser.requests, "no request was recorded: the recorder is broken"
    outside = [u for u in browser.requests
               if urlsplit(u).hostname not in LOCAL_HOSTS and not u.startswith(("data:", "blob:"))]
    assert outside == []
    assert browser.errors == []
