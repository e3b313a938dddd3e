"""``scaledown tutorials run|list``: execute the tutorials, re-running only what changed.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="scaledown")
    >>> register(parser.add_subparsers())
    >>> args = parser.parse_args(["tutorials", "run", "--jobs", "1", "first-model"])
    >>> args.jobs, args.names
    (1, ['first-model'])
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import TutorialError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tutorials", help="run the executable tutorials")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_parser = actions.add_parser(
        "run", help="execute tutorials whose source, imported scaledown files or pins changed")
    run_parser.add_argument("names", nargs="*", metavar="NAME",
                            help="tutorials to consider (slug or file name; default: all)")
    run_parser.add_argument("--jobs", "-j", type=int, default=None,
                            help="kernels at once (default: the cores this process may use)")
    run_parser.add_argument("--timeout", type=float, default=180,
                            help="seconds one cell may run before it is stopped (default: 180)")
    run_parser.add_argument("--force", action="store_true", help="ignore the cache")
    _common(run_parser)
    run_parser.set_defaults(func=run)
    list_parser = actions.add_parser("list", help="list tutorials and whether their cache is valid")
    _common(list_parser)
    list_parser.set_defaults(func=list_)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where executed notebooks are kept "
                             "(default: .scaledown-cache/tutorials)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")


def _load(args: argparse.Namespace):  # -> (root, cache_dir, tutorials)
    from ..project import checked_project_root
    from ..tutorials.cache import default_cache_dir
    from ..tutorials.check import load_tutorials
    from ..tutorials.runner import select

    root = checked_project_root(args.root)
    tutorials, problems = load_tutorials(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TutorialError(
            f"{len(errors)} problem(s) in tutorials/ stop the run",
            why="\n".join(str(p) for p in errors),
            fix="fix the files named above, then run again ('scaledown check' lists them too)")
    names = getattr(args, "names", None)
    return root, args.cache_dir or default_cache_dir(root), select(tutorials, names)


def list_(args: argparse.Namespace) -> int:
    from ..tutorials.runner import plan

    root, cache_dir, tutorials = _load(args)
    rows = [{"slug": t.slug, "path": str(t.path.relative_to(root)), "level": t.level,
             "needs_run": reason is not None, "reason": reason}
            for t, reason in plan(tutorials, root, cache_dir)]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            state = f"run: {row['reason']}" if row["needs_run"] else "cached"
            print(f"{row['slug']:<28} {row['level']:<13} {state}")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..tutorials.runner import run as run_tutorials

    root, cache_dir, tutorials = _load(args)
    return run_and_report(
        tutorials, args, "tutorial",
        lambda started, done: run_tutorials(tutorials, root, cache_dir=cache_dir,
                                            jobs=args.jobs, timeout=args.timeout,
                                            force=args.force, on_start=started, on_done=done))


def run_and_report(items: list, args: argparse.Namespace, noun: str, execute) -> int:
    """Run ``execute(on_start, on_done)`` with a progress bar; print a summary; 1 if any failed.

    Shared with ``scaledown reviews run``, which runs Try-it blocks the same way.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    quiet = args.json
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, disable=quiet or not console.is_terminal,
                  transient=True) as progress:
        task = progress.add_task(f"{noun}s", total=len(items))

        def started(item, reason) -> None:
            if not quiet:
                progress.console.print(f"[cyan]run[/]    {item.slug} ({reason})",
                                       highlight=False)

        def done(result) -> None:
            progress.advance(task)
            if quiet:
                return
            mark = {"passed": "[green]passed[/]", "failed": "[red]FAILED[/]",
                    "cached": "[dim]cached[/]"}[result.status]
            time_text = f" in {result.duration_s:.1f}s" if result.status != "cached" else ""
            progress.console.print(f"{mark} {result.slug}{time_text}", highlight=False)

        results = execute(started, done)
    failed = [r for r in results if r.status == "failed"]
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2))
    else:
        ran = [r for r in results if r.status != "cached"]
        print(f"{len(results)} {noun}(s): {len(ran)} ran, {len(results) - len(ran)} cached, "
              f"{len(failed)} failed", file=sys.stderr)
        for result in failed:
            print(f"\nFAILED {result.failure}", file=sys.stderr)
    return 1 if failed else 0
