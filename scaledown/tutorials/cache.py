"""The import-aware cache of executed tutorials.

A notebook cache that keys on the notebook alone goes stale: the notebook
stays the same while the library it imports moves on. Each run here records
three things beside the executed notebook:

* the hash of the tutorial's source,
* the hash of ``constraints.txt`` (the locked dependency versions), and the
  installed version of every distribution the kernel imported (a package
  upgraded without touching the pins still counts),
* every file of the tracked packages (``scaledown``) that the kernel had
  imported when the last cell finished, with the hash of its content.

A tutorial re-runs when any of these changed, so editing
``scaledown/api/prune.py`` re-runs only the tutorials that imported it.

Layout, under ``<cache_dir>/<slug>/``: ``record.json`` and ``executed.ipynb``.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> module = folder / "mod.py"
    >>> _ = module.write_text("x = 1\\n")
    >>> record = {"status": "passed", "source_hash": "s", "constraints_hash": "c",
    ...           "imports": {str(module): file_hash(module)}}
    >>> stale_reason(record, source_hash="s", constraints_hash="c")
    >>> _ = module.write_text("x = 2\\n")
    >>> stale_reason(record, source_hash="s", constraints_hash="c")  # doctest: +ELLIPSIS
    'imported file changed: .../mod.py'
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

RECORD = "record.json"
EXECUTED = "executed.ipynb"


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes ("missing" if it does not exist).

    Example:
        >>> file_hash(Path("/nonexistent/file"))
        'missing'
    """
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def default_cache_dir(root: Path) -> Path:
    """``$SCALEDOWN_CACHE_DIR`` if set, else ``<root>/.scaledown-cache/tutorials``.

    Example:
        >>> default_cache_dir(Path("/repo")).as_posix()  # doctest: +SKIP
        '/repo/.scaledown-cache/tutorials'
    """
    env = os.environ.get("SCALEDOWN_CACHE_DIR")
    return Path(env) if env else root / ".scaledown-cache" / "tutorials"


def constraints_hash(root: Path) -> str:
    """Hash of the locked dependency versions in ``constraints.txt``.

    Example:
        >>> constraints_hash(Path("/nonexistent"))
        'missing'
    """
    return file_hash(root / "constraints.txt")


def stale_reason(record: dict[str, Any] | None, *, source_hash: str,
                 constraints_hash: str, source_name: str = "tutorial source") -> str | None:
    """Why a tutorial must run again, or None when its cached run is still valid.

    Example:
        >>> stale_reason(None, source_hash="a", constraints_hash="b")
        'never ran'
        >>> stale_reason({"status": "failed"}, source_hash="a", constraints_hash="b")
        'last run failed'
    """
    if not record:
        return "never ran"
    if record.get("status") != "passed":
        return "last run failed"
    if record.get("source_hash") != source_hash:
        return f"{source_name} changed"
    if record.get("constraints_hash") != constraints_hash:
        return "locked dependencies (constraints.txt) changed"
    for name, digest in sorted(record.get("imports", {}).items()):
        if file_hash(Path(name)) != digest:
            return f"imported file changed: {name}"
    for dist, version in sorted(record.get("dists", {}).items()):
        now = installed_version(dist)
        if now != version:
            return f"installed {dist} changed: {version} -> {now or 'not installed'}"
    return None


def installed_version(dist: str) -> str | None:
    """The installed version of a distribution, or None.

    Example:
        >>> installed_version("pyyaml") is not None, installed_version("no-such-dist-xyz")
        (True, None)
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


CHANGED_DURING_RUN = "changed-during-run"


def hash_imports(files: list[str], since: float | None = None) -> dict[str, str]:
    """Map each imported file to the hash of its content.

    A file modified after ``since`` (a ``time.time()`` taken before the run)
    may have been imported in its old state, so it is recorded as
    ``"changed-during-run"``: never a valid hash, the next run will re-run.

    Example:
        >>> hash_imports([])
        {}
        >>> import time
        >>> f = Path(tempfile.mkdtemp()) / "m.py"
        >>> _ = f.write_text("x = 1")
        >>> hash_imports([str(f)], since=time.time() + 60)[str(f)] != CHANGED_DURING_RUN
        True
        >>> hash_imports([str(f)], since=time.time() - 60)[str(f)]
        'changed-during-run'
    """
    out = {}
    for name in sorted(set(files)):
        path = Path(name)
        try:
            late = since is not None and path.stat().st_mtime > since
        except OSError:
            late = False
        out[name] = CHANGED_DURING_RUN if late else file_hash(path)
    return out


def load_record(cache_dir: Path, slug: str) -> dict[str, Any] | None:
    """The last run's record for ``slug``, or None.

    Example:
        >>> load_record(Path("/nonexistent"), "x") is None
        True
    """
    try:
        return json.loads((cache_dir / slug / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def executed_path(cache_dir: Path, slug: str) -> Path:
    """Where the last passing executed notebook of ``slug`` is kept.

    Example:
        >>> executed_path(Path("c"), "x").as_posix()
        'c/x/executed.ipynb'
    """
    return cache_dir / slug / EXECUTED


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and a rename.

    Example:
        >>> target = Path(tempfile.mkdtemp()) / "a" / "b.json"
        >>> atomic_write(target, "{}")
        >>> target.read_text()
        '{}'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_record(cache_dir: Path, slug: str, record: dict[str, Any]) -> None:
    """Store the record of a run (atomically).

    Example:
        >>> folder = Path(tempfile.mkdtemp())
        >>> save_record(folder, "x", {"status": "passed"})
        >>> load_record(folder, "x")
        {'status': 'passed'}
    """
    atomic_write(cache_dir / slug / RECORD, json.dumps(record, indent=2, sort_keys=True))


def all_records(cache_dir: Path) -> dict[str, dict[str, Any]]:
    """Every stored record, by slug.

    Example:
        >>> all_records(Path("/nonexistent"))
        {}
    """
    if not cache_dir.is_dir():
        return {}
    records = {}
    for folder in sorted(cache_dir.iterdir()):
        record = load_record(cache_dir, folder.name)
        if record is not None:
            records[folder.name] = record
    return records
