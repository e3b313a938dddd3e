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

from .. import __version__
from ..errors import ScaleDownError

# module names in this package, in the order --help lists them
COMMAND_MODULES: tuple[str, ...] = (
    "new",
    "check",
    "import_cmd",
    "inspect_cmd",
    "convert_cmd",
    "quantize_cmd",
    "prune_cmd",
    "benchmark_cmd",
    "compare_cmd",
    "fit_cmd",
    "export_cmd",
    "emulate_cmd",
    "measure_cmd",
    "tutorials_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scaledown",
        description="TinyML made learnable: models, boards and the ScaleDown site.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 success, 1 failure, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"scaledown {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ScaleDownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
