"""``scaledown build-content``: the docs tree an engine renders, written only where it changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_testkit import make_project, post_text, write_post

from scaledown.errors import ContentError, WriteError
from scaledown.site import content_build, pipeline
from scaledown.site.content_build import MANIFEST, build_content

ONLY_BLOG = {name: pipeline.CHECKERS[name] for name in ("blog", "links", "nav")}


@pytest.fixture
def blog_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # The temp project has only blog content; the other kinds' generators read the repository.
    monkeypatch.setattr(pipeline, "CHECKERS", ONLY_BLOG)
    monkeypatch.setattr(pipeline, "GENERATORS", {})


@pytest.fixture
def project(tmp_path: Path, blog_only: None) -> Path:
    return make_project(tmp_path / "proj")


def test_writes_docs_and_generated_pages_then_only_what_changed(project: Path) -> None:
    out = project / "build" / "docs"
    first = build_content(project, out)
    assert "index.md" in first.written and "blog/posts/2024-05-01-first-post.md" in first.written
    assert "learn/index.md" in first.written  # a stand-in for a section no generator wrote
    assert (out / "blog" / ".authors.yml").is_file()  # dot-files the blog plugin reads
    assert (out / "robots.txt").read_text().startswith("User-agent: *")
    post = out / "blog/posts/2024-05-01-first-post.md"
    stamp = post.stat().st_mtime_ns

    again = build_content(project, out)
    assert again.written == [] and again.removed == []
    assert post.stat().st_mtime_ns == stamp  # untouched: an engine's --dirty skips it

    write_post(project, "2024-05-01-first-post.md", post_text("First post, edited"))
    edited = build_content(project, out)
    assert edited.written == ["blog/posts/2024-05-01-first-post.md"]
    assert "First post, edited" in post.read_text()


def test_removes_only_files_it_wrote(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out)
    mine = project / "docs" / "about-me.md"
    mine.write_text("# About me\n")
    build_content(project, out)
    stranger = out / "notes.txt"  # put there by hand, not by build-content
    stranger.write_text("keep me")
    mine.unlink()
    report = build_content(project, out)
    assert report.removed == ["about-me.md"]
    assert not (out / "about-me.md").exists()
    assert stranger.read_text() == "keep me"
    manifest = json.loads((out / MANIFEST).read_text())
    assert "about-me.md" not in manifest["files"] and "notes.txt" not in manifest["files"]


def test_bad_content_fails_with_file_and_line_and_writes_nothing(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_post(project, "2024-05-03-bad.md", post_text("Bad", authors="[nobody]"))
    with pytest.raises(ContentError) as caught:
        build_content(project, out)
    where = "docs/blog/posts/2024-05-03-bad.md:4"
    assert f"{where}: error: unknown author 'nobody'" in str(caught.value)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_first_build_that_fails_leaves_no_folder(project: Path) -> None:
    write_post(project, "2024-05-03-bad.md", post_text("Bad", categories="[Hardwear]"))
    with pytest.raises(ContentError):
        build_content(project)
    assert not (project / "build" / "docs").exists()


def test_a_failed_write_leaves_the_folder_as_it_was(project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = project / "build" / "docs"
    build_content(project, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_post(project, "2024-05-01-first-post.md", post_text("First post, edited"))
    write_post(project, "2024-05-02-second-post.md", post_text("Second post, edited"))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(content_build.os, "fsync", full_disk)
    with pytest.raises(WriteError, match="the disk is full"):
        build_content(project, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.parent.iterdir() if "staging" in p.name] == []


def test_refuses_a_folder_it_did_not_write_and_the_sources(project: Path) -> None:
    foreign = project / "elsewhere"
    foreign.mkdir()
    (foreign / "thesis.md").write_text("mine")
    with pytest.raises(WriteError, match="is not a folder 'scaledown build-content' wrote"):
        build_content(project, foreign)
    assert [p.name for p in foreign.iterdir()] == ["thesis.md"]
    with pytest.raises(Exception, match="overlaps the hand-written pages"):
        build_content(project, project / "docs" / "out")


def test_home_highlights_and_covers_are_in_the_written_files(project: Path) -> None:
    (project / "docs" / "index.md").write_text("# Home\n\n<!-- scaledown:highlights -->\n")
    (project / "docs" / "assets" / "cover.svg").write_text("<svg/>")
    write_post(project, "2024-05-04-hero.md",
               post_text("The hero", "2024-05-04", extra="pin: true\nimage: assets/cover.svg\n"))
    out = project / "build" / "docs"
    build_content(project, out)
    home = (out / "index.md").read_text()
    assert "scaledown:highlights" not in home
    assert "[The hero](blog/posts/2024-05-04-hero.md)" in home
    post = (out / "blog/posts/2024-05-04-hero.md").read_text()
    assert "# The hero\n\n![The hero](../../assets/cover.svg){ .sd-cover }" in post
    # the source is left as written
    assert "sd-cover" not in (project / "docs/blog/posts/2024-05-04-hero.md").read_text()


def test_cli_build_content_exits_non_zero_with_the_problem(project: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    from scaledown.cli import main

    assert main(["build-content", "--root", str(project)]) == 0
    assert "written" in capsys.readouterr().err
    write_post(project, "2024-05-03-bad.md", post_text("Bad", authors="[nobody]"))
    assert main(["build-content", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "docs/blog/posts/2024-05-03-bad.md:4: error: unknown author 'nobody'" in err
    assert "Traceback" not in err


def test_cli_takes_a_relative_out_from_where_it_runs(project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from scaledown.cli import main

    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["build-content", "--root", str(project), "--out", "site-docs"]) == 0
    assert (here / "site-docs" / MANIFEST).is_file()
    assert not (project / "site-docs").exists()


def test_cli_outside_a_project_is_a_clear_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    from scaledown.cli import main

    assert main(["build-content", "--root", str(tmp_path)]) == 1
    assert "is not a ScaleDown project folder" in capsys.readouterr().err


def test_plugin_switch_reads_the_environment() -> None:
    pytest.importorskip("mkdocs")
    from scaledown.site.plugin import content_wanted

    assert content_wanted(True, {}) and not content_wanted(False, {})
    assert not content_wanted(True, {"SCALEDOWN_BUILD_CONTENT": "false"})


def test_the_plugin_hands_mkdocs_the_generated_folder_and_watches_the_sources(
        project: Path) -> None:
    pytest.importorskip("mkdocs")
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    assert Path(config.docs_dir) == project / "build" / "docs"
    assert (project / "build" / "docs" / "index.md").is_file()
    # 'mkdocs serve' watches docs_dir; an edit is made in docs/, so that is watched too
    assert str(project / "docs") in config.watch


def test_nothing_changed_skips_generating_and_checking(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = project / "build" / "docs"
    first = build_content(project, out)
    assert first.written

    def must_not_run(*args, **kwargs):
        raise AssertionError("ran although no input changed")

    monkeypatch.setattr(pipeline, "generator_units", must_not_run)
    monkeypatch.setattr(pipeline, "run_checks", must_not_run)
    again = build_content(project, out)
    assert again.written == [] and again.removed == [] and again.unchanged == len(first.written)
    assert [str(p) for p in again.warnings] == [str(p) for p in first.warnings]

    write_post(project, "2024-05-01-first-post.md", post_text("First post, edited"))
    with pytest.raises(AssertionError, match="no input changed"):
        build_content(project, out)  # an input changed: a normal run


def test_a_damaged_output_is_written_again_although_no_input_changed(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out)
    page = out / "index.md"
    good = page.read_bytes()
    page.write_text("# damaged by hand\n")
    report = build_content(project, out)
    assert report.written == ["index.md"] and page.read_bytes() == good


def test_a_lenient_run_does_not_reuse_a_strict_one(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out)
    manifest = json.loads((out / MANIFEST).read_text())
    build_content(project, out, strict=False)
    assert json.loads((out / MANIFEST).read_text())["build"]["stamp"] != manifest["build"]["stamp"]


def _units(monkeypatch: pytest.MonkeyPatch, *units: pipeline.Unit) -> None:
    monkeypatch.setattr(pipeline, "generator_units", lambda *args, **kwargs: list(units))


def _pid_page(name: str):
    import os

    return lambda: [pipeline.GeneratedFile(f"{name}.md", f"# {name} {os.getpid()}")]


def test_an_apart_unit_runs_in_a_forked_process_with_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        pytest.skip("needs fork and a second core")
    _units(monkeypatch, pipeline.Unit("heavy", _pid_page("heavy"), apart=True),
           pipeline.Unit("light", _pid_page("light")))
    # A thread another test left in this pytest process (watchdog keeps one inotify
    # thread per process) would keep the unit here: count this process's threads as
    # build-content does, and see the rule itself at the end.
    threads = [1]
    monkeypatch.setattr(content_build.threading, "active_count", lambda: threads[0])
    files, records = content_build.generate(tmp_path, tmp_path / "out")
    assert sorted(files) == ["heavy.md", "light.md"] and list(records) == ["heavy", "light"]
    assert files["light.md"] == f"# light {os.getpid()}".encode()  # here
    assert files["heavy.md"].startswith(b"# heavy ") and files["heavy.md"] != \
        f"# heavy {os.getpid()}".encode()  # in a child process

    threads[0] = 2  # another thread alive: no fork (its locks could be held in the child)
    files, _ = content_build.generate(tmp_path, tmp_path / "out")
    assert files["heavy.md"] == f"# heavy {os.getpid()}".encode()
    threads[0] = 1

    monkeypatch.setenv(content_build.SERIAL, "1")
    files, _ = content_build.generate(tmp_path, tmp_path / "out")
    assert files["heavy.md"] == f"# heavy {os.getpid()}".encode()


def test_an_apart_unit_that_fails_fails_as_it_would_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scaledown.errors import InputError

    calls = []

    def broken():
        calls.append(1)  # counted here only: the child's list is its own copy
        raise InputError("the tutorials folder is unreadable", fix="fix its permissions")

    _units(monkeypatch, pipeline.Unit("heavy", broken, apart=True),
           pipeline.Unit("light", _pid_page("light")))
    with pytest.raises(InputError, match="the tutorials folder is unreadable"):
        content_build.generate(tmp_path, tmp_path / "out")
    assert calls == [1]  # rerun in this process, for its own error and traceback


def test_a_cache_moved_by_the_environment_is_an_input_too(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    monkeypatch.setenv("SCALEDOWN_CACHE_DIR", str(moved))
    out = project / "build" / "docs"
    build_content(project, out)
    (moved / "record.json").write_text("{}")  # a tutorial ran meanwhile
    calls = []
    real = pipeline.generator_units
    monkeypatch.setattr(pipeline, "generator_units",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    build_content(project, out)
    assert calls == [1]
    build_content(project, out)
    assert calls == [1]  # and nothing changed since
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_content(project, out)
    assert calls == [1, 1]
