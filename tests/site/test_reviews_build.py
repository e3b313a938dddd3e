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
