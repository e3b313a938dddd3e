"""Write many files all at once or not at all.

An import touches posts, images, the authors file and the redirect map. A
:class:`Staging` collects every file's new content first; :meth:`Staging.commit`
then writes each one to a temporary file beside its target and renames them
into place. If anything fails on the way, the files already renamed get their
old content back, new ones and new folders are removed, and the project is as
it was. Nothing that existed before is deleted.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> stage = Staging()
    >>> stage.add(root / "docs/a.md", "A\\n")
    'create'
    >>> stage.add(root / "docs/img/b.png", b"\\x89PNG")
    'create'
    >>> [p.name for p in stage.commit()]
    ['a.md', 'b.png']
    >>> Staging().add(root / "docs/a.md", "A\\n")
    'unchanged'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Literal

from ..errors import ScaleDownError

Status = Literal["create", "update", "unchanged"]


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ScaleDownError(
            f"{path} is a folder, but the import needs to write a file there",
            fix="rename or move that folder, then run the import again",
        ) from None


class Staging:
    """New file contents, kept in memory until :meth:`commit` writes them together."""

    def __init__(self) -> None:
        self.files: dict[Path, bytes] = {}
        self.before: dict[Path, bytes | None] = {}

    def add(self, path: str | Path, content: str | bytes) -> Status:
        """Stage ``content`` for ``path``; returns what committing will do to it.

        Staging the same path twice keeps the last content.

        Example:
            >>> Staging().add(Path("/nonexistent/x.txt"), "x")
            'create'
        """
        path = Path(path)
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        if path not in self.before:
            self.before[path] = _current(path)
        self.files[path] = data
        return self.status(path)

    def status(self, path: str | Path) -> Status:
        """``create``, ``update`` or ``unchanged`` for a staged path.

        Example:
            >>> stage = Staging()
            >>> _ = stage.add(Path("/nonexistent/y.txt"), "y")
            >>> stage.status(Path("/nonexistent/y.txt"))
            'create'
        """
        path = Path(path)
        old = self.before[path]
        if old is None:
            return "create"
        return "unchanged" if old == self.files[path] else "update"

    def changes(self) -> list[Path]:
        """The staged paths whose content will change, in staging order.

        Example:
            >>> Staging().changes()
            []
        """
        return [p for p in self.files if self.status(p) != "unchanged"]

    def commit(self) -> list[Path]:
        """Write every changed file, or none of them; returns the paths written.

        Raises:
            ScaleDownError: a file could not be written (the project is left as it was).
        """
        paths = self.changes()
        made_dirs: list[Path] = []
        temps: dict[Path, Path] = {}
        done: list[Path] = []
        try:
            for path in paths:
                _make_parents(path.parent, made_dirs)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                temps[path] = Path(tmp)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self.files[path])
            for path in paths:
                os.replace(temps[path], path)
                del temps[path]
                done.append(path)
        except OSError as exc:
            self._undo(done, temps, made_dirs)
            raise ScaleDownError(
                f"could not write {exc.filename or 'a file'}: {exc.strerror or exc}",
                why="the import writes all its files together or none of them",
                fix="check that the project folder is writable and has free space; "
                    "nothing was changed",
            ) from None
        except BaseException:
            self._undo(done, temps, made_dirs)
            raise
        return paths

    def _undo(self, done: list[Path], temps: dict[Path, Path], made_dirs: list[Path]) -> None:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for path in reversed(done):
            old = self.before[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):  # not empty: something else lives there now
                folder.rmdir()


def _make_parents(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for item in reversed(missing):
        item.mkdir()
        made.append(item)
