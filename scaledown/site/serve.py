"""``make serve``: keep ``build/docs/`` up to date while an engine serves it.

``python -m scaledown.site.serve`` runs ``scaledown build-content`` once, starts
the engine's own live-reload server on the generated folder (``mkdocs serve
--dirty`` by default: MkDocs renders only the pages whose file changed), then
watches the inputs (:data:`WATCHED`) and reruns build-content incrementally in
this process whenever one changes: only the pages made from the changed input
are regenerated, only files whose text changed are written, and the engine's
watcher on ``build/docs/`` shows them. A change to the package's own modules
reruns build-content in a fresh process, so changed generator code is used.

A content error is printed with its file and line and the previous pages stay
served; fix the file and the next save rebuilds. Ctrl-C stops both.

No MkDocs import: the engine runs in its own process, named by ``--engine``
(``mkdocs``) or given whole with ``--engine-command``.

Example:
    >>> engine_command("mkdocs", "127.0.0.1:8000")[-4:]
    ['serve', '--dirty', '--dev-addr', '127.0.0.1:8000']
    >>> relevant(Path("/p"), Path("/p/docs/blog/posts/a.md"))
    True
    >>> relevant(Path("/p"), Path("/p/build/docs/index.md"))
    False
    >>> relevant(Path("/p"), Path("/p/.scaledown-cache/templates/x.cache"))
    False
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

WATCHED = ("docs", "hardware_catalog", "tutorials", "paper_reviews", "study_groups",
           "scaledown", ".scaledown-cache", "mkdocs.yml")
"""What the generated folder is made from, relative to the project root."""
DEBOUNCE_S = 0.05
"""How long to wait for more changes after one (an editor's save writes several times)."""


def engine_command(engine: str, address: str) -> list[str]:
    """The command that serves ``build/docs/`` with live reload for ``engine``.

    Example:
        >>> engine_command("mkdocs", "0.0.0.0:8001")[1:3]
        ['-m', 'mkdocs']
    """
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", address]
    from ..errors import InputError

    raise InputError(f"unknown engine '{engine}'", why="this command knows: mkdocs",
                     fix="pass --engine mkdocs, or the whole serve command with "
                         "--engine-command")


def relevant(root: Path, path: Path) -> bool:
    """Whether a changed ``path`` is an input of the generated folder.

    Example:
        >>> relevant(Path("/p"), Path("/p/scaledown/__pycache__/x.pyc"))
        False
    """
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if not parts or parts[0] not in WATCHED or parts[:2] == (".scaledown-cache", "templates"):
        return False  # (the engine's own template cache is no input)
    name = parts[-1]
    return "__pycache__" not in parts and not name.startswith(".#") and not name.endswith(
        ("~", ".swp", ".tmp"))


def is_code(root: Path, path: Path) -> bool:
    """Whether ``path`` is one of the package's modules (generator code may have changed).

    Example:
        >>> is_code(Path("/p"), Path("/p/scaledown/site/home.py"))
        True
    """
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    return bool(parts) and parts[0] == "scaledown" and path.suffix == ".py"


class Rebuilder:
    """Collects changed paths from the watcher and reruns build-content for them."""

    def __init__(self, root: Path, *, strict: bool = False) -> None:
        self.root = root
        self.strict = strict
        self.changed: set[Path] = set()
        self.wake = threading.Event()
        self.lock = threading.Lock()

    def notice(self, path: str | bytes) -> None:
        """Called by the watcher for every changed path."""
        changed = Path(os.fsdecode(path))
        if relevant(self.root, changed):
            with self.lock:
                self.changed.add(changed)
            self.wake.set()

    def build(self, *, fresh_process: bool = False) -> bool:
        """Run build-content; print what changed or the problems. True if it succeeded."""
        from ..errors import ScaleDownError
        from .content_build import build_content

        start = time.perf_counter()
        if fresh_process:
            command = [sys.executable, "-m", "scaledown.cli", "build-content",
                       "--root", str(self.root), *([] if self.strict else ["--lenient"])]
            return subprocess.run(command, check=False).returncode == 0
        try:
            # the page shows at once; problems are printed as soon as the checks ran
            report = build_content(self.root, strict=self.strict, checks="after")
        except ScaleDownError as exc:
            print(f"build-content: {exc}\n(the site keeps the last good pages; save again "
                  "after fixing)", file=sys.stderr, flush=True)
            return False
        took = time.perf_counter() - start
        regenerated = f", {len(report.regenerated)} generator unit(s) rerun" \
            if report.regenerated else ""
        print(f"build-content: {len(report.written)} written, {len(report.removed)} removed"
              f"{regenerated} in {took:.2f} s", file=sys.stderr, flush=True)
        for problem in report.problems:
            print(problem, file=sys.stderr, flush=True)
        return not any(p.severity == "error" for p in report.problems)

    def loop(self, stop: threading.Event) -> None:
        """Rebuild after each burst of changes until ``stop`` is set."""
        while not stop.is_set():
            if not self.wake.wait(timeout=0.5):
                continue
            time.sleep(DEBOUNCE_S)
            self.wake.clear()
            with self.lock:
                changed, self.changed = self.changed, set()
            if changed:
                self.build(fresh_process=any(is_code(self.root, p) for p in changed))


def _watch(root: Path, rebuilder: Rebuilder):  # -> a started watchdog Observer
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            rebuilder.notice(event.src_path)
            dest = getattr(event, "dest_path", "")
            if dest:
                rebuilder.notice(dest)

    observer = Observer()
    handler = Handler()
    for name in WATCHED:
        target = root / name
        if target.is_dir():
            observer.schedule(handler, str(target), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # mkdocs.yml
    observer.start()
    return observer


def serve(root: Path, command: Sequence[str], *, strict: bool = False) -> int:
    """Build, start the engine's server, rebuild on change until interrupted."""
    rebuilder = Rebuilder(root, strict=strict)
    if not rebuilder.build() and not (root / "build" / "docs").is_dir():
        return 1  # nothing to serve yet: the problems are printed above
    env = {**os.environ, "SCALEDOWN_BUILD_CONTENT": "false"}  # the plugin leaves it to us
    engine = subprocess.Popen(list(command), cwd=root, env=env)
    signal.signal(signal.SIGTERM, _stop)  # a terminated serve stops its engine too
    stop = threading.Event()
    observer = _watch(root, rebuilder)
    worker = threading.Thread(target=rebuilder.loop, args=(stop,), daemon=True)
    worker.start()
    try:
        return engine.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        observer.stop()
        if engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m scaledown.site.serve [--dev-addr HOST:PORT] [--engine mkdocs]``."""
    from .pipeline import project_root

    parser = argparse.ArgumentParser(prog="python -m scaledown.site.serve",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="where to serve")
    parser.add_argument("--engine", default="mkdocs", help="the engine that serves the site")
    parser.add_argument("--engine-command", default=None,
                        help="the whole serve command of another engine, e.g. "
                             "'zensical serve -f zensical.yml'")
    parser.add_argument("--strict", action="store_true",
                        help="a review's Try-it that has not run is an error, not a note")
    args = parser.parse_args(argv)
    root = project_root(args.root)
    command = (shlex.split(args.engine_command) if args.engine_command
               else engine_command(args.engine, args.dev_addr))
    return serve(root, command, strict=args.strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
