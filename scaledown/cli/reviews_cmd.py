"""``scaledown reviews run|list``: execute the paper reviews' Try-it blocks, cached.

Each review's Try-it block runs as a one-cell notebook with the tutorials
runner and its import-aware cache (``.scaledown-cache/reviews``): a block runs
again only when its code, a scaledown file it imported, or an installed
version changed. The review pages then show its output and the table of our
figures beside the paper's.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="scaledown")
    >>> register(parser.add_subparsers())
    >>> args = parser.parse_args(["reviews", "run", "--jobs", "1", "mobilenets"])
    >>> args.jobs, args.names
    (1, ['mobilenets'])
"""

from __future__ import annotations

import argparse
import difflib
import json
from pathlib import Path

from ..errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("reviews", help="run the paper reviews' Try-it blocks")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_parser = actions.add_parser(
        "run", help="execute Try-it blocks whose code, imported scaledown files or pins changed")
    run_parser.add_argument("names", nargs="*", metavar="NAME",
                            help="reviews to consider (slug or file name; default: all)")
    run_parser.add_argument("--jobs", "-j", type=int, default=None,
                            help="kernels at once (default: the cores this process may use)")
    run_parser.add_argument("--timeout", type=float, default=180,
                            help="seconds a block may run before it is stopped (default: 180)")
    run_parser.add_argument("--force", action="store_true", help="ignore the cache")
    _common(run_parser)
    run_parser.set_defaults(func=run)
    list_parser = actions.add_parser("list", help="list Try-it blocks and whether their cache "
                                                  "is valid")
    _common(list_parser)
    list_parser.set_defaults(func=list_)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where executed blocks are kept (default: .scaledown-cache/reviews)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")


def _load(args: argparse.Namespace):  # -> (root, cache_dir, jobs)
    from ..project import checked_project_root
    from ..site.tryit import cache_dir, review_tryits

    root = checked_project_root(args.root)
    jobs = review_tryits(root)
    names = getattr(args, "names", None) or []
    chosen = []
    for name in names:
        key = Path(name).name.removesuffix(".md")
        match = [job for job in jobs if job.slug == key]
        if not match:
            close = difflib.get_close_matches(key, [job.slug for job in jobs], n=1)
            raise InputError(f"no review with a Try-it block named '{name}'",
                               why="reviews are named by file name, e.g. 'mobilenets'",
                               fix=(f"did you mean '{close[0]}'? " if close else "")
                               + "(see 'ls paper_reviews/'; 'scaledown check --only reviews' "
                               "lists reviews that do not load)")
        chosen.extend(m for m in match if m not in chosen)
    return root, args.cache_dir or cache_dir(root), chosen if names else jobs


def list_(args: argparse.Namespace) -> int:
    from ..tutorials.runner import plan

    root, cache_dir, jobs = _load(args)
    rows = [{"slug": job.slug, "path": f"{job.path.relative_to(root).as_posix()}:{job.line}",
             "needs_run": reason is not None, "reason": reason}
            for job, reason in plan(jobs, root, cache_dir)]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            state = f"run: {row['reason']}" if row["needs_run"] else "cached"
            print(f"{row['slug']:<40} {state}")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..site.tryit import run_tryits
    from .tutorials_cmd import run_and_report

    root, cache_dir, jobs = _load(args)
    return run_and_report(
        jobs, args, "Try-it block",
        lambda started, done: run_tryits(root, jobs, cache=cache_dir, jobs=args.jobs,
                                         timeout=args.timeout, force=args.force,
                                         on_start=started, on_done=done))
