"""`scaledown new post`: file name, complete front matter, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_testkit import make_project

from scaledown.cli import main
from scaledown.site.blog_checks import check_blog
from scaledown.site.frontmatter import read_markdown


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def posts(root: Path) -> set[str]:
    return {p.name for p in (root / "docs/blog/posts").iterdir()}


def test_creates_named_post_with_complete_front_matter(project: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "post", "Keyword spotting on an ESP32!", "--author", "grace",
                 "--category", "Deployment", "--tags", "esp32, kws", "--date", "2024-07-09",
                 "--root", str(project), "--json"])
    assert code == 0
    created = json.loads(capsys.readouterr().out)
    assert created == {"path": "docs/blog/posts/2024-07-09-keyword-spotting-on-an-esp32.md",
                       "slug": "keyword-spotting-on-an-esp32"}
    doc = read_markdown(project / created["path"])
    assert doc.meta["title"] == "Keyword spotting on an ESP32!"
    assert str(doc.meta["date"]) == "2024-07-09"
    assert doc.meta["authors"] == ["grace"]
    assert doc.meta["categories"] == ["Deployment"]
    assert doc.meta["tags"] == ["esp32", "kws"]
    assert doc.meta["draft"] is True
    assert "<!-- more -->" in doc.body
    # what `new` writes passes `check` as it is
    assert [str(p) for p in check_blog(project) if p.severity == "error"] == []


def test_unknown_author_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = posts(project)
    assert main(["new", "post", "T", "--author", "gracee", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "unknown author 'gracee' (argument --author)" in err and "did you mean 'grace'" in err
    assert posts(project) == before


def test_unknown_category_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = posts(project)
    assert main(["new", "post", "T", "--author", "ada", "--category", "Misc",
                 "--root", str(project)]) == 1
    assert "category 'Misc' is not allowed" in capsys.readouterr().err
    assert posts(project) == before


def test_existing_file_and_bad_date_are_refused(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "post", "First post", "--author", "ada", "--date", "2024-05-01",
                 "--root", str(project)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "post", "X", "--author", "ada", "--date", "2024-13-01",
                 "--root", str(project)]) == 1
    assert "--date '2024-13-01' is not a date" in capsys.readouterr().err


def test_title_without_letters_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "post", "!!!", "--author", "ada", "--root", str(project)]) == 1
    assert "no letters or digits" in capsys.readouterr().err
