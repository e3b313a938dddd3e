"""``scaledown check``: validate all site content before a build.

Example:
    A folder with only a ``mkdocs.yml`` has no redirects to get wrong; errors
    go to standard error and make the exit code 1.

    >>> import pathlib, tempfile
    >>> from scaledown.cli import main
    >>> project = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (project / "mkdocs.yml").write_text("site_name: Demo\\n")
    >>> main(["check", "--root", str(project), "--only", "redirects"])
    0
    >>> main(["check", "--root", str(project / "no-such-folder")])
    1
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="validate posts, reviews, tutorials and the hardware catalogue"
    )
    from ..site.pipeline import CHECKERS

    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--only", action="append", metavar="KIND",
                        help="run only this check (repeatable): " + ", ".join(CHECKERS))
    parser.add_argument("--json", action="store_true", help="print problems as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..project import checked_project_root
    from ..site.pipeline import run_checks

    root = checked_project_root(args.root)
    problems = run_checks(root, only=args.only)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps([{**p.__dict__, "path": str(p.path)} for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
        warnings = len(problems) - len(errors)
        print(f"checked {root}: {len(errors)} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
