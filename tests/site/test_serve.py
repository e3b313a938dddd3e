"""``make serve``'s watcher: a saved input reruns build-content; the engine sees only results."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from site_testkit import make_project, post_text, write_post

from scaledown.site import pipeline, serve
from scaledown.site.content_build import build_content

ONLY_BLOG = {name: pipeline.CHECKERS[name] for name in ("blog", "links", "nav")}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pipeline, "CHECKERS", ONLY_BLOG)
    monkeypatch.setattr(pipeline, "GENERATORS", {})
    root = make_project(tmp_path / "proj")
    build_content(root)
    return root


def test_only_inputs_count_as_changes(tmp_path: Path) -> None:
    root = tmp_path
    assert serve.relevant(root, root / "hardware_catalog" / "devices" / "x.yaml")
    assert serve.relevant(root, root / "mkdocs.yml")
    for ignored in ("build/docs/index.md", "site/index.html", "docs/.#a.md", "docs/a.md~",
                    "scaledown/__pycache__/a.pyc", "notes.txt"):
        assert not serve.relevant(root, root / ignored), ignored
    assert serve.is_code(root, root / "scaledown" / "site" / "home.py")
    assert not serve.is_code(root, root / "docs" / "index.md")


def test_a_saved_post_is_rebuilt_into_build_docs(project: Path) -> None:
    rebuilder = serve.Rebuilder(project)
    stop = threading.Event()
    worker = threading.Thread(target=rebuilder.loop, args=(stop,), daemon=True)
    worker.start()
    try:
        post = write_post(project, "2024-05-01-first-post.md", post_text("First post, saved"))
        rebuilder.notice(str(post))
        rebuilder.notice(str(project / "build" / "docs" / "index.md"))  # not an input
        built = project / "build" / "docs" / "blog" / "posts" / post.name
        for _ in range(400):
            if "First post, saved" in built.read_text():
                break
            stop.wait(0.05)
        assert "First post, saved" in built.read_text()
    finally:
        stop.set()
        worker.join(timeout=10)
    assert rebuilder.changed == set()


def test_a_content_error_keeps_serving_and_is_reported(project: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    write_post(project, "2024-05-03-bad.md", post_text("Bad", authors="[nobody]"))
    assert serve.Rebuilder(project).build() is False
    err = capsys.readouterr().err
    assert "docs/blog/posts/2024-05-03-bad.md:4: error: unknown author 'nobody'" in err


def test_unknown_engine_is_a_clear_error() -> None:
    from scaledown.errors import InputError

    with pytest.raises(InputError, match="unknown engine 'hugo'"):
        serve.engine_command("hugo", "127.0.0.1:8000")


def test_zensical_serves_from_the_overlay_config_at_the_address() -> None:
    import sys

    config = Path("/p/.zensical-abc.yml")
    assert serve.engine_command("zensical", "127.0.0.1:8123", config) == [
        sys.executable, "-m", "zensical", "serve", "-f", str(config), "-a", "127.0.0.1:8123"]
    assert "serve" in serve.engine_command("mkdocs", "127.0.0.1:8123")


def test_zensical_without_its_extra_is_a_clear_error_before_building(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    import importlib.util

    from scaledown.errors import RuntimeNotInstalledError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "zensical" else real(name, *a))
    with pytest.raises(RuntimeNotInstalledError, match="zensical is not installed") as caught:
        serve.engine_command("zensical", "127.0.0.1:8000", "x.yml")
    assert "[zensical]" in str(caught.value)  # names the extra to install
    post = write_post(project, "2024-05-04-unbuilt.md", post_text("Not built"))
    assert serve.main(["--root", str(project), "--engine", "zensical"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("error: zensical is not installed") and "Traceback" not in out
    assert not (project / "build" / "docs" / "blog" / "posts" / post.name).exists()


def test_an_unknown_engine_from_the_command_line_is_an_error_not_a_traceback(
        capsys: pytest.CaptureFixture) -> None:
    assert serve.main(["--engine", "hugo"]) == 1
    assert capsys.readouterr().out.startswith("error: unknown engine 'hugo'")


# A stand-in engine: saves a post as a writer would, exits 0 once serve's watcher has
# rebuilt it into build/docs/, 3 if that never happens.
FAKE_ENGINE = """\
import pathlib, sys, time
root = pathlib.Path.cwd()
post = root / "docs" / "blog" / "posts" / "2024-05-01-first-post.md"
time.sleep(0.5)
post.write_text(post.read_text().replace("title: First post", "title: Saved by the engine"))
built = root / "build" / "docs" / "blog" / "posts" / post.name
for _ in range(1200):
    if "Saved by the engine" in built.read_text():
        sys.exit(0)
    time.sleep(0.05)
