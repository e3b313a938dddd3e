"""WCAG 2.2 AA in the browser: axe-core finds no serious or critical problem on any page kind.

axe-core is Deque's accessibility engine; the ``axe-playwright-python`` package
ships its script (``axe.min.js``), which we inject into each page. One page of
every kind is checked in the light and in the dark palette (the site follows
the reader's system setting, so Chromium's colour scheme selects the palette),
and in the light one on a phone-sized window.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_pages import PAGE_KINDS

pytestmark = pytest.mark.e2e
BLOCKING = {"serious", "critical"}
PAGES = {kind: path.removesuffix("index.html") for kind, path in PAGE_KINDS.items()}


@pytest.fixture(scope="module")
def axe_script() -> str:
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        pytest.fail("axe-playwright-python is not installed: pip install -e '.[dev]'")
    return AXE_SCRIPT


# Light and dark palettes on a desktop window, and light on a phone-sized one, where wide
# tables scroll sideways (and must then be reachable from the keyboard).
SETUPS = {"light": ("light", 1280), "dark": ("dark", 1280), "phone": ("light", 390)}


@pytest.fixture(scope="module", params=list(SETUPS))
def palette_page(request: pytest.FixtureRequest, chromium, site_server: str) -> Iterator[object]:
    scheme, width = SETUPS[request.param]
    context = chromium.new_context(color_scheme=scheme, service_workers="block",
                                   viewport={"width": width, "height": 900})
    context.set_default_timeout(20_000)
    # Nothing may leave localhost (the site loads nothing from other hosts).
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith((site_server, "data:", "blob:"))
                  else route.abort())
    page = context.new_page()
    page.scheme = scheme
    yield page
    context.close()


def _report(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        if violation.get("impact") not in BLOCKING:
            continue
        for node in violation["nodes"][:5]:
            checks = node.get("any") or node.get("all") or node.get("none") or [{}]
            lines.append(f"{violation['id']} ({violation['impact']}) {node['target'][0]}: "
                         f"{checks[0].get('message', '')}")
    return lines


def _scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_kind_has_no_serious_accessibility_violation(palette_page, site_server: str,
                                                         axe_script: str, kind: str) -> None:
    page = palette_page
    page.goto(site_server + PAGES[kind])  # waits for "load": styles and scripts are in
    assert _scheme(page) == ("slate" if page.scheme == "dark" else "default")
    page.evaluate(axe_script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert _report(results["violations"]) == []


@pytest.mark.parametrize("palette_page", ["light"], indirect=True)
def test_axe_reports_what_it_should(palette_page, site_server: str, axe_script: str) -> None:
    # The check can fail: a grey-on-grey paragraph and an unlabelled checkbox are found.
    page = palette_page
    page.goto(site_server)
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'faint';
        p.style.cssText = 'color:#999;background:#aaa';
        const box = document.createElement('input');
        box.type = 'checkbox';
        document.querySelector('article').append(p, box);
    }""")
    page.evaluate(axe_script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = {line.split()[0] for line in _report(results["violations"])}
    assert {"color-contrast", "label"} <= found


@pytest.mark.parametrize("palette_page", ["light"], indirect=True)
def test_not_found_page_is_accessible_and_its_button_opens_search(
        palette_page, published_server: str, axe_script: str) -> None:
    page = palette_page

    def local_only(route) -> None:
        if route.request.url.startswith((published_server, "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", local_only)  # this server, not the shared one, for this test
    try:
        page.goto(published_server + "404.html")
        assert page.title().startswith("Page not found")
        page.evaluate(axe_script)
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert _report(results["violations"]) == []
        page.get_by_role("button", name="Search the site").focus()
        page.keyboard.press("Enter")  # from the keyboard, as a reader without a mouse would
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.type("pruning", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
    finally:
        page.context.unroute("**/*", local_only)
