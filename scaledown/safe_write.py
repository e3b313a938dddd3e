"""Write outputs so that nothing the user had is lost and nothing half-written is left.

Every file scaledown writes for a user (``Model.save``, ``sd.export``, each
command's ``-o``) goes through this module:

* :func:`check_target` refuses what must never be overwritten: an existing
  folder at the output path (scaledown never deletes a folder it did not
  create), a parent that is a file, a folder this user cannot write to, and,
  when asked, an existing file.
* :func:`write_file` and :func:`write_folder` let a writer fill a temporary
  path beside the target, flush it to disk (``fsync``), then move it into
  place with ``os.replace``: readers see the old file or the new one, never
  a mix. On any failure the temporary path is removed.
* :func:`write_into_folder` puts several files into a folder (created if
  missing) the same way, keeping the folder's other files.
* :func:`write_error` turns an ``OSError`` (disk full, no permission...) into
  a :class:`~scaledown.errors.WriteError` that says what to do.

It imports nothing but the standard library and :mod:`scaledown.errors`.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_file(folder / "a.bin", b"ok").read_bytes()
    b'ok'
    >>> write_file(folder, b"ok")
    Traceback (most recent call last):
    ...
    scaledown.errors.WriteError: cannot write to '...': it is an existing folder
      why: scaledown never deletes or replaces a folder it did not create
      fix: name a file inside it, e.g. '.../model...', or remove the folder yourself first
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import ScaleDownError, WriteError, first_line

Writer = Callable[[Path], None]
"""Fills the temporary path it is given (a file, or a folder for SavedModel)."""

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota of this user is used up",
    errno.EACCES: "this user may not write there",
    errno.EPERM: "this user may not write there",
    errno.EROFS: "the file system is read-only",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "a folder is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
}
_FIX = {
    errno.ENOSPC: "free some disk space, or write to another disk",
    errno.EDQUOT: "free some space, or write to another disk",
    errno.EROFS: "choose a folder on a writable disk",
    errno.ENAMETOOLONG: "choose a shorter name",
}


def write_error(exc: OSError, path: Path, *, error: type[WriteError] = WriteError) -> WriteError:
    """A beginner's :class:`~scaledown.errors.WriteError` for an ``OSError`` on ``path``.

    Example:
        >>> print(write_error(OSError(errno.ENOSPC, "No space left on device"), Path("m.tflite")))
        cannot write 'm.tflite': the disk is full
          why: OSError: [Errno 28] No space left on device
          fix: free some disk space, or write to another disk
    """
    reason = _WHY.get(exc.errno or 0, "the operating system refused")
    fix = _FIX.get(exc.errno or 0, "choose a folder you can write to, e.g. one in your project, "
                                    "and check its free space")
    return error(f"cannot write '{path}': {reason}",
                 why=f"{type(exc).__name__}: {first_line(exc)}", fix=fix)


def scratch_write_error(exc: BaseException) -> WriteError | None:
    """A WriteError when ``exc`` is a full or unwritable temp folder, else ``None``.

    Converters write scratch files into the system's temp folder; when that
    fails for want of space or permission, the fix is about the disk, not the model.

    Example:
        >>> scratch_write_error(OSError(errno.ENOSPC, "No space left on device")).what
        "cannot write '...': the disk is full"
        >>> scratch_write_error(ValueError("bad graph")) is None
        True
    """
    disk = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
    if isinstance(exc, OSError) and exc.errno in disk:
        return write_error(exc, Path(tempfile.gettempdir()))
    return None


def _nearest_existing(path: Path) -> Path:
    return next((p for p in (path, *path.parents) if p.exists()), Path("/"))


def check_target(
    path: str | Path,
    *,
    replace: bool = True,
    suffix: str | None = None,
    error: type[WriteError] = WriteError,
) -> Path:
    """Raise unless ``path`` can be written without losing anything we did not create.

    Args:
        path: Where a file (or a new folder) will be written.
        replace: Whether an existing *file* there may be replaced (atomically).
            Existing folders are always refused.
        suffix: The extension the file should have, for the example name a
            refusal suggests (default: ``path``'s own).
        error: The error class to raise (``ExportError`` for firmware files).

    Returns:
        ``path`` as a ``Path``.

    Raises:
        WriteError: ``path`` is an existing folder, an existing file while
            ``replace`` is false, below a file, or in a folder this user cannot write.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "m.onnx"
        >>> _ = target.write_bytes(b"old")
        >>> check_target(target) == target
        True
        >>> check_target(target, replace=False)
        Traceback (most recent call last):
        ...
        scaledown.errors.WriteError: '...m.onnx' already exists
          why: scaledown does not replace a file unless asked to
          fix: pass --force to replace it, or name another output with -o
    """
    path = Path(path)
    if path.is_dir():
        example = path / f"model{suffix or path.suffix or '.tflite'}"
        raise error(f"cannot write to '{path}': it is an existing folder",
                    why="scaledown never deletes or replaces a folder it did not create",
                    fix=f"name a file inside it, e.g. '{example}', or remove the folder "
                        "yourself first")
    if path.exists() and not replace:
        raise error(f"'{path}' already exists",
                    why="scaledown does not replace a file unless asked to",
                    fix="pass --force to replace it, or name another output with -o")
    found = _nearest_existing(path.parent)
    if not found.is_dir():
        raise error(f"cannot write '{path}': '{found}' is a file, not a folder",
                    why="a file cannot hold other files",
                    fix="choose an output path whose folders are folders")
    if not os.access(found, os.W_OK | os.X_OK):
        raise error(f"cannot write '{path}'",
                    why=f"'{found}' is not writable by this user",
                    fix="choose a folder you can write to, e.g. one inside your project")
    return path


def _fsync(path: Path) -> None:
    """Flush ``path`` (every file below it, for a folder) to the disk."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for file in files:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible on every platform)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _as_writer(content: bytes | str | Writer) -> Writer:
    if isinstance(content, str):
        text = content

        def write_text(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")

        return write_text
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)

        def write_bytes(tmp: Path) -> None:
            tmp.write_bytes(data)

        return write_bytes
    return content


def _stage(path: Path, error: type[WriteError]) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a short prefix: a long target name must not make the temp name too long
        return Path(tempfile.mkdtemp(prefix=f".{path.name[:40]}.", dir=path.parent))
    except OSError as exc:
        raise write_error(exc, path, error=error) from exc


def _run_writer(write: Writer, tmp: Path, path: Path, error: type[WriteError]) -> None:
    """Run ``write(tmp)`` and flush everything it wrote beside ``tmp`` to the disk."""
    try:
        write(tmp)
        _fsync(tmp.parent)
    except ScaleDownError:
        raise
    except OSError as exc:
        raise write_error(exc, path, error=error) from exc
    except Exception as exc:  # a backend's writer failed: say so, not a stack trace
        raise error(f"writing '{path}' failed", why=f"{type(exc).__name__}: {first_line(exc)}",
                    fix="check the folder's permissions and free disk space, and that the "
                        "model loads and runs") from exc


def write_file(
    path: str | Path,
    content: bytes | str | Writer,
    *,
    also: Sequence[str | Path] = (),
    error: type[WriteError] = WriteError,
) -> Path:
    """Write one file atomically: temp file beside it, ``fsync``, ``os.replace``.

    Args:
        path: The file to write. An existing file is replaced; an existing
            folder is refused.
        content: Bytes, text (UTF-8), or a writer that fills the temp path.
        also: Files the writer puts beside the temp file under their own
            names (an OpenVINO ``.bin`` next to its ``.xml``); moved before ``path``.
        error: The error class to raise.

    Returns:
        ``path``.

    Raises:
        WriteError: ``path`` (or one of ``also``) is a folder, or the OS
            refused the write; nothing is left behind.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp()) / "net.xml"
        >>> def both(tmp):
        ...     _ = tmp.write_text("<net/>"); _ = tmp.with_suffix(".bin").write_bytes(b"w")
        >>> write_file(out, both, also=[out.with_suffix(".bin")]).with_suffix(".bin").read_bytes()
        b'w'
    """
    path = Path(path)
    companions = [Path(p) for p in also]
    for target in (path, *companions):
        check_target(target, error=error)
    stage = _stage(path, error)
    try:
        _run_writer(_as_writer(content), stage / path.name, path, error)
        try:
            for target in (*companions, path):
                check_target(target, error=error)  # nothing appeared there meanwhile
                os.replace(stage / target.name, target)
        except OSError as exc:
            raise write_error(exc, path, error=error) from exc
        _fsync_folder(path.parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return path


def write_folder(path: str | Path, write: Writer, *, error: type[WriteError] = WriteError
                 ) -> Path:
    """Create a new folder (a SavedModel) atomically; an existing one is refused.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp()) / "saved"
        >>> def fill(tmp):
        ...     tmp.mkdir(); _ = (tmp / "saved_model.pb").write_bytes(b"pb")
        >>> sorted(p.name for p in write_folder(out, fill).iterdir())
        ['saved_model.pb']
    """
    path = check_target(path, error=error)
    if path.exists():
        raise error(f"cannot write the folder '{path}': a file is in the way",
                    why="scaledown replaces files only with files",
                    fix="choose a folder path where nothing exists yet")
    stage = _stage(path, error)
    try:
        _run_writer(write, stage / path.name, path, error)
        try:
            check_target(path, error=error)
            os.rename(stage / path.name, path)
        except OSError as exc:
            raise write_error(exc, path, error=error) from exc
        _fsync_folder(path.parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return path


def write_into_folder(
    folder: str | Path,
    files: Mapping[str, bytes | str],
    *,
    error: type[WriteError] = WriteError,
) -> list[Path]:
    """Write ``files`` (name -> content) into ``folder``; a failure changes nothing.

    Every file is written and flushed in a staging folder first; only then
    are they moved in. A missing folder is created (moved into place whole);
    in an existing one, files with other names are kept and files with these
    names are replaced atomically, one by one.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp()) / "fw"
        >>> [p.name for p in write_into_folder(out, {"a.h": "x", "a.cc": "y"})]
        ['a.h', 'a.cc']
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise error(f"cannot write into '{folder}': it is a file, not a folder",
                    fix="pass a folder path (it is created if missing)")
    for name in files:
        check_target(folder / name, error=error)
    created = not folder.exists()
    stage = _stage(folder, error) if created else None
    try:
        if stage is None:
            try:
                stage = Path(tempfile.mkdtemp(prefix=".scaledown-", dir=folder))
            except OSError as exc:
                raise write_error(exc, folder, error=error) from exc
        inner = stage / folder.name if created else stage
        try:
            inner.mkdir(exist_ok=True)
            for name, content in files.items():
                _as_writer(content)(inner / name)
            _fsync(inner)
            if created:
                os.rename(inner, folder)
            else:
                for name in files:
                    os.replace(inner / name, folder / name)
        except OSError as exc:
            raise write_error(exc, folder, error=error) from exc
        _fsync_folder(folder if not created else folder.parent)
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
    return [folder / name for name in files]
