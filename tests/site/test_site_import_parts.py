"""The pieces of the site import: all-or-nothing writes, YAML edits, redirects, categories."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from site_testkit import make_project

from scaledown.cli import main
from scaledown.errors import ScaleDownError
from scaledown.site.jekyll_site.categories import map_category
from scaledown.site.jekyll_site.permalinks import old_url
from scaledown.site.redirects import REDIRECTS_FILE, check_redirects, generate
from scaledown.site.staging import Staging
from scaledown.site.yamledit import add_entries

ALLOWED = ("Announcements", "Community", "Hardware", "Tutorials", "Research", "Deployment")


def test_failed_commit_restores_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "docs" / "old.md"
    old.parent.mkdir()
    old.write_text("mine\n")
    stage = Staging()
    stage.add(old, "replaced\n")
    stage.add(tmp_path / "docs" / "new" / "deep" / "new.png", b"png")
    stage.add(tmp_path / "docs" / "third.md", "3\n")
    real_replace = os.replace
    calls = []

    def flaky(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(ScaleDownError, match="nothing was changed"):
        stage.commit()
    assert old.read_text() == "mine\n"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == \
        ["docs", "docs/old.md"]  # new file, new folders and temp files are gone


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("same\n")
    before = path.stat().st_mtime_ns
    stage = Staging()
    assert stage.add(path, "same\n") == "unchanged"
    assert stage.commit() == []
    assert path.stat().st_mtime_ns == before


def test_add_entries_keeps_every_existing_line() -> None:
    text = "# header\nauthors:\n  ada:\n    name: Ada  # the first\n\n# trailing note\nother: 1\n"
    result = add_entries(text, "authors", {"lin": {"name": "Lin: \"quoted\" & more"}})
    assert result.startswith("# header\nauthors:\n  ada:\n    name: Ada  # the first\n  lin:\n")
    assert result.endswith("\n# trailing note\nother: 1\n")
    import yaml

    assert yaml.safe_load(result)["authors"]["lin"]["name"] == 'Lin: "quoted" & more'
    with pytest.raises(ScaleDownError, match="already has ada"):
        add_entries(text, "authors", {"ada": {"name": "Other"}})
    with pytest.raises(ScaleDownError, match="cannot extend"):
        add_entries("authors: {ada: {name: Ada}}\n", "authors", {"lin": {"name": "Lin"}})
    assert add_entries("authors:\n", "authors", {"lin": {"name": "Lin"}}) == \
        "authors:\n  lin:\n    name: Lin\n"


def test_news_maps_to_announcements() -> None:
    # 'news' lost its plural-looking 's' before the lookup and was never mapped
    assert map_category("news", ALLOWED) == "Announcements"
    assert map_category("Machine_learning", ALLOWED, {"machine learning": "Research"}) == \
        "Research"
    assert map_category("hardwares", ALLOWED) == "Hardware"
    assert map_category("paper", ("Hardware",)) is None  # a default outside the list is no match


def test_permalink_styles() -> None:
    when = dt.datetime(2019, 2, 3, 4, 5, 6)
    assert old_url("pretty", when, "hi", []) == "/2019/02/03/hi/"
    assert old_url("none", when, "hi", ["A B"]) == "/a b/hi.html"
    assert old_url("ordinal", when, "hi", []) == "/2019/034/hi.html"
    assert old_url("/:year/:hour:minute/:slug", when, "Hi_There", []) == "/2019/0405/hi-there"
    with pytest.raises(ValueError, match=":colour"):
        old_url("/:colour/:title/", when, "hi", [])


def test_redirect_map_checks(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / REDIRECTS_FILE).write_text(
        "redirects:\n  old/: blog/posts/2024-05-01-first-post.md\n"
        "  gone.html: blog/posts/nope.md\n  blog/: blog/posts/2024-05-01-first-post.md\n"
        "  /abs/: blog/posts/2024-05-01-first-post.md\n")
    problems = [str(p) for p in check_redirects(root)]
    assert any(f"{REDIRECTS_FILE}:3: error: redirect target blog/posts/nope.md" in p
               for p in problems)
    assert any(f"{REDIRECTS_FILE}:4: error: old path 'blog/' is where docs/blog/index.md" in p
               for p in problems)
    assert any(f"{REDIRECTS_FILE}:5: error: old path '/abs/' is not a site path" in p
               for p in problems)
    assert not any(":2:" in p for p in problems)
    # no engine plugin is needed any more: the map becomes pages in the generated tree
    assert not any("plugin" in p for p in problems)
    assert [f.path for f in generate(root)] == ["old/index.html"]


def test_file_form_skips_an_empty_post(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # before, an empty file became a post with an invented title and no text
    root = make_project(tmp_path / "p")
    empty = tmp_path / "2019-01-02-empty.md"
    empty.write_text("")
    bare = tmp_path / "2019-01-03-bare.md"
    bare.write_text("Just text, no front matter.\n")
    assert main(["import", "jekyll", str(empty), str(bare), "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert f"{empty}:1: warning: skipped: empty file" in err
    assert f"{bare}:1: warning: skipped: no front matter" in err
    posts = {p.name for p in (root / "docs/blog/posts").iterdir()}
    assert posts == {"2024-05-01-first-post.md", "2024-05-02-second-post.md"}


def test_copied_file_names_are_quoted_in_links(tmp_path: Path) -> None:
    from scaledown.site.jekyll_site.assets import SiteAssets
    from scaledown.site.jekyll_site.links import PostIndex, SiteLinks

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "my board (v2).png").write_bytes(b"png")
    links = SiteLinks(tmp_path / "_posts/2020-01-01-a.md", PostIndex(set()),
                      SiteAssets(tmp_path, "old"))
    assert links.absolute("/assets/my%20board%20(v2).png", 3) == \
        "../../assets/imported/old/assets/my%20board%20%28v2%29.png"
    assert list(SiteAssets(tmp_path, "old").copies) == []
    assert links.assets.copies == {
        "assets/imported/old/assets/my board (v2).png": tmp_path / "assets/my board (v2).png"}


def test_file_form_dry_run_writes_nothing(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p")
    post = tmp_path / "2019-01-02-hello.md"
    post.write_text("---\ntitle: Hello\nauthor: ada\n---\nHi.\n")
    assert main(["import", "jekyll", str(post), "--root", str(root), "--dry-run"]) == 0
    assert "would create" in capsys.readouterr().out
    assert not (root / "docs/blog/posts/2019-01-02-hello.md").exists()
