"""The ``-o`` rule every command that writes a model follows, and its ``--force`` flag.

A file the user named with ``-o`` may be replaced (atomically). A default
output name that already exists is refused unless ``--force`` is given, so a
command run twice never silently replaces a file the user did not name. An
existing folder is always refused, and so is the input file itself.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "m-int8.tflite").write_bytes(b"old")
    >>> check_output(folder / "m-int8.tflite", named=False, force=False, source=folder / "m.keras")
    Traceback (most recent call last):
    ...
    scaledown.errors.WriteError: '...m-int8.tflite' already exists
      why: scaledown does not replace a file unless asked to
      fix: pass --force to replace it, or name another output with -o
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError


def add_force_flag(parser: argparse.ArgumentParser) -> None:
    """Add ``--force``: replace an existing output file that ``-o`` did not name.

    Example:
        >>> p = argparse.ArgumentParser()
        >>> add_force_flag(p)
        >>> p.parse_args(["--force"]).force
        True
    """
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it exists (folders are never replaced)")


def check_output(
    out: Path,
    *,
    named: bool,
    force: bool,
    source: Path,
    also: Sequence[Path] = (),
    suffix: str | None = None,
) -> Path:
    """Raise before any work starts if writing ``out`` would lose something.

    Args:
        out: The output file.
        named: The user gave ``out`` with ``-o`` (then it may be replaced).
        force: ``--force`` was given.
        source: The input model, which is never overwritten.
        also: Files written beside ``out`` (an OpenVINO ``.bin``).
        suffix: The extension the output needs, for the example a refusal gives.

    Returns:
        ``out``.

    Raises:
        InputError: ``out`` is the input file.
        WriteError: ``out`` (or one of ``also``) is a folder, or exists and
            neither ``named`` nor ``force`` allows replacing it, or cannot be written.

    Example:
        >>> check_output(Path("m.keras"), named=True, force=False, source=Path("m.keras"))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: the output 'm.keras' is the input model
          fix: choose another output path with -o
    """
    from ..safe_write import check_target

    for target in (out, *also):
        if target.resolve() == source.resolve():
            raise InputError(f"the output '{target}' is the input model",
                             fix="choose another output path with -o")
        check_target(target, replace=named or force, suffix=suffix)
    return out