sys.exit(3)
"""


def test_a_fake_engine_command_is_served_and_sees_a_saved_post(project: Path) -> None:
    import sys

    assert serve.serve(project, [sys.executable, "-c", FAKE_ENGINE]) == 0


def _fake_zensical(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    import sys

    from scaledown.site import zensical_build

    monkeypatch.setattr(zensical_build, "zensical_command",
                        lambda: [sys.executable, "-c", script])


# Stands in for 'zensical serve -f CONFIG -a ADDR': records the config it was given.
RECORD_CONFIG = """\
import pathlib, sys
config = pathlib.Path(sys.argv[sys.argv.index("-f") + 1])
(pathlib.Path.cwd() / "seen-config.txt").write_text(config.name + "\\n" + config.read_text())
"""


def test_the_overlay_config_lives_as_long_as_zensical_serves(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    _fake_zensical(monkeypatch, RECORD_CONFIG)
    assert serve.serve(project, engine="zensical", address="127.0.0.1:8123") == 0
    name, text = (project / "seen-config.txt").read_text().split("\n", 1)
    assert name.startswith(".zensical-") and "INHERIT: mkdocs.yml" in text
    assert 'docs_dir: "build/docs"' in text and f'site_dir: "{serve.ZENSICAL_SITE_DIR}"' in text
    assert not list(project.glob(".zensical-*.yml"))  # removed once the engine stopped
    assert "zensical serves the site at http://127.0.0.1:8123/scaledown/" in capsys.readouterr().err


# Stands in for the engine while the user presses Ctrl-C: interrupts serve, then waits.
CTRL_C = """\
import os, signal, time
time.sleep(0.5)  # serve is waiting for its engine by now
os.kill(os.getppid(), signal.SIGINT)
time.sleep(60)
"""


def test_ctrl_c_stops_zensical_and_removes_the_overlay_config(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_zensical(monkeypatch, CTRL_C)
    assert serve.serve(project, engine="zensical", address="127.0.0.1:8124") == 0
    assert not list(project.glob(".zensical-*.yml"))


def test_the_printed_address_has_the_path_of_site_url(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nsite_url: https://example.org/sub/site\n")
    assert serve.site_address(tmp_path, "127.0.0.1:9000") == "http://127.0.0.1:9000/sub/site/"


def test_a_changed_mkdocs_yml_is_passed_on_to_zensical_after_the_build(project: Path) -> None:
    # Zensical watches the overlay config it was given, not the mkdocs.yml it inherits
    rebuilder = serve.Rebuilder(project)
    told: list[str] = []
    told_once = threading.Event()
    rebuilder.config_changed = lambda: (told.append("config"), told_once.set())
    stop = threading.Event()
    worker = threading.Thread(target=rebuilder.loop, args=(stop,), daemon=True)
    worker.start()
    try:
        post = write_post(project, "2024-05-01-first-post.md", post_text("Only a post"))
        rebuilder.notice(str(post))
        built = project / "build" / "docs" / "blog" / "posts" / post.name
        for _ in range(400):
            if "Only a post" in built.read_text():
                break
            stop.wait(0.05)
        assert told == []  # a post is no config change
        config = project / "mkdocs.yml"
        config.write_text(config.read_text() + "\n")
        rebuilder.notice(str(config))
        assert told_once.wait(timeout=60)
        assert told == ["config"]
    finally:
        stop.set()
        worker.join(timeout=10)


def test_refreshing_the_overlay_keeps_its_text_and_file(tmp_path: Path) -> None:
    config = tmp_path / ".zensical-x.yml"
    config.write_text("INHERIT: mkdocs.yml\n")
    inode = config.stat().st_ino
    serve.refresh_config(config)
    assert config.read_text() == "INHERIT: mkdocs.yml\n" and config.stat().st_ino == inode
    serve.refresh_config(tmp_path / "gone.yml")  # serving is ending: no error
