"""Run tutorials with nbclient: a kernel per worker, a per-cell timeout, a clear report.

Each tutorial runs in a fresh kernel in its own working folder. A final cell,
added by the runner and removed before the notebook is saved, prints which
files of the tracked packages the kernel imported; :mod:`.cache` keys on
them. Runs are scheduled on one asyncio loop with ``jobs`` kernels at a time
(nbclient is asynchronous, and each kernel is its own process, so ``jobs``
kernels use ``jobs`` cores).

Example:
    >>> failure = CellFailure("tutorials/01-x.py", 3, "x = 1\\n1 / 0", "ZeroDivisionError",
    ...                       "division by zero", "Traceback ...")
    >>> print(str(failure).splitlines()[0])
    tutorials/01-x.py: cell 3 raised ZeroDivisionError: division by zero
"""

from __future__ import annotations

import asyncio
import difflib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ..errors import TutorialError
from ..version import __version__
from . import cache
from .metadata import Tutorial

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_RECORD_TAG = "scaledown-import-record"
# The last cell the runner adds: which files of the tracked packages were
# imported, and the installed version of every distribution that was imported.
_RECORDER = """\
import importlib.metadata as _sd_md, json as _sd_json, sys as _sd_sys
_sd_tops = {{_n.split(".")[0] for _n in list(_sd_sys.modules)}}
_sd_dists = {{}}
for _sd_top, _sd_names in _sd_md.packages_distributions().items():
    if _sd_top in _sd_tops and _sd_top not in {packages!r}:
        for _sd_name in _sd_names:
            try:
                _sd_dists[_sd_name] = _sd_md.version(_sd_name)
            except _sd_md.PackageNotFoundError:
                pass
print(_sd_json.dumps({{"files": sorted({{
    _m.__file__ for _n, _m in list(_sd_sys.modules.items())
    if _n.split(".")[0] in {packages!r} and getattr(_m, "__file__", None)
}}), "dists": _sd_dists}}))
"""


class NotebookJob(Protocol):
    """Anything the runner can execute besides a tutorial (a review's Try-it block).

    It has a ``slug`` (its cache folder) and a ``path`` (its source file, for
    messages), builds its own notebook, keys the cache on its own source
    hash, and maps a failing cell (with its traceback) to a line of its file.
    """

    slug: str
    path: Path
    source_name: str  # what a changed source is called in reasons ("Try-it block")

    def notebook(self) -> Any: ...

    def source_hash(self) -> str: ...

    def cell_line(self, index: int, traceback: str) -> int | None: ...


@dataclass
class CellFailure:
    """Where and how a tutorial failed."""

    notebook: str
    cell: int
    first_lines: str
    ename: str
    evalue: str
    traceback: str
    timed_out: bool = False

    def __str__(self) -> str:
        if self.cell < 1:  # nothing ran: the kernel did not start or died at once
            return f"{self.notebook}: the kernel failed before any cell ran: {self.ename}: " \
                   f"{self.evalue}\n  see kernel.log in the tutorial's cache folder"
        what = ("timed out" if self.timed_out else f"raised {self.ename}: {self.evalue}")
        source = "\n".join(f"    | {line}" for line in self.first_lines.splitlines())
        text = (f"{self.notebook}: cell {self.cell} {what}\n"
                f"  cell {self.cell} starts with:\n{source}")
        if self.traceback:
            text += "\n  traceback:\n" + "\n".join(f"    {line}" for line in
                                                   self.traceback.splitlines())
        return text


