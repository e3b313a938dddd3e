"""Shared fixtures for the tests that read the real built site.

``built_site`` is one strict build per test session (per xdist worker), shared
by every module that asks for it; ``offline_site`` is the offline zip that
``make offline`` publishes, unzipped. ``chromium`` is Debian's Chromium driven by
Playwright, skipped locally and failed in CI when missing (as in
test_e2e_site.py). ``site_server`` serves ``built_site`` on a free localhost port.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_server import serve

from scaledown.site.offline import TOP_FOLDER, build_offline_zip

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with --strict (or SCALEDOWN_E2E_SITE, for local runs only)."""
    prebuilt = os.environ.get("SCALEDOWN_E2E_SITE")
    if prebuilt:
        if IN_CI:
            pytest.fail("SCALEDOWN_E2E_SITE is for local runs; CI must build the site")
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("built-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SCALEDOWN_OFFLINE", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip ``make offline`` writes, built from this repository."""
    path = tmp_path_factory.mktemp("offline") / "scaledown-offline.zip"
    build_offline_zip(REPO, path)
    return path


@pytest.fixture(scope="session")
def offline_site(offline_zip: Path) -> Path:
    """The offline zip, unzipped: the folder a reader opens ``index.html`` from."""
    target = offline_zip.parent / "unzipped"
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / TOP_FOLDER




@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """``built_site`` served by ``python -m http.server`` on localhost; yields its base URL."""
    yield from serve(built_site)


@pytest.fixture(scope="session")
def published_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``built_site`` served under the path of ``site_url`` (``/scaledown/``), as published.

    The 404 page is served for any address, so its links and assets are absolute
    and only resolve under that path.
    """
    prefix = re.search(r"^site_url:\s*\S+?://[^/]+/(\S*)", (REPO / "mkdocs.yml").read_text(),
                       re.M).group(1).strip("/")
    root = tmp_path_factory.mktemp("published")
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix).symlink_to(built_site, target_is_directory=True)
    yield from serve(root, f"{prefix}/")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """A headless Debian Chromium (a Playwright ``Browser``); tests open their own contexts.

    Module-scoped: Playwright's sync API allows one instance at a time per thread,
    and test_e2e_site.py starts its own.
    """
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found: install Debian's chromium (make browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     headless=True)
        yield browser
        browser.close()
