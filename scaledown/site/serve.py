"""``make serve``: keep ``build/docs/`` up to date while an engine serves it.

``python -m scaledown.site.serve`` runs ``scaledown build-content`` once, starts
the engine's own live-reload server on the generated folder, then watches the
inputs (:data:`WATCHED`) and reruns build-content incrementally in this process
whenever one changes: only the pages made from the changed input are
regenerated, only files whose text changed are written, and the engine's
watcher on ``build/docs/`` shows them. A change to the package's own modules
reruns build-content in a fresh process, so changed generator code is used.

Two engines (``--engine``, :data:`ENGINES`):

* ``mkdocs`` (default): ``mkdocs serve --dirty``, which renders only the pages
  whose file changed;
* ``zensical``: ``zensical serve`` with the overlay config of
  :func:`scaledown.site.zensical_build.overlay_config` (``INHERIT: mkdocs.yml``,
  the generated folder, its own output folder :data:`ZENSICAL_SITE_DIR`),
  written once the first build-content ran and removed when serving stops,
  Ctrl-C included. Zensical has no strict mode on serve.

Both serve the site under the path of ``site_url`` (``/scaledown/``); the
address printed at start (:func:`site_address`) says where.

A content error is printed with its file and line and the previous pages stay
served; fix the file and the next save rebuilds. Ctrl-C stops both.

No MkDocs import: the engine runs in its own process, named by ``--engine``
or given whole with ``--engine-command``.

Example:
    >>> engine_command("mkdocs", "127.0.0.1:8000")[-4:]
    ['serve', '--dirty', '--dev-addr', '127.0.0.1:8000']
    >>> engine_command("zensical", "127.0.0.1:8000", Path("/p/.zensical-1.yml"))[-5:]
    ['serve', '-f', '/p/.zensical-1.yml', '-a', '127.0.0.1:8000']
    >>> relevant(Path("/p"), Path("/p/docs/blog/posts/a.md"))
    True
    >>> relevant(Path("/p"), Path("/p/build/docs/index.md"))
    False
    >>> relevant(Path("/p"), Path("/p/.scaledown-cache/templates/x.cache"))
    False
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

WATCHED = ("docs", "hardware_catalog", "tutorials", "paper_reviews", "study_groups",
           "scaledown", ".scaledown-cache", "mkdocs.yml")
"""What the generated folder is made from, relative to the project root."""
DEBOUNCE_S = 0.05
"""How long to wait for more changes after one (an editor's save writes several times)."""
ENGINES = ("mkdocs", "zensical")
"""The engines ``--engine`` knows; any other is served with ``--engine-command``."""
ZENSICAL_SITE_DIR = "build/zensical-serve"
"""Where ``zensical serve`` renders (not ``build/zensical-site``, the strict build's)."""


def engine_command(engine: str, address: str, config: str | Path | None = None) -> list[str]:
    """The command that serves ``build/docs/`` with live reload for ``engine``.

    Args:
        engine: One of :data:`ENGINES`.
        address: ``HOST:PORT`` to serve at.
        config: Zensical only: the overlay config it reads (see :func:`engine_session`).

    Raises:
        InputError: An unknown engine, or Zensical without its config.
        RuntimeNotInstalledError: Zensical is not installed (names the extra).

    Example:
        >>> engine_command("mkdocs", "0.0.0.0:8001")[1:3]
        ['-m', 'mkdocs']
    """
    from ..errors import InputError

    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", address]
    if engine == "zensical":
        from .zensical_build import zensical_command

        command = zensical_command()  # first: a missing extra is the error to see
        if config is None:
            raise InputError("Zensical serves from an overlay config; none was given",
                             fix="call engine_command('zensical', address, config) inside "
                                 "engine_session(), which writes that config")
        return [*command, "serve", "-f", str(config), "-a", address]
    raise InputError(f"unknown engine '{engine}'",
                     why="this command knows: " + ", ".join(ENGINES),
                     fix="pass --engine mkdocs or zensical, or the serve command with "
                         "--engine-command")


@contextlib.contextmanager
def engine_session(root: Path, engine: str,
                   address: str) -> Iterator[tuple[list[str], Path | None]]:
    """The engine's serve command, with what it needs on disk for as long as the block runs.

    For Zensical that is the overlay config beside ``mkdocs.yml``
    (:func:`scaledown.site.zensical_build.overlay_config`, rendering into
    :data:`ZENSICAL_SITE_DIR`); it is deleted when the block ends, however it
    ends. MkDocs needs nothing.

    Yields:
        (the serve command, the overlay config or ``None``).

    Raises:
        InputError: See :func:`engine_command`; for Zensical also no ``mkdocs.yml``
            or no ``build/docs/`` yet.
        RuntimeNotInstalledError: Zensical is not installed.

    Example:
        >>> with engine_session(Path("/p"), "mkdocs", "127.0.0.1:8000") as (command, config):
        ...     command[-1], config
        ('127.0.0.1:8000', None)
    """
    if engine != "zensical":
        yield engine_command(engine, address), None
        return
    from .content_build import DEFAULT_OUT
    from .zensical_build import overlay_config

    engine_command(engine, address, "-")  # a missing extra fails before anything is written
    with overlay_config(root, DEFAULT_OUT, ZENSICAL_SITE_DIR) as config:
        yield engine_command(engine, address, config), config


def refresh_config(config: Path) -> None:
    """Write ``config`` again as it is, so an engine that watches only it sees a change.

    Zensical reloads the overlay config it was given when that file changes,
    but not the ``mkdocs.yml`` it inherits; serve calls this after a change to
    ``mkdocs.yml`` has been built.

    Example:
        >>> import tempfile
        >>> config = Path(tempfile.mkdtemp()) / "overlay.yml"
        >>> _ = config.write_text("INHERIT: mkdocs.yml\\n")
        >>> refresh_config(config); config.read_text()
        'INHERIT: mkdocs.yml\\n'
    """
    # in place, not renamed over: a watcher on the file itself keeps watching it
    with contextlib.suppress(OSError):  # gone already (serving is ending): nothing to tell
        config.write_bytes(config.read_bytes())


def site_address(root: Path, address: str) -> str:
    """Where the served site is: ``address`` plus the path of ``site_url`` in ``mkdocs.yml``.

    Both engines serve the site under that path (Zensical also redirects ``/``
    to it), as the published site is.

    Example:
        >>> site_address(Path("/nonexistent"), "127.0.0.1:8000")
        'http://127.0.0.1:8000/'
    """
    from urllib.parse import urlsplit

    from .siteconfig import read_site_config

    try:
        url = str(read_site_config(root).get("site_url") or "")
    except (OSError, ValueError):
        url = ""
    path = urlsplit(url).path or "/"
    return f"http://{address}{path if path.endswith('/') else path + '/'}"


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
    """Collects changed paths from the watcher and reruns build-content for them.

    It prints one line as soon as the files are written, with how long that took
    after the first change of the burst was seen (the engine's rebuild starts
    there), and one when the checks, which run after writing, are done.
    """

    def __init__(self, root: Path, *, strict: bool = False) -> None:
        self.root = root
        self.strict = strict
        self.changed: set[Path] = set()
        self.first_seen: float | None = None
        self.config_changed: Callable[[], None] | None = None  # after mkdocs.yml was built
        self.wake = threading.Event()
        self.lock = threading.Lock()

    def notice(self, path: str | bytes) -> None:
        """Called by the watcher for every changed path."""
        changed = Path(os.fsdecode(path))
        if relevant(self.root, changed):
            with self.lock:
                self.changed.add(changed)
                if self.first_seen is None:
                    self.first_seen = time.perf_counter()
            self.wake.set()

    def build(self, *, fresh_process: bool = False, since: float | None = None) -> bool:
        """Run build-content; print what changed or the problems. True if it succeeded.

        ``since``: when the change was first seen (``time.perf_counter()``), for the
        printed "after the change" figure.
        """
        from ..errors import ScaleDownError
        from .content_build import build_content

        start = time.perf_counter()
        if fresh_process:
            command = [sys.executable, "-m", "scaledown.cli", "build-content",
                       "--root", str(self.root), *([] if self.strict else ["--lenient"])]
            return subprocess.run(command, check=False).returncode == 0
        written_at = [start]

        def written(report) -> None:  # the engine sees the files from here on
            written_at[0] = time.perf_counter()
            regenerated = f", {len(report.regenerated)} generator unit(s) rerun" \
                if report.regenerated else ""
            after = f" ({written_at[0] - since:.2f} s after the change)" if since else ""
            print(f"build-content: {len(report.written)} written, {len(report.removed)} "
                  f"removed{regenerated} in {written_at[0] - start:.2f} s{after}",
                  file=sys.stderr, flush=True)

        try:
            # the page shows at once; problems are printed as soon as the checks ran
            report = build_content(self.root, strict=self.strict, checks="after",
                                   on_written=written)
        except ScaleDownError as exc:
            print(f"build-content: {exc}\n(the site keeps the last good pages; save again "
                  "after fixing)", file=sys.stderr, flush=True)
            return False
        errors = sum(p.severity == "error" for p in report.problems)
        print(f"build-content: checks done in {time.perf_counter() - written_at[0]:.2f} s, "
              f"{errors} error(s), {len(report.problems) - errors} warning(s)",
              file=sys.stderr, flush=True)
        for problem in report.problems:
            print(problem, file=sys.stderr, flush=True)
        return not errors

    def loop(self, stop: threading.Event) -> None:
        """Rebuild after each burst of changes until ``stop`` is set."""
        while not stop.is_set():
            if not self.wake.wait(timeout=0.5):
                continue
            time.sleep(DEBOUNCE_S)
            self.wake.clear()
            with self.lock:
                changed, self.changed = self.changed, set()
                since, self.first_seen = self.first_seen, None
            if changed:
                self.build(fresh_process=any(is_code(self.root, p) for p in changed),
                           since=since)
                if self.config_changed is not None and self.root / "mkdocs.yml" in changed:
                    self.config_changed()


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


def serve(root: Path, command: Sequence[str] | None = None, *, engine: str = "mkdocs",
          address: str = "127.0.0.1:8000", strict: bool = False) -> int:
    """Build, start the engine's server, rebuild on change until interrupted.

    Args:
        root: The project folder.
        command: A whole serve command (``--engine-command``); default: ``engine``'s.
        engine: One of :data:`ENGINES`, when no ``command`` is given.
        address: ``HOST:PORT`` for ``engine`` (a ``command`` names its own).
        strict: A review's Try-it that has not run is an error, not a note.

    Returns:
        The engine's exit status (0 after Ctrl-C); 1 when nothing could be built.
    """
    rebuilder = Rebuilder(root, strict=strict)
    if command is None:
        engine_command(engine, address, "-")  # a missing extra: say so before building
    main_thread = threading.current_thread() is threading.main_thread()
    # a terminated serve cleans up as on Ctrl-C (the handler only works in the main thread)
    previous = signal.signal(signal.SIGTERM, _stop) if main_thread else None
    try:
        if not rebuilder.build() and not (root / "build" / "docs").is_dir():
            return 1  # nothing to serve yet: the problems are printed above
        session = (contextlib.nullcontext((list(command), None)) if command is not None
                   else engine_session(root, engine, address))
        with session as (engine_cmd, config):
            if config is not None:
                rebuilder.config_changed = lambda: refresh_config(config)
            if command is None:
                print(f"serve: {engine} serves the site at {site_address(root, address)}",
                      file=sys.stderr, flush=True)
            return _run_engine(root, engine_cmd, rebuilder)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _run_engine(root: Path, command: Sequence[str], rebuilder: Rebuilder) -> int:
    env = {**os.environ, "SCALEDOWN_BUILD_CONTENT": "false"}  # the plugin leaves it to us
    stop = threading.Event()
    engine = observer = None
    try:  # Ctrl-C at any point from here on stops everything and returns 0
        engine = subprocess.Popen(list(command), cwd=root, env=env)
        observer = _watch(root, rebuilder)
        worker = threading.Thread(target=rebuilder.loop, args=(stop,), daemon=True)
        worker.start()
        return engine.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        if observer is not None:
            observer.stop()
        if engine is not None and engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m scaledown.site.serve [--dev-addr HOST:PORT] [--engine mkdocs|zensical]``.

    Example:
        >>> main(["--engine", "hugo"])
        error: unknown engine 'hugo'
          why: this command knows: mkdocs, zensical
          fix: pass --engine mkdocs or zensical, or the serve command with --engine-command
        1
    """
    from ..errors import ScaleDownError
    from .pipeline import project_root

    parser = argparse.ArgumentParser(prog="python -m scaledown.site.serve",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="where to serve")
    parser.add_argument("--engine", default="mkdocs",
                        help="the engine that serves the site: " + " or ".join(ENGINES))
    parser.add_argument("--engine-command", default=None,
                        help="the whole serve command of another engine (it serves "
                             "build/docs/ itself; --engine and --dev-addr are not used)")
    parser.add_argument("--strict", action="store_true",
                        help="a review's Try-it that has not run is an error, not a note "
                             "(build-content's checks; no engine serves strictly)")
    args = parser.parse_args(argv)
    try:
        if not args.engine_command:
            engine_command(args.engine, args.dev_addr, "-")  # before any work
        root = project_root(args.root)
        command = shlex.split(args.engine_command) if args.engine_command else None
        return serve(root, command, engine=args.engine, address=args.dev_addr,
                     strict=args.strict)
    except ScaleDownError as exc:
        print(f"error: {exc}")
        return 1
    except KeyboardInterrupt:  # Ctrl-C during the first build
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