@dataclass
class RunResult:
    """The outcome of one tutorial: ``passed``, ``failed`` or ``cached``."""

    slug: str
    path: str
    status: str
    duration_s: float
    reason: str | None = None
    failure: CellFailure | None = None
    imports: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def select(tutorials: Sequence[Tutorial], names: Sequence[str] | None) -> list[Tutorial]:
    """Pick tutorials by slug, file stem or file name; unknown names raise.

    Example:
        >>> from pathlib import Path
        >>> t = Tutorial(Path("tutorials/01-first.py"), "first", 1, "T", "S", "beginner",
        ...              5, (), ("newcomer",), ())
        >>> [x.slug for x in select([t], ["01-first.py"])]
        ['first']
        >>> select([t], ["frist"])
        Traceback (most recent call last):
        ...
        scaledown.errors.TutorialError: no tutorial named 'frist'
          why: tutorials are named by slug or file name
          fix: did you mean 'first'? (see 'ls tutorials/')
    """
    if not names:
        return list(tutorials)
    chosen = []
    for name in names:
        key = Path(name).name.removesuffix(".py")
        match = [t for t in tutorials if key in (t.slug, t.path.stem)]
        if not match:
            known = [t.slug for t in tutorials] + [t.path.stem for t in tutorials]
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise TutorialError(f"no tutorial named '{name}'",
                                why="tutorials are named by slug or file name",
                                fix=f"{hint}(see 'ls tutorials/')")
        chosen.extend(m for m in match if m not in chosen)
    return chosen


