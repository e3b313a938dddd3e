"""``scaledown measure LOG --device ID``: a serial log becomes a measurement record.

Reads the last ``SDRESULT v1`` line of LOG (a file, or ``-`` for standard
input) and writes a YAML record to ``hardware_catalog/measurements/<id>.yaml``
(or ``--out``). An existing file is refused unless ``--overwrite`` is given;
the record is written to a temporary file next to it and moved into place,
so nothing half-written is left behind. Then open a pull request with the
file: ``scaledown check`` validates it like every catalogue entry.

Example:
    >>> import tempfile, pathlib
    >>> log = pathlib.Path(tempfile.mkdtemp()) / "serial.txt"
    >>> _ = log.write_text("hello from the board\\n")
    >>> main(["measure", str(log), "--device", "raspberry-pi-pico"])
    1
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import main  # noqa: F401  (the doctest above runs the command through it)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "measure", help="turn a board's serial log (SDRESULT line) into a measurement record")
    parser.add_argument("log", help="the serial log as a text file, or - for standard input")
    parser.add_argument("--device", "-d", required=True,
                        help="catalogue id of the board it ran on, e.g. raspberry-pi-pico")
    parser.add_argument("--model", "-m", type=Path, default=None,
                        help="the model file (or sd.compile folder) the firmware was built "
                        "from: its SHA-256 must match the line's model_sha256")
    parser.add_argument("--out", "-o", type=Path, default=None,
                        help="the record file to write (default: "
                        "hardware_catalog/measurements/<id>.yaml)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace the record file if it exists")
    parser.add_argument("--handle", default=None,
                        help="your public handle (e.g. GitHub user name) to credit; "
                        "left out by default, never an e-mail address")
    parser.add_argument("--clock-mhz", type=float, default=None,
                        help="the core clock during the run, when the line has no clock_hz")
    parser.add_argument("--example", action="store_true",
                        help="mark the record as an example (not a real contribution)")
    parser.add_argument("--print", dest="print_only", action="store_true",
                        help="print the record instead of writing it")
    parser.set_defaults(func=run)


def _read_log(name: str) -> str:
    from ..errors import InputError

    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read the log {path}", why=exc.strerror or str(exc),
                         fix="pass the text file your serial monitor saved") from None


def write_record(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically; refuse an existing file unless ``overwrite``.

    Folders that did not exist are created, and removed again if writing fails.

    Example:
        >>> import tempfile, pathlib
        >>> taken = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
        >>> _ = taken.write_text("mine")
        >>> write_record(taken, "new")
        Traceback (most recent call last):
        ...
        scaledown.errors.ExportError: .../r.yaml already exists
          fix: pass --overwrite to replace it, or --out with a new file name
        >>> taken.read_text()
        'mine'
    """
    from ..errors import ExportError

    if path.exists() and (path.is_dir() or not overwrite):
        what = "is a folder" if path.is_dir() else "already exists"
        fix = ("pass a file name, e.g. --out records/run.yaml" if path.is_dir()
               else "pass --overwrite to replace it, or --out with a new file name")
        raise ExportError(f"{path} {what}", fix=fix)
    made = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=".measure-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if overwrite:
            os.replace(tmp_name, path)
        else:
            os.link(tmp_name, path)  # fails if someone created it meanwhile
            os.unlink(tmp_name)
        tmp_name = None
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        for folder in made:  # deepest first: only folders this call created
            try:
                folder.rmdir()
            except OSError:
                break
        raise ExportError(f"cannot write the record {path}", why=exc.strerror or str(exc),
                          fix="pass --out with a file in a folder you can write to") from None
    return path


def run(args: argparse.Namespace) -> int:
    from ..hardware.location import catalogue_dir
    from ..measurements.record import record_from_log, record_yaml
    from ..measurements.store import FOLDER
    from ..project import project_root

    record = record_from_log(_read_log(args.log), args.device, model=args.model,
                             handle=args.handle, example=args.example, clock_mhz=args.clock_mhz)
    text = record_yaml(record)
    if args.print_only:
        print(text, end="")
        return 0
    out = args.out or catalogue_dir(project_root()) / FOLDER / f"{record['id']}.yaml"
    write_record(out, text, overwrite=args.overwrite)
    kind = "emulated (virtual board)" if record["emulated"] else "hardware"
    print(f"wrote {out} ({kind} record for {args.device})")
    print("next: scaledown check, then open a pull request with the file")
    return 0
