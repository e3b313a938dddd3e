"""Generate, then render: write the complete docs tree an engine renders.

:func:`build_content` (``scaledown build-content``) checks the content as
``scaledown check`` does, runs every generator
(:func:`scaledown.site.pipeline.generate_all`), and writes the hand-written
pages of ``docs/`` together with the generated ones into one folder
(``build/docs/`` by default). ``mkdocs.yml`` points ``docs_dir`` at that
folder, so MkDocs (or Zensical, which runs no third-party plugins) renders it
as it stands. What the MkDocs plugin once did to pages while rendering is
done here, in the files themselves (:mod:`scaledown.site.page_edits`): the
home page's blog highlights and the posts' cover images; and, after the
checks, each page's meta description and the offline-zip link
(:mod:`scaledown.site.page_meta`). ``offline=True`` makes the tree for the
offline copy (``make offline``) in a folder of its own (``build/offline-docs/``):
there the offline-zip marker becomes a note instead of a link.

The folder is updated, not rebuilt: a file is written only when its content
changed (so an engine's ``--dirty`` or live reload sees only real changes),
and a file this command wrote before that is no longer generated is deleted.
Files it did not write are never deleted: the list of what it wrote lives in
the folder's manifest (:data:`MANIFEST`). Every changed file is first written
and flushed in a staging folder beside the target, then renamed into place;
a first build renames the whole folder into place at once, so a failed run
leaves no half-written folder behind.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "mkdocs.yml").write_text("site_name: demo\\n")
    >>> (root / "docs").mkdir()
    >>> _ = (root / "docs" / "index.md").write_text("# Demo\\n")
    >>> out = root / "build" / "docs"
    >>> build_content(root, out, generators=(), checks=False).written  # no blog: skip checks
    ['index.md', 'robots.txt']
    >>> build_content(root, out, generators=(), checks=False).written  # nothing changed
    []
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import ContentError, InputError, WriteError
from ..safe_write import check_target, write_error, write_file, write_folder

SOURCE_DIR = "docs"
"""The hand-written pages, relative to the project root."""
DEFAULT_OUT = "build/docs"
"""Where the generated docs tree goes, relative to the project root (gitignored)."""
OFFLINE_OUT = "build/offline-docs"
"""Where the docs tree of the offline copy goes (``offline=True``), beside :data:`DEFAULT_OUT`."""
MANIFEST = ".scaledown-content.json"
"""The manifest inside the generated folder: every file this command wrote, with its hash."""
MANIFEST_VERSION = 1
STAMP_FOLDERS = ("SCALEDOWN_CACHE_DIR", "SCALEDOWN_REVIEWS_CACHE_DIR")
"""Environment variables that move an input folder (the run stamp includes that folder)."""
STAMP_ENVIRONMENT = (*STAMP_FOLDERS, "SOURCE_DATE_EPOCH")
"""Environment variables the generated pages depend on (their values are in the run stamp)."""
SERIAL = "SCALEDOWN_SERIAL_BUILD"
"""Environment variable: ``1`` runs every generator unit in this process, one after another."""

log = logging.getLogger("scaledown.site.content_build")


@dataclass
class ContentReport:
    """What one :func:`build_content` run did.

    Attributes:
        out: The generated docs folder.
        written: Files (relative to ``out``) whose content was new or changed.
        removed: Files written by an earlier run that are no longer generated.
        unchanged: How many files already held the right content.
        regenerated: Names of the units that ran (the others' inputs had not changed).
        regenerated_files: The files those units made (written or not).
        touched: Files rewritten because the engine renders them from changed inputs.
        skipped: Generators replaced by stand-in pages for want of an extra.
        warnings: Check warnings (not errors), for the caller to show.
        problems: With ``checks="after"``: everything the checks found, errors too.
    """

    out: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    regenerated: list[str] = field(default_factory=list)
    regenerated_files: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    skipped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal.

        Example:
            >>> ContentReport(Path("build/docs"), written=["a.md"], unchanged=3).summary()
            'build/docs: 1 written, 0 removed, 3 unchanged'
        """
        return (f"{self.out}: {len(self.written)} written, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


def default_out(root: Path, *, offline: bool = False) -> Path:
    """The generated docs folder of the project at ``root`` (of its offline copy if ``offline``).

    Example:
        >>> default_out(Path("/p")).as_posix(), default_out(Path("/p"), offline=True).as_posix()
        ('/p/build/docs', '/p/build/offline-docs')
    """
    return Path(root) / (OFFLINE_OUT if offline else DEFAULT_OUT)


def source_files(docs: Path) -> dict[str, bytes]:
    """Every file under ``docs`` (hand-written pages, assets, dot-files) by relative path.

    Example:
        >>> import tempfile
        >>> docs = Path(tempfile.mkdtemp())
        >>> _ = (docs / "a.md").write_text("A")
        >>> source_files(docs)
        {'a.md': b'A'}
    """
    files: dict[str, bytes] = {}
    if not docs.is_dir():
        return files
    for path in sorted(docs.rglob("*")):
        if path.is_file():
            files[path.relative_to(docs).as_posix()] = path.read_bytes()
    return files


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Previous:
    """What the manifest of an earlier run says: files written, and each unit's inputs."""

    files: dict[str, str] = field(default_factory=dict)
    units: dict[str, dict] = field(default_factory=dict)
    build: dict | None = None  # the whole run: its input stamp, warnings and stand-ins


def generate(root: Path, out: Path, *, generators: Iterable[str] | None = None,
             skipped: list | None = None, previous: _Previous | None = None,
             report: ContentReport | None = None) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Every generated file (path -> bytes), rerunning only units whose inputs changed.

    A unit (:class:`scaledown.site.pipeline.Unit`) whose fingerprint matches the
    manifest of the earlier run, and whose files in ``out`` are as that run wrote
    them, is not run again: its files are read back from ``out``.

    Returns:
        (generated files, unit name -> {"fingerprint", "files"} for the manifest).
    """
    from . import inputs, pipeline

    previous = previous or _Previous()
    generated: dict[str, bytes] = {}
    records: dict[str, dict] = {}
    code, memo = inputs.code_digest(root), {}
    plan = []  # first decide which units run, so their slow work can start ahead
    for unit in pipeline.generator_units(root, skipped, only=generators):
        stamp = None if unit.always else inputs.fingerprint(root, unit.inputs, unit.key,
                                                            code=code, memo=memo)
        old = previous.units.get(unit.name) or {}
        files = None
        if stamp is not None and old.get("fingerprint") == stamp:
            files = _read_back(out, old.get("files") or [], previous.files)
        plan.append((unit, stamp, old, files))
    made: dict[str, dict[str, bytes]] = {}
    with _apart([unit for unit, _, _, files in plan if files is None]) as collect:
        started = []
        for unit, _, _, files in plan:
            if files is None and unit.ahead is not None and unit.ahead not in started:
                started.append(unit.ahead)
                unit.ahead()
        for unit, _, _, files in plan:  # the units run here, while the forked ones run there
            if files is None and unit.name not in collect.running:
                made[unit.name] = _make(unit)
        for unit, _, _, files in plan:
            if files is None and unit.name in collect.running:
                made[unit.name] = collect(unit)
    for unit, stamp, old, files in plan:
        if files is None:
            files = made[unit.name]
            if report is not None:
                report.regenerated.append(unit.name)
                report.regenerated_files.extend(sorted(files))
                if unit.touch and old.get("fingerprint") not in (None, stamp):
                    report.touched.extend(sorted(files))
        generated.update(files)
        records[unit.name] = {"fingerprint": stamp, "files": sorted(files)}
    return generated, records


def _make(unit) -> dict[str, bytes]:
    return {f.path: _as_bytes(f.content) for f in unit.make()}


class _Forked:
    """Units running in forked child processes; ``collect(unit)`` waits for one's files."""

    def __init__(self) -> None:
        self.running: dict[str, tuple[int, int]] = {}  # unit name -> (pid, read end of pipe)

    def start(self, unit) -> None:
        import pickle

        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: make the unit's files, send them, leave without cleanup
            code = 0
            try:
                os.close(read)
                try:
                    payload = pickle.dumps(_make(unit), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # the parent runs the unit itself, for its own error
                    payload, code = b"", 1
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(code)
        os.close(write)
        self.running[unit.name] = (pid, read)

    def __call__(self, unit) -> dict[str, bytes]:
        import pickle

        pid, read = self.running.pop(unit.name)
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and payload:
            return pickle.loads(payload)
        # it failed there: run it here, so a failure is reported exactly as without a fork
        return _make(unit)

    def stop(self) -> None:
        for pid, read in self.running.values():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read)
        self.running.clear()


@contextlib.contextmanager
def _apart(units: list) -> Iterator[_Forked]:
    """Fork the ``apart`` units among ``units`` to run beside the rest (when it pays).

    Only with more than one core, more than one unit to run, and no other thread
    in this process (forking a process with threads can leave their locks held).
    """
    forked = _Forked()
    if (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and len(units) > 1
            and threading.active_count() == 1 and os.environ.get(SERIAL) != "1"):
        for unit in units:
            if getattr(unit, "apart", False):
                forked.start(unit)
    try:
        yield forked
    finally:
        forked.stop()


def _read_back(out: Path, paths: Iterable[str],
               hashes: Mapping[str, str]) -> dict[str, bytes] | None:
    """The files an earlier run wrote, if each is still there as written; else None."""
    files: dict[str, bytes] = {}
    for path in paths:
        try:
            data = (out / path).read_bytes()
        except OSError:
            return None
        if hashes.get(path) != _digest(data):
            return None
        files[path] = data
    return files


def content_tree(root: Path, generated: Mapping[str, bytes], *,
                 all_generators: bool = True) -> dict[str, bytes]:
    """The complete docs tree as path -> bytes: ``docs/`` plus the ``generated`` files.

    A generated file replaces a hand-written one of the same path (with a
    warning in the log), section indexes no generator wrote get a stand-in
    (when every generator ran), ``robots.txt`` is added if missing, and the
    page edits of :mod:`scaledown.site.page_edits` are applied.

    Example:
        >>> tree = content_tree(Path("/nonexistent"), {"hardware/index.md": b"# HW"})
        >>> sorted(tree)
        ['hardware/index.md', 'learn/index.md', 'reviews/index.md', 'robots.txt']
    """
    from . import page_edits, placeholders

    root = Path(root)
    tree = source_files(root / SOURCE_DIR)
    present = {p for p in tree if p.endswith(".md")} | set(generated)
    for path, data in generated.items():
        if path in tree:
            log.warning(f"generated file {path} replaces {SOURCE_DIR}/{path}")
        tree[path] = data
    if all_generators:
        for item in placeholders.placeholders(present):
            tree[item.path] = _as_bytes(item.content)
    if "robots.txt" not in tree:
        from .robots import robots_txt
        from .siteconfig import read_site_config

        tree["robots.txt"] = robots_txt(read_site_config(root).get("site_url")).encode()
    return page_edits.apply(root, tree)


def _check(root: Path, tree: Mapping[str, bytes], *, strict: bool, writers_build: bool) -> list:
    problems = _problems(root, tree, strict=strict, writers_build=writers_build)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors, what=f"scaledown check found {len(errors)} error(s); "
                                        "nothing was written")
    return problems


def _problems(root: Path, tree: Mapping[str, bytes], *, strict: bool,
              writers_build: bool) -> list:
    from . import links, pipeline, tryit

    sources = root / SOURCE_DIR
    generated = {path: data for path, data in tree.items() if not (sources / path).is_file()}
    links.remember_generated(root, {p: _text(d) for p, d in generated.items()})
    try:
        problems = pipeline.run_checks(root)
    finally:
        links.remember_generated(root, None)
    if not strict or writers_build:
        # without the runner (a writer's build) or outside a strict build, a Try-it
        # block that has not run yet is a note on its page, not an error
        problems = tryit.lenient(problems)
    return problems


def _text(data: bytes) -> str | bytes:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _read_manifest(out: Path) -> _Previous | None:
    """What an earlier run wrote into ``out`` (files and units); None if there is no manifest."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    files, units, build = data.get("files"), data.get("units"), data.get("build")
    if not isinstance(files, dict):
        return None
    return _Previous(dict(files), dict(units) if isinstance(units, dict) else {},
                     build if isinstance(build, dict) else None)


def _check_out(root: Path, out: Path) -> _Previous | None:
    """Refuse an ``out`` that overlaps docs/ or holds files not written here; its manifest."""
    source = (root / SOURCE_DIR).resolve()
    target = out.resolve()
    if target == source or source in target.parents or target in source.parents \
            or target == root.resolve():
        raise InputError(f"cannot write the generated docs into '{out}'",
                         why=f"it overlaps the hand-written pages in '{SOURCE_DIR}/'",
                         fix=f"leave the output out (default: {DEFAULT_OUT}) or name a folder "
                             f"outside '{SOURCE_DIR}/'")
    if out.exists() and not out.is_dir():
        raise WriteError(f"cannot write the generated docs into '{out}': it is a file",
                         fix="remove the file, or name another folder")
    previous = _read_manifest(out) if out.is_dir() else None
    if previous is None and out.is_dir() and any(out.iterdir()):
        raise WriteError(f"'{out}' is not a folder 'scaledown build-content' wrote",
                         why=f"it holds files but no {MANIFEST}, and scaledown never "
                             "replaces files it did not write",
                         fix="name an empty or new folder, or remove this one yourself first")
    return previous


def build_content(root: str | Path, out: str | Path | None = None, *, strict: bool = True,
                  checks: bool | Literal["after"] = True,
                  generators: Iterable[str] | None = None,
                  offline: bool = False,
                  on_written: Callable[[ContentReport], None] | None = None) -> ContentReport:
    """Check the content, generate every page and write the docs tree an engine renders.

    Args:
        root: The project folder (holding ``mkdocs.yml`` and ``docs/``).
        out: The generated docs folder (default ``<root>/build/docs``).
        strict: Whether a paper review's Try-it block that has not run (or failed)
            is an error, as in ``mkdocs build --strict``.
        checks: Run ``scaledown check`` first and write nothing on an error (off only
            for tests and benches). ``"after"``: write first, then check and list every
            problem in the report (``make serve``: the edited page shows at once).
        generators: Names of the generators to run (default: every registered one).
        offline: Make the tree for the offline copy: the offline-zip marker becomes a
            note instead of a link. Its default folder is ``build/offline-docs``.
        on_written: Called with the report once the files are written (with
            ``checks="after"``, before the checks run: ``make serve`` says at once
            what changed).

    Returns:
        A :class:`ContentReport` of what changed.

    Raises:
        ContentError: A check found errors (each with file:line); nothing was written.
        InputError: ``out`` overlaps ``docs/``.
        WriteError: ``out`` cannot be written, or holds files this command did not write.

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> _ = (root / "mkdocs.yml").write_text("site_name: demo\\n")
        >>> build_content(root, root / "docs")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: cannot write the generated docs into '...docs'
          why: it overlaps the hand-written pages in 'docs/'
          fix: leave the output out (default: build/docs) or name a folder outside 'docs/'
    """
    root = Path(root).resolve()
    out = Path(out) if out is not None else default_out(root, offline=offline)
    if not out.is_absolute():
        out = root / out
    previous = _check_out(root, out)
    skipped: list = []
    report = ContentReport(out, skipped=skipped)
    # A whole run with its checks first can be skipped when no input changed since the
    # last one (same stamp, same files in out): it would write and report the same.
    stamp = (_run_stamp(root, strict, offline) if checks is True and generators is None
             else None)
    if stamp is not None and previous is not None and _unchanged_since(out, previous, stamp):
        report = _as_before(report, previous)
        if on_written is not None:
            on_written(report)
        return report
    from .page_urls import offline_copy

    # the offline copy's pages end in .html: links written as HTML (redirects) follow
    with offline_copy() if offline else contextlib.nullcontext():
        generated, units = generate(root, out, generators=generators, skipped=skipped,
                                    previous=previous, report=report)
        tree = content_tree(root, generated, all_generators=generators is None)
        if checks and checks != "after":
            report.warnings = _check(root, tree, strict=strict, writers_build=bool(skipped))
        # after the checks: they report lines of the pages as written in docs/ and by generators
        from . import page_meta

        published = page_meta.apply(root, tree, offline=offline)
        build = None if stamp is None else _run_record(stamp, report)
        with _writing(out):
            _write_tree(out, published, units, report, build)
        if on_written is not None:
            on_written(report)
        if checks == "after":
            report.problems = _problems(root, tree, strict=strict, writers_build=bool(skipped))
    return report


def _run_stamp(root: Path, strict: bool, offline: bool) -> str:
    """The stamp of one whole run: every input file, the options, the day, the extras."""
    import datetime as dt
    import sys

    from ..version import __version__
    from . import missing_extras, pipeline
    from .inputs import build_stamp

    needs = sorted((name, missing_extras.missing_modules(modules))
                   for name, (_, modules, _) in pipeline.GENERATOR_NEEDS.items())
    # caches the environment moves elsewhere, the build time it may fix, the locked versions
    moved = {name: os.environ.get(name) for name in STAMP_ENVIRONMENT}
    also = [root / "constraints.txt", *(Path(moved[name]) for name in STAMP_FOLDERS
                                         if moved.get(name))]
    # the day: the Learn section and the catalogue's due dates change with it
    return build_stamp(root, MANIFEST_VERSION, __version__, sys.version, strict, offline, moved,
                       dt.date.today().isoformat(), needs, sorted(pipeline.GENERATORS.items()),
                       sorted(pipeline.CHECKERS.items()), sorted(pipeline.GENERATOR_UNITS.items()),
                       also=also)


def _run_record(stamp: str, report: ContentReport) -> dict:
    from dataclasses import asdict

    return {"stamp": stamp,
            "warnings": [{**asdict(p), "path": str(p.path)} for p in report.warnings],
            "skipped": [asdict(s) for s in report.skipped]}


def _unchanged_since(out: Path, previous: _Previous, stamp: str) -> bool:
    """Whether the last run had this stamp and every file it wrote is still as written."""
    build = previous.build or {}
    if build.get("stamp") != stamp:
        return False
    return _read_back(out, previous.files, previous.files) is not None


def _as_before(report: ContentReport, previous: _Previous) -> ContentReport:
    """The report of a run that changes nothing: the last run's warnings and stand-ins."""
    from . import missing_extras
    from .pipeline import Problem

    build = previous.build or {}
    report.unchanged = len(previous.files)
    report.warnings = [Problem(**w) for w in build.get("warnings") or []]
    report.skipped.extend(missing_extras.Skipped(s["generator"], s["extra"], tuple(s["missing"]))
                          for s in build.get("skipped") or [])
    return report


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Hold a lock beside ``out`` while writing: two builds at once take turns."""
    try:
        import fcntl
    except ImportError:  # not on this platform: no lock
        yield
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = open(out.parent / f".{out.name}.lock", "w")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise write_error(exc, out) from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()


def _write_tree(out: Path, tree: Mapping[str, bytes], units: Mapping[str, dict],
                report: ContentReport, build: Mapping | None = None) -> None:
    previous = _read_manifest(out) or _Previous()
    before = previous.files
    manifest = {path: _digest(data) for path, data in tree.items()}
    if not out.exists():
        def fill(folder: Path) -> None:
            for path, data in tree.items():
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            _write_manifest_file(folder / MANIFEST, manifest, units, build)

        write_folder(out, fill)
        report.written = sorted(tree)
        return
    changed = {path: data for path, data in tree.items() if not _holds(out / path, data)}
    report.unchanged = len(tree) - len(changed)
    _replace_files(out, changed)
    report.written = sorted(changed)
    for path in report.touched:
        if path not in changed and (out / path).is_file():
            os.utime(out / path)  # the engine renders it from inputs that changed
    for path in sorted(set(before) - set(tree)):
        target = out / path
        if target.is_file():
            try:
                target.unlink()
            except OSError as exc:
                raise write_error(exc, target) from exc
            _remove_empty_parents(target.parent, out)
        report.removed.append(path)
    if (changed or report.removed or before != manifest or previous.units != units
            or previous.build != build):
        write_file(out / MANIFEST, _manifest_text(manifest, units, build))


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _replace_files(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into a staging folder beside ``out``, flush them, then rename each."""
    if not files:
        return
    for path in files:
        check_target(out / path)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as exc:
        raise write_error(exc, out) from exc
    try:
        try:
            for path, data in files.items():
                tmp = stage / path
                tmp.parent.mkdir(parents=True, exist_ok=True)
                with open(tmp, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            for path in files:
                target = out / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / path, target)
        except OSError as exc:
            raise write_error(exc, out) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _manifest_text(files: Mapping[str, str], units: Mapping[str, dict],
                   build: Mapping | None = None) -> str:
    data = {"version": MANIFEST_VERSION, "files": dict(sorted(files.items())),
            "units": dict(sorted(units.items()))}
    if build is not None:
        data["build"] = dict(build)
    return json.dumps(data, indent=1) + "\n"


def _write_manifest_file(path: Path, files: Mapping[str, str], units: Mapping[str, dict],
                         build: Mapping | None = None) -> None:
    path.write_text(_manifest_text(files, units, build), encoding="utf-8")
