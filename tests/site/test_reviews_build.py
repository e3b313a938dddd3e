"""A real MkDocs build: reviews become pages, and a bad review stops the build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = """\
site_name: mini
plugins:
  - scaledown
markdown_extensions:
  - admonition
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""
AUTHORS = ("authors:\n  ada:\n    name: Ada Lovelace\n    description: Reviewer\n"
           "    avatar: assets/ada.svg\n")


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    """A tiny MkDocs project with the scaledown plugin and one real review."""
    pytest.importorskip("mkdocs")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    (tmp_path / "docs/blog").mkdir(parents=True)
    (tmp_path / "docs/assets").mkdir()
    (tmp_path / "docs/assets/ada.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "docs/index.md").write_text("# Home\n")
    # the review links into the generated API reference, which documents the package it finds
    (tmp_path / "scaledown").symlink_to(ROOT / "scaledown", target_is_directory=True)
    (tmp_path / "docs/blog/.authors.yml").write_text(AUTHORS)
    (tmp_path / "paper_reviews").mkdir()
    review = (ROOT / "paper_reviews/lottery-ticket.md").read_text()
    (tmp_path / "paper_reviews/lottery-ticket.md").write_text(
        review.replace("reviewer: scaledown-team", "reviewer: ada"))
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "site"], cwd=project,
                          capture_output=True, text=True, timeout=240,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def test_reviews_are_built_into_pages(mini_site: Path) -> None:
    result = build(mini_site)
    assert result.returncode == 0, result.stderr
    html = (mini_site / "site/reviews/lottery-ticket/index.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)  # code is highlighted: drop the spans
    assert "lottery ticket hypothesis" in text and "@inproceedings{frankle2019lottery," in text
    index = (mini_site / "site/reviews/index.html").read_text()
    assert 'href="lottery-ticket/"' in index
    assert (mini_site / "site/reviews/reviews-filter.js").is_file()


def test_unregistered_implemented_in_fails_the_build(mini_site: Path) -> None:
    path = mini_site / "paper_reviews/lottery-ticket.md"
    path.write_text(path.read_text().replace("implemented_in: magnitude-pruning",
                                             "implemented_in: lottery-rewinding"))
    result = build(mini_site)
    assert result.returncode != 0
    assert ("paper_reviews/lottery-ticket.md:13: error: implemented_in 'lottery-rewinding' "
            "is not a registered scaledown method") in result.stderr + result.stdout
    assert not (mini_site / "site/reviews").exists()
    shutil.rmtree(mini_site / "site", ignore_errors=True)


@pytest.mark.e2e
def test_citation_blocks_get_copy_buttons(mini_site: Path) -> None:
    """With mkdocs-material's content.code.copy, BibTeX and plain text get a copy button."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Chromium is not installed: run 'make browser' (apt-get install chromium)")
    config = mini_site / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  name: material\n  font: false\n"
                      "  features: [content.code.copy]\n")
    assert build(mini_site).returncode == 0
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(mini_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/reviews/lottery-ticket/")
            for tab, start in (("BibTeX", "@inproceedings{frankle2019lottery,"),
                               ("Plain text", "Frankle, J., & Carbin, M. (2019).")):
                block = page.locator(".tabbed-block", has_text=start)
                assert block.count() == 1, tab
                assert block.locator("button[data-md-type=copy]").count() == 1, tab
            browser.close()
    finally:
        server.shutdown()
