"""Fingerprints of what a generated page is made from, for incremental builds.

A generator's unit (:class:`scaledown.site.pipeline.Unit`) names its inputs
as paths or globs relative to the project root (a folder means every file
below it) and, for inputs that are data rather than files (the catalogue
entries a page shows), a ``key`` text. :func:`fingerprint` hashes the content
of every matching file together with the key and the package's own code
(:data:`CODE`), so an output is reused only while none of them changed.

File hashes are remembered per (path, size, modification time), so a second
build in the same process (``make serve``) hashes only what changed.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "a.yaml").write_text("name: A\\n")
    >>> first = fingerprint(root, ("*.yaml",), code=False)
    >>> first == fingerprint(root, ("*.yaml",), code=False)
    True
    >>> _ = (root / "a.yaml").write_text("name: B\\n")
    >>> first == fingerprint(root, ("*.yaml",), code=False)
    False
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CODE = ("scaledown/**/*.py",)
"""The package's own modules: generators, the fit analysis, docstrings the API page shows."""
_PACKAGE = Path(__file__).resolve().parents[1]
_hashes: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file, remembered until its size or modification time changes.

    Example:
        >>> file_digest(Path("/nonexistent"))
        'missing'
    """
    try:
        info = path.stat()
    except OSError:
        return "missing"
    memo = (str(path), info.st_size, info.st_mtime_ns)
    digest = _hashes.get(memo)
    if digest is None:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return "missing"
        if len(_hashes) > 20000:
            _hashes.clear()
        _hashes[memo] = digest
    return digest


def matching_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """Every file a pattern names: a file, a folder (all files below it) or a glob.

    ``scaledown/...`` patterns are looked up in the installed package when the
    project has no ``scaledown/`` folder of its own (a test project).

    Example:
        >>> matching_files(Path("/nonexistent"), ["docs"])
        []
    """
    found: set[Path] = set()
    for pattern in patterns:
        base = root
        if pattern.startswith("scaledown/") and not (root / "scaledown").is_dir():
            base, pattern = _PACKAGE, pattern.removeprefix("scaledown/")
        target = base / pattern
        if any(ch in pattern for ch in "*?["):
            found.update(p for p in base.glob(pattern) if p.is_file())
        elif target.is_dir():
            found.update(p for p in target.rglob("*") if p.is_file())
        elif target.is_file():
            found.add(target)
    return sorted(p for p in found if "__pycache__" not in p.parts)


def files_stamp(root: Path, patterns: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, modification time) of every file ``patterns`` name: a cheap memo key.

    A page helper that several pages of one build ask for the same parsed files
    (every device page reads the deploy guides and the measurement records) keeps
    its result under this key, so the files are read once per build and again
    only after one of them changed.

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> _ = (root / "a.yaml").write_text("x: 1\\n")
        >>> [(Path(p).name, size) for p, size, _ in files_stamp(root, ["*.yaml"])]
        [('a.yaml', 5)]
    """
    stamp = []
    for path in matching_files(Path(root), patterns):
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamp)


BUILD_INPUTS = ("docs", "hardware_catalog", "tutorials", "paper_reviews", "study_groups",
                "scaledown", ".scaledown-cache", "mkdocs.yml")
"""Everything in the project a build-content run reads (``make serve`` watches the same list)."""
NOT_INPUTS = ((".scaledown-cache", "templates"), (".scaledown-cache", "compiled-fit"))
"""Folders among :data:`BUILD_INPUTS` that are no input: the engine's compiled templates,
and the compiled models' figures (a cache of what the package computes from the models)."""


def build_stamp(root: Path, *extra: Any, also: Iterable[Path] = ()) -> str:
    """One hash of every build input's path, size and modification time, plus ``extra``.

    ``also`` names more files or folders to include (a cache folder moved elsewhere
    by an environment variable, ``constraints.txt``).

    Cheap (one ``stat`` per file, nothing read): ``scaledown build-content`` compares
    it with the one its last run recorded, and when nothing changed it neither
    generates nor checks again. A file saved with the same content changes the
    stamp, which only costs a normal run.

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> (root / "docs").mkdir()
        >>> _ = (root / "docs" / "index.md").write_text("# A\\n")
        >>> first = build_stamp(root, "strict")
        >>> first == build_stamp(root, "strict"), first == build_stamp(root, "lenient")
        (True, False)
        >>> _ = (root / "docs" / "index.md").write_text("# Changed\\n")
        >>> first == build_stamp(root, "strict")
        False
    """
    import os

    root = Path(root)
    digest = hashlib.sha256(json.dumps(extra, sort_keys=True, default=str).encode())
    folders = [(name, root / name) for name in BUILD_INPUTS]
    folders += [(str(path), Path(path)) for path in also]
    if not (root / "scaledown").is_dir():  # a project without the package: the installed one
        folders.append(("<package>", _PACKAGE))
    shipped = _PACKAGE.parent / "hardware_catalog"  # what catalogue_dir(None) reads
    if shipped.is_dir() and shipped.resolve() != (root / "hardware_catalog").resolve():
        folders.append(("<package catalogue>", shipped))
    for name, top in folders:
        if not top.exists():
            digest.update(f"\0{name}\0missing".encode())
            continue
        if top.is_file():
            info = top.stat()
            digest.update(f"\0{name}\0{info.st_size}\0{info.st_mtime_ns}".encode())
            continue
        for folder, subfolders, files in os.walk(top):
            here = Path(folder).relative_to(top).parts
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__"
                                   and (name, *here, d)[:2] not in NOT_INPUTS)
            for file in sorted(files):
                try:
                    info = os.stat(os.path.join(folder, file))
                except OSError:
                    continue
                path = "/".join((name, *here, file))
                digest.update(f"\0{path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def data_key(*values: Any) -> str:
    """A stable text for data a page shows (dicts in key order; dates as text).

    Example:
        >>> data_key({"b": 1, "a": 2}) == data_key({"a": 2, "b": 1})
        True
    """
    return json.dumps(values, sort_keys=True, default=str)


def files_digest(root: Path, patterns: Iterable[str]) -> str:
    """One hash of every file ``patterns`` name (paths and contents).

    Example:
        >>> files_digest(Path("/nonexistent"), ["docs"]) == files_digest(Path("/x"), [])
        True
    """
    digest = hashlib.sha256()
    for path in matching_files(root, patterns):
        digest.update(f"\0{path}\0{file_digest(path)}".encode())
    return digest.hexdigest()


def code_digest(root: Path) -> str:
    """:func:`files_digest` of :data:`CODE`: compute it once per build, pass it to each unit."""
    return files_digest(root, CODE)


def fingerprint(root: Path, patterns: Iterable[str], key: str = "", *,
                code: bool | str = True, memo: dict | None = None) -> str:
    """One hash of the files ``patterns`` name, ``key``, and (``code``) the package's modules.

    Args:
        root: The project folder the patterns are relative to.
        patterns: Files, folders or globs (see :func:`matching_files`).
        key: Any further text the output depends on (see :func:`data_key`).
        code: Include :data:`CODE`, the package's own modules (or pass their
            :func:`code_digest`, computed once).
        memo: A dict kept for one build: units that name the same patterns share a digest.
    """
    code_part = code if isinstance(code, str) else code_digest(root) if code else ""
    patterns = tuple(patterns)
    files = memo.get(patterns) if memo is not None else None
    if files is None:
        files = files_digest(root, patterns)
        if memo is not None:
            memo[patterns] = files
    parts = (key, files, code_part)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
