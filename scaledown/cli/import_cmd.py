"""``scaledown import jekyll PATH...``: move posts from a Jekyll blog to this site.

Every file is converted in memory first. If any file cannot be converted (no
date, malformed front matter, a Liquid tag the importer does not know) the
command lists every problem with file:line and writes nothing. Otherwise all
posts are written to temporary files and renamed into place together.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ContentError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import content written for another site")
    kinds = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    jekyll = kinds.add_parser("jekyll", help="convert Jekyll posts into blog posts")
    jekyll.add_argument("paths", nargs="+", type=Path,
                        help="Jekyll post files (YYYY-MM-DD-slug.md)")
    jekyll.add_argument("--date", default=None, help="YYYY-MM-DD for posts whose name has no date")
    jekyll.add_argument("--out", type=Path, default=None,
                        help="folder for the converted posts (default: docs/blog/posts)")
    jekyll.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    jekyll.add_argument("--force", action="store_true", help="overwrite posts that already exist")
    jekyll.add_argument("--allow-unknown", action="store_true",
                        help="import even with unknown Liquid tags (kept as text, reported)")
    jekyll.add_argument("--json", action="store_true", help="print the report as JSON")
    jekyll.set_defaults(func=run_jekyll)


def run_jekyll(args: argparse.Namespace) -> int:
    from ..site.authors import load_authors
    from ..site.blog_new import parse_date_option
    from ..site.frontmatter import render_markdown
    from ..site.jekyll import convert_all
    from ..site.pipeline import Problem, project_root
    from ..site.siteconfig import blog_settings

    date = parse_date_option(args.date)
    root = project_root(args.root)
    settings = blog_settings(root)
    try:
        authors = load_authors(root)
    except ContentError:
        authors = None
    out = args.out or root / settings.posts_dir
    posts, problems = convert_all(list(args.paths), date=date, allowed=settings.categories_allowed,
                                  authors=authors, root=root)
    for post in posts:
        for note in post.notes:
            if note.severity == "error" and args.allow_unknown:
                note = Problem(note.path, note.line, note.message, note.fix, "warning")
            problems.append(note)
        target = out / post.filename
        if target.exists() and not args.force:
            problems.append(Problem(target, None, f"{target} already exists (from {post.source})",
                                    fix="delete it, or re-run with --force to overwrite"))
    errors = [p for p in problems if p.severity == "error"]
    written: list[str] = []
    if not errors:
        written = _write_together(out, {p.filename: render_markdown(p.meta, p.body) for p in posts})
    _report(args.json, problems, written, errors)
    return 1 if errors else 0


def _write_together(out: Path, texts: dict[str, str]) -> list[str]:
    """Stage every file in ``out``, then rename them all (the shared safe-write helper)."""
    from ..safe_write import write_into_folder

    # bytes, so the files get "\n" line ends on every platform
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    return [str(path) for path in write_into_folder(out, files)]


def _report(as_json: bool, problems: list, written: list[str], errors: list) -> None:
    if as_json:
        print(json.dumps({
            "written": written,
            "problems": [{**p.__dict__, "path": str(p.path)} for p in problems],
        }, indent=2, default=str))
        return
    for problem in problems:
        print(problem, file=sys.stderr)
    if errors:
        print(f"nothing imported: {len(errors)} error(s) to fix first", file=sys.stderr)
    else:
        for path in written:
            print(f"imported {path}")
        if problems:
            print(f"{len(problems)} note(s) above need a look before publishing", file=sys.stderr)
