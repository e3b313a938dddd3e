"""``scaledown build-content``: check, generate and write the docs tree an engine renders.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="scaledown")
    >>> register(parser.add_subparsers())
    >>> args = parser.parse_args(["build-content", "--out", "/tmp/docs", "--lenient"])
    >>> args.out, args.lenient, args.offline
    (PosixPath('/tmp/docs'), True, False)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build-content",
        help="check the content and write docs/ plus every generated page into build/docs/")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--out", type=Path, default=None,
                        help="the generated docs folder (default: build/docs in the project)")
    parser.add_argument("--lenient", action="store_true",
                        help="a paper review's Try-it block that has not run is a note on its "
                             "page, not an error (as in a non-strict build)")
    parser.add_argument("--offline", action="store_true",
                        help="the tree of the offline copy (make offline): the offline-zip "
                             "marker becomes a note (default folder: build/offline-docs)")
    parser.add_argument("--json", action="store_true", help="print what changed as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..project import checked_project_root
    from ..site.content_build import build_content
    from ..site.missing_extras import summary

    root = checked_project_root(args.root)
    # a relative --out is taken from where the command runs, as every other -o/--out is
    out = None if args.out is None else args.out.resolve()
    report = build_content(root, out, strict=not args.lenient, offline=args.offline)
    if args.json:
        print(json.dumps({"out": str(report.out), "written": report.written,
                          "removed": report.removed, "unchanged": report.unchanged,
                          "regenerated": report.regenerated}, indent=2))
        return 0
    for problem in report.warnings:
        print(problem, file=sys.stderr)
    if report.skipped:
        print(summary(report.skipped), file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 0
