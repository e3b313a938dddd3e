"""The MkDocs glue that ``make serve`` relies on: the watcher on build/docs."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

from watchdog.events import FileSystemEventHandler

from scaledown.site import plugin


def _watching(folder: Path) -> tuple[object, list, threading.Event]:
    seen: list = []
    arrived = threading.Event()
    handler = FileSystemEventHandler()

    def record(event) -> None:
        seen.append(event)
        arrived.set()

    handler.on_any_event = record
    observer = plugin.change_observer()
    observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer, seen, arrived


def test_reading_a_page_is_no_change_but_writing_one_is(tmp_path: Path) -> None:
    # MkDocs' live-reload rebuilds on every event it gets; each rebuild reads the pages,
    # so a watcher that reported reads made mkdocs serve rebuild without end.
    page = tmp_path / "blog" / "a.md"
    page.parent.mkdir()
    page.write_text("# A\n")
    observer, seen, arrived = _watching(tmp_path)
    try:
        for _ in range(3):
            page.read_text()
        page.stat()
        time.sleep(0.5)  # give a wrongly reported read the time to arrive
        assert [event.event_type for event in seen] == []
        page.write_text("# A, edited\n")
        assert arrived.wait(timeout=30)
        assert {event.event_type for event in seen} <= {"modified", "closed", "created"}
        assert any(event.src_path == str(page) for event in seen)
    finally:
        observer.stop()
        observer.join()


def test_a_page_renamed_into_place_is_a_change(tmp_path: Path) -> None:
    # build-content writes a changed page in a staging folder, then renames it in
    staging = tmp_path / "stage"
    docs = tmp_path / "docs"
    staging.mkdir()
    docs.mkdir()
    observer, seen, arrived = _watching(docs)
    try:
        (staging / "a.md").write_text("# A\n")
        (staging / "a.md").replace(docs / "a.md")
        assert arrived.wait(timeout=30)
        assert any(str(docs / "a.md") in (event.src_path, getattr(event, "dest_path", ""))
                   for event in seen)
    finally:
        observer.stop()
        observer.join()


def test_under_make_serve_mkdocs_watches_build_docs_natively_and_rebuilds_sooner(
        tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path / "site"))
    server.watch(str(docs))
    server.watch(str(config))
    waits = server.build_delay
    scaledown = plugin.ScaleDownPlugin()
    scaledown.content_built_outside = True  # SCALEDOWN_BUILD_CONTENT=false, build/docs exists
    settings = SimpleNamespace(docs_dir=str(docs), config_file_path=str(config))
    assert scaledown.on_serve(server, settings, None) is server
    assert server.build_delay < waits
    assert type(server.observer).__name__ == "ChangeObserver"
    server.server_close()
