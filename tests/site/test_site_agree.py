"""`scaledown check` finds everything `mkdocs build --strict` refuses, with file:line.

Each defect is planted in a temp project; the strict build, with the plugin's
own checks switched off, must refuse it (so the defect is real), and
`scaledown check` must report it at the planted line. A failed build leaves
the previous site untouched and no staging folder behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_testkit import build, make_project, post_text, write_post

from scaledown.cli import main
from scaledown.site import pipeline

MINE = {"blog": "scaledown.site.blog_checks:check_blog",
        "links": "scaledown.site.links:check_links",
        "nav": "scaledown.site.nav:check_nav"}
FIRST_POST = "docs/blog/posts/2024-05-01-first-post.md"

# name: (file, text appended to it, message part); the text's link is on its second line
DEFECTS = {
    "anchor missing on the target page": (
        "docs/about.md", "\nSee [the blog](blog/index.md#no-such-part).\n",
        "link to a missing anchor: blog/index.md#no-such-part"),
    "anchor missing on this page": (
        "docs/about.md", "\nBack [up](#nowhere).\n", "link to a missing anchor: #nowhere"),
    "anchor missing in another post": (
        FIRST_POST, "\nSee [two](2024-05-02-second-post.md#third-part).\n",
        "link to a missing anchor: 2024-05-02-second-post.md#third-part"),
    "link to a folder": ("docs/about.md", "\nRead [the blog](blog/).\n", "broken link: blog/"),
    "broken link inside an admonition": (
        "docs/about.md", '\n!!! tip "More"\n\n    Read [this](no-such-page.md).\n',
        "broken link: no-such-page.md"),
    "broken link inside a markdown HTML block": (
        "docs/about.md", "\n<div markdown>\n[x](no-such-page.md)\n</div>\n",
        "broken link: no-such-page.md"),
    "nav entry to a missing page": (
        "mkdocs.yml", "nav:\n  - index.md\n  - Gone: gone.md\n",
        "the nav entry 'Gone' names gone.md"),
}


@pytest.fixture()
def only_blog_content(monkeypatch: pytest.MonkeyPatch) -> None:
    # The temp project has only blog content; other kinds' generators read the repository.
    monkeypatch.setattr(pipeline, "CHECKERS", MINE)
    monkeypatch.setattr(pipeline, "GENERATORS", {})


def plant(root: Path, name: str) -> tuple[str, int, str]:
    """Plant defect ``name``; return (file, line of the defect, message part)."""
    rel, text, message = DEFECTS[name]
    path = root / rel
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + text, encoding="utf-8")
    lines_before = before.count("\n")
    offset = next(i for i, row in enumerate(text.splitlines()) if "](" in row or "Gone" in row)
    return rel, lines_before + offset + 1, message


def without_plugin_checks(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scaledown " in text
    config.write_text(text.replace("  - scaledown ", "  - scaledown:\n      checks: false\n    #",
                                   1), encoding="utf-8")


@pytest.fixture()
def previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("previous build", encoding="utf-8")
    return site


def assert_untouched(site: Path) -> None:
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert [p.name for p in site.parent.iterdir()] == ["site"], "a staging folder was left behind"


def test_the_clean_project_passes_both(tmp_path: Path, only_blog_content: None,
                                       previous_site: Path) -> None:
    root = make_project(tmp_path / "proj", copy_site=True)
    assert main(["check", "--root", str(root)]) == 0
    build(root, previous_site)
    assert (previous_site / "about" / "index.html").is_file()
    assert (previous_site / "index.html").read_text(encoding="utf-8") != "previous build"
    assert [p.name for p in previous_site.parent.iterdir()] == ["site"]


@pytest.mark.parametrize("name", list(DEFECTS))
def test_check_reports_what_the_strict_build_refuses(
        tmp_path: Path, name: str, only_blog_content: None, previous_site: Path,
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    root = make_project(tmp_path / "proj", copy_site=True)
    rel, line, message = plant(root, name)

    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{rel}:{line}: error: {message}" in err, err

    without_plugin_checks(root)  # MkDocs alone refuses it too: the defect is real
    with pytest.raises(Abort, match="strict mode"):
        build(root, previous_site)
    assert any(r.levelname == "WARNING" for r in caplog.records)
    assert_untouched(previous_site)


def test_with_checks_on_the_build_stops_early_with_file_and_line(
        tmp_path: Path, only_blog_content: None, previous_site: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    root = make_project(tmp_path / "proj", copy_site=True)
    rel, line, message = plant(root, "anchor missing in another post")
    with pytest.raises(Abort):
        build(root, previous_site)
    assert f"{rel}:{line}: error: {message}" in caplog.text
    assert_untouched(previous_site)


def test_good_anchors_pass(tmp_path: Path, only_blog_content: None) -> None:
    root = make_project(tmp_path / "proj", copy_site=True)
    write_post(root, "2024-05-03-anchors.md", post_text("Anchors", "2024-05-03", body=(
        "# Anchors\n\nIntro.\n\n<!-- more -->\n\n## Set up the board\n\n## Set up the board\n\n"
        "## Custom {#my-id}\n\n<span id=\"raw-id\"></span>\n\n"
        "[a](#set-up-the-board) [b](#set-up-the-board_1) [c](#my-id) [d](#raw-id) "
        "[e](2024-05-02-second-post.md#second)\n")))
    assert [str(p) for p in pipeline.run_checks(root) if p.severity == "error"] == []
    build(root, tmp_path / "site")  # and the strict build agrees
