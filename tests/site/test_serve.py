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
