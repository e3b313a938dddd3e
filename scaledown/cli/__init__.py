"""The ``scaledown`` command.

Each sub-command lives in its own module in this package and exposes
``register(subparsers)``; the module list below is the only registry. Parsers
are built without importing any ML framework, so ``scaledown --help`` is fast.

Example:
    >>> main(["--version"])
    scaledown 0.1.0
    0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..errors import ScaleDownError, first_line
from ..version import __version__

# module names in this package, in the order --help lists them
COMMAND_MODULES: tuple[str, ...] = (
    "new",
    "check",
    "build_content_cmd",
    "import_cmd",
    "inspect_cmd",
    "convert_cmd",
    "quantize_cmd",
    "prune_cmd",
    "benchmark_cmd",
    "compare_cmd",
    "fit_cmd",
    "export_cmd",
    "compile_cmd",
    "emulate_cmd",
    "measure_cmd",
    "tutorials_cmd",
    "reviews_cmd",
)


class CommandParser(argparse.ArgumentParser):
    """``argparse`` with a fix line under each usage error, pointing at the command's help."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n"
                     f"  fix: run '{self.prog} --help' to see what each flag takes\n")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="scaledown",
        description="TinyML made learnable: models, boards and the ScaleDown site.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


# commands that load TensorFlow or a runtime: their C++ log lines are filtered out
MODEL_COMMANDS: frozenset[str] = frozenset(
    {"inspect", "convert", "quantize", "prune", "benchmark", "compare", "fit", "export", "emulate"}
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 success, 1 failure, 2 usage)."""
    import contextlib
    import os

    from .messages import flags_of, for_cli, subparser
    from .quiet_logs import filtered_stderr, quiet_environment

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the sub-command's parser, so the fix names its --help
        command = subparser(parser, getattr(args, "command", None))
        for name in ("kind", "action", "source"):  # scaledown new KIND, tutorials ACTION...
            command = subparser(command, getattr(args, name, None))
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.version:
        print(f"scaledown {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    quiet_environment()  # before any command imports TensorFlow
    quiet = filtered_stderr() if args.command in MODEL_COMMANDS else contextlib.nullcontext()
    try:
        with quiet:
            return int(args.func(args) or 0)
    except ScaleDownError as exc:
        flags = flags_of(subparser(parser, args.command))
        print(f"error: {for_cli(exc, flags, args.command)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or a backend error we did not foresee: no traceback
        if os.environ.get("SCALEDOWN_DEBUG"):
            raise
        print(
            f"error: scaledown {args.command} failed unexpectedly "
            f"({type(exc).__name__}: {first_line(exc)})"
            "\n  why: this is a bug in scaledown or an input it does not check yet"
            "\n  fix: run again with SCALEDOWN_DEBUG=1 for the full traceback, and please "
            "report it with the command you ran",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
