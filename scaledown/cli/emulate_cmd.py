"""``scaledown emulate MODEL --core cortex-m4``: run a model on a virtual board.

MODEL is a model file (compiled with ``sd.compile`` first) or a folder
``sd.compile`` wrote. Prints the board's figures (flash, RAM, stack,
instructions) and whether its output equals the host's. Exit code 0 when it
does, 1 when it differs or on an error.

Example:
    Without the Arm toolchain at hand, a core the board does not have is refused
    before any work (the message goes to standard error):

    >>> from scaledown.cli import main
    >>> from scaledown.datasets import mlperf_tiny
    >>> main(["emulate", str(mlperf_tiny("ad")), "--core", "cortex-m85"])
    1
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..virtual_board.cores import CORES

    parser = subparsers.add_parser(
        "emulate", help="run a model on an emulated Cortex-M board: output check, exact sizes")
    parser.add_argument("model", type=Path,
                        help="model file, or a folder sd.compile wrote (with sd_model.h)")
    parser.add_argument("--core", "-c", default="cortex-m4",
                        help=f"the core to emulate: {', '.join(CORES)} (default: cortex-m4)")
    parser.add_argument("--input", type=Path, default=None,
                        help="one input sample: raw int8 bytes (.bin) or a NumPy .npy file "
                        "(default: a fixed pseudo-random sample)")
    parser.add_argument("--out", "-o", type=Path, default=None,
                        help="keep the image (firmware.elf) and its map in this folder")
    parser.add_argument("--no-count", action="store_true",
                        help="skip the instruction count (Unicorn)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds the emulated run may take (default: 120)")
    parser.add_argument("--log", type=Path, default=None,
                        help="write the result line, with the instruction count, to this new "
                        "file (for scaledown measure)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def _read_input(path: Path | None):
    if path is None:
        return None
    from ..errors import InputError

    try:
        if path.suffix == ".npy":
            import numpy as np

            return np.load(path, allow_pickle=False)
        return path.read_bytes()
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the input sample {path}", why=str(exc),
                         fix="pass raw int8 bytes (.bin) or a .npy file") from None


def run(args: argparse.Namespace) -> int:
    from ..api.emulate import emulate
    from ..virtual_board.run import DEFAULT_TIMEOUT_S

    if args.log is not None and args.log.exists():
        from ..errors import ExportError

        raise ExportError(f"{args.log} already exists",
                          fix="pass a new file name for --log, or move the old file away")
    result = emulate(args.model, core=args.core, input=_read_input(args.input), out=args.out,
                     count=not args.no_count,
                     timeout=DEFAULT_TIMEOUT_S if args.timeout is None else args.timeout)
    if args.log is not None:
        _write_log(args.log, result.counted_line)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result)
    return 0 if result.passed else 1


def _write_log(path: Path, line: str) -> None:
    from ..errors import ExportError

    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write("# scaledown emulate: QEMU printed this line; instr= is Unicorn's count\n")
            handle.write(line + "\n")
    except OSError as exc:
        raise ExportError(f"cannot write the log {path}", why=str(exc),
                          fix="pass a file in a folder you can write to") from None