def usable_cores() -> int:
    """Cores this process may run on (the CPU affinity where the OS reports it).

    Example:
        >>> usable_cores() >= 1
        True
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def kernel_env(root: Path, extra: dict[str, str] | None = None,
               threads: int | None = None) -> dict[str, str]:
    """Environment for tutorial kernels: quiet TensorFlow, fixed hash seed, model folder.

    ``threads`` caps the compute threads of each kernel (TensorFlow's and
    OpenMP's pools), so ``jobs`` kernels share the cores instead of each
    starting a thread per core; a value the user already set is kept.

    Example:
        >>> env = kernel_env(Path("/repo"), threads=1)
        >>> env["SCALEDOWN_TUTORIAL_MODELS"], env["TF_NUM_INTRAOP_THREADS"]
        ('/repo/.scaledown-cache/tutorial-models', '1')
    """
    env = dict(os.environ)
    if threads:
        for name in ("TF_NUM_INTRAOP_THREADS", "OMP_NUM_THREADS"):
            env.setdefault(name, str(threads))
    env.update({
        "PYTHONHASHSEED": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "SCALEDOWN_TUTORIAL_MODELS": str(root / ".scaledown-cache" / "tutorial-models"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    env.update(extra or {})
    return env


def source_line(source: Path, cell_index: int) -> int | None:
    """File line where cell ``cell_index`` (0-based) starts in a percent-format source.

    Example:
        >>> import tempfile
        >>> f = Path(tempfile.mkdtemp()) / "t.py"
        >>> _ = f.write_text("# %%\\nx = 1\\n\\n# %%\\n1 / 0\\n")
        >>> source_line(f, 1)
        5
    """
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    markers = [i + 1 for i, line in enumerate(lines) if line.startswith("# %%")]
    return markers[cell_index] + 1 if 0 <= cell_index < len(markers) else None


def _failure(nb: Any, path: str, index: int, exc: BaseException,
             source: Path | None = None,
             cell_line: Callable[[int, str], int | None] | None = None) -> CellFailure:
    from nbclient.exceptions import CellTimeoutError

    cell = nb.cells[index] if 0 <= index < len(nb.cells) else {"source": "", "outputs": []}
    trace = "\n".join(_ANSI.sub("", "\n".join(o.get("traceback", [])))
                      for o in cell.get("outputs", []) if o.get("output_type") == "error")
    if cell_line is not None:  # a job that knows where its cells sit in its source file
        line = cell_line(index, trace)
    else:
        line = source_line(source, index) if source else None
    path = f"{path}:{line}" if line else path
    first = "\n".join(cell.get("source", "").splitlines()[:4])
    if isinstance(exc, CellTimeoutError):  # checked first: the interrupt that stops the cell
        # leaves a KeyboardInterrupt in its outputs once the kernel has been shut down
        return CellFailure(path, index + 1, first, "CellTimeoutError", str(exc).splitlines()[0],
                           "", timed_out=True)
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return CellFailure(path, index + 1, first, output.get("ename", "Error"),
                               output.get("evalue", ""), trace)
    return CellFailure(path, index + 1, first, type(exc).__name__,
                       _ANSI.sub("", str(exc)).strip().splitlines()[0] if str(exc) else "", "")


async def _execute(tutorial: Tutorial, root: Path, cache_dir: Path, *, timeout: float,
                   env: dict[str, str], packages: tuple[str, ...], reason: str) -> RunResult:
    import jupytext
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    rel = str(tutorial.path.relative_to(root)) if tutorial.path.is_relative_to(root) else str(
        tutorial.path)
    source_hash = job_source_hash(tutorial)
    own_notebook = getattr(tutorial, "notebook", None)
    nb = own_notebook() if callable(own_notebook) else jupytext.read(tutorial.path,
                                                                     fmt="py:percent")
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    recorder = nbformat.v4.new_code_cell(_RECORDER.format(packages=set(packages)))
    recorder.metadata["tags"] = [_RECORD_TAG]
    nb.cells.append(recorder)
    workdir = cache_dir / tutorial.slug / "work"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    current = {"index": -1}

    def on_cell(cell: Any, cell_index: int, **_: Any) -> None:
        current["index"] = cell_index

    # IPC sockets: nothing listens on TCP, even on loopback. They live in a short
    # private temp folder, not the work folder: a Unix socket path may hold at most
    # 107 bytes, which a project in a deep folder would exceed.
    sockets = Path(tempfile.mkdtemp(prefix="sd-kernel-"))
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                 ip=str(sockets / "k"))
    client = NotebookClient(nb, km=manager, timeout=timeout, kernel_name="python3",
                            allow_errors=False, record_timing=True, on_cell_execute=on_cell,
                            startup_timeout=120,
                            # Output written by C libraries (TensorFlow's start-up logging)
                            # goes to kernel.log, not into the page; Python output stays.
                            extra_arguments=["--IPKernelApp.capture_fd_output=False"])
    started = datetime.now(UTC)
    wall = time.time()
    clock = time.perf_counter()
    failure = None
    log = (cache_dir / tutorial.slug / "kernel.log").open("wb")
    try:
        # The kernel's own stderr (start-up warnings, crashes) goes to kernel.log.
        # cleanup_kc: nbclient shuts down only kernels it created itself; without it each
        # run would leave its kernel (and the frameworks it loaded) alive until we exit.
        await client.async_execute(cwd=str(workdir), env=env, stderr=log, cleanup_kc=True)
    except Exception as exc:  # any failure is reported against the notebook's cell
        failure = _failure(nb, rel, current["index"], exc, tutorial.path,
                           getattr(tutorial, "cell_line", None))
    finally:
        log.close()
        shutil.rmtree(sockets, ignore_errors=True)
    duration = time.perf_counter() - clock
    imports: list[str] = []
    dists: dict[str, str] = {}
    if failure is None:
        outputs = nb.cells[-1].get("outputs", [])
        text = "".join(o.get("text", "") for o in outputs
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        found = json.loads(text.strip().splitlines()[-1]) if text.strip() else {}
        imports, dists = found.get("files", []), found.get("dists", {})
    nb.cells = [c for c in nb.cells if _RECORD_TAG not in c.get("metadata", {}).get("tags", [])]
    record = {
        "slug": tutorial.slug,
        "path": rel,
        "status": "passed" if failure is None else "failed",
        "source_hash": source_hash,
        "constraints_hash": cache.constraints_hash(root),
        "imports": cache.hash_imports(imports, since=wall),
        "dists": dict(sorted(dists.items())),
        "scaledown_version": __version__,
        "python": sys.version.split()[0],
        "started": started.isoformat(timespec="seconds"),
        "duration_s": round(duration, 2),
        "failure": asdict(failure) if failure else None,
    }
    if failure is None:
        nb.metadata["scaledown_run"] = {k: record[k] for k in
                                        ("scaledown_version", "started", "duration_s")}
        cache.atomic_write(cache.executed_path(cache_dir, tutorial.slug), nbformat.writes(nb))
    cache.save_record(cache_dir, tutorial.slug, record)
    shutil.rmtree(workdir, ignore_errors=True)
    return RunResult(tutorial.slug, rel, record["status"], duration, reason, failure, imports)


def job_source_hash(job: Tutorial | NotebookJob) -> str:
    """The hash that keys a job's cache entry: its own, or its source file's.

    A tutorial is keyed on its ``.py`` file. Another job (a paper review's
    Try-it block) brings its own ``source_hash()``, so editing the prose
    around the block does not re-run it.

    Example:
        >>> t = Tutorial(Path("/nonexistent.py"), "x", 1, "T", "S", "beginner", 5, (), (), ())
        >>> job_source_hash(t)
        'missing'
    """
    own = getattr(job, "source_hash", None)
    return own() if callable(own) else cache.file_hash(job.path)


def plan(tutorials: Sequence[Tutorial], root: Path, cache_dir: Path,
         force: bool = False) -> list[tuple[Tutorial, str | None]]:
    """Each tutorial with the reason it must run, or None when its cache is valid.

    Example:
        >>> plan([], Path("."), Path("/nonexistent"))
        []
    """
    constraints = cache.constraints_hash(root)
    out = []
    for tutorial in tutorials:
        if force:
            out.append((tutorial, "forced"))
            continue
        record = cache.load_record(cache_dir, tutorial.slug)
        reason = cache.stale_reason(record, source_hash=job_source_hash(tutorial),
                                    constraints_hash=constraints,
                                    source_name=getattr(tutorial, "source_name",
                                                        "tutorial source"))
        if reason is None and not cache.executed_path(cache_dir, tutorial.slug).is_file():
            reason = "executed notebook missing"
        out.append((tutorial, reason))
    return out


def run(tutorials: Sequence[Tutorial], root: Path, *, cache_dir: Path | None = None,
        jobs: int | None = None, timeout: float = 180, force: bool = False,
        env: dict[str, str] | None = None, packages: Sequence[str] = ("scaledown",),
        on_start: Callable[[Tutorial, str], None] | None = None,
        on_done: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run the tutorials whose cache is stale, ``jobs`` kernels at a time.

    Args:
        tutorials: What to consider (see :func:`select`).
        root: The project root (holds ``constraints.txt``).
        cache_dir: Where records and executed notebooks go.
        jobs: Kernels at once; default: the number of cores.
        timeout: Seconds one cell may take before it is stopped.
        force: Ignore the cache and run everything.
        env: Extra environment variables for the kernels.
        packages: Top-level packages whose imported files key the cache.
        on_start: Called when a tutorial starts, with the reason it runs.
        on_done: Called with each result as it finishes (cached ones first).

    Returns:
        One :class:`RunResult` per tutorial, in the order given.

    Example:
        >>> run([], Path("."), cache_dir=Path("/nonexistent"))
        []
    """
    cache_dir = cache_dir or cache.default_cache_dir(root)
    jobs = max(1, jobs or usable_cores())
    kernel_vars = kernel_env(root, env, threads=max(1, usable_cores() // jobs))
    results: dict[str, RunResult] = {}
    todo = []
    for tutorial, reason in plan(tutorials, root, cache_dir, force):
        if reason is None:
            record = cache.load_record(cache_dir, tutorial.slug) or {}
            result = RunResult(tutorial.slug, record.get("path", str(tutorial.path)), "cached",
                               0.0, None, None, sorted(record.get("imports", {})))
            results[tutorial.slug] = result
            if on_done:
                on_done(result)
        else:
            todo.append((tutorial, reason))
    # Longest first (by the last run's duration; never-run ones count as long), so the
    # slowest tutorial does not start last and leave the other kernels idle at the end.
    last = {t.slug: (cache.load_record(cache_dir, t.slug) or {}).get("duration_s") for t, _ in todo}
    todo.sort(key=lambda item: -(last[item[0].slug] or float("inf")))

    async def one(tutorial: Tutorial, reason: str, gate: asyncio.Semaphore) -> None:
        async with gate:
            if on_start:
                on_start(tutorial, reason)
            result = await _execute(tutorial, root, cache_dir, timeout=timeout, env=kernel_vars,
                                    packages=tuple(packages), reason=reason)
            results[tutorial.slug] = result
            if on_done:
                on_done(result)

    async def all_of_them() -> None:
        gate = asyncio.Semaphore(jobs)
        await asyncio.gather(*(one(t, r, gate) for t, r in todo))

    if todo:
        asyncio.run(all_of_them())
    return [results[t.slug] for t in tutorials]
