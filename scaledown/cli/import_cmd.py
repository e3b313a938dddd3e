"""``scaledown import jekyll SITE_DIR | PATH...``: move a Jekyll blog to this site.

``SITE_DIR`` (the folder holding ``_config.yml``) imports the whole site:
posts, authors, images, links between posts and redirects from the old URLs
(:mod:`scaledown.site.jekyll_site`). Post files import just those posts.

Everything is converted in memory first. If anything cannot be converted (no
date, malformed front matter, a Liquid tag the importer does not know, an
image the site lacks) the command lists every problem with file:line and
writes nothing. Otherwise all files are written to temporary files and
renamed into place together. ``--dry-run`` prints the plan and writes nothing.
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
    jekyll = kinds.add_parser("jekyll", help="import a Jekyll site, or some of its posts")
    jekyll.add_argument("paths", nargs="+", type=Path, metavar="SITE_DIR | PATH",
                        help="the Jekyll site folder (holding _config.yml), "
                             "or post files (YYYY-MM-DD-slug.md)")
    jekyll.add_argument("--date", default=None, help="YYYY-MM-DD for posts whose name has no date")
    jekyll.add_argument("--out", type=Path, default=None,
                        help="folder for the converted posts (default: docs/blog/posts)")
    jekyll.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    jekyll.add_argument("--force", action="store_true",
                        help="replace posts and copied files that exist with other content")
    jekyll.add_argument("--allow-unknown", action="store_true",
                        help="import even with unknown Liquid tags (kept as text, reported)")
    jekyll.add_argument("--category-map", action="append", default=[], metavar="OLD=NEW",
                        help="map the Jekyll category OLD to this site's category NEW "
                             "(repeatable; case and spacing do not matter)")
    jekyll.add_argument("--allow-missing", action="store_true",
                        help="site import: import even when images, linked posts or authors "
                             "are missing from the site (reported, fix by hand)")
    jekyll.add_argument("--dry-run", action="store_true",
                        help="print what would be created, mapped, copied and rewritten; "
                             "write nothing")
    jekyll.add_argument("--json", action="store_true", help="print the report as JSON")
    jekyll.set_defaults(func=run_jekyll)


def parse_category_map(values: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """``["Machine learning=Research"]`` -> ``{"Machine learning": "Research"}``, checked.

    Example:
        >>> parse_category_map(["edge ai = research"], ("Research", "Hardware"))
        {'edge ai': 'Research'}
    """
    from ..errors import InputError
    from ..site.jekyll_site.categories import category_key

    mapping: dict[str, str] = {}
    by_key = {category_key(a): a for a in allowed}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(f"--category-map {value!r} is not OLD=NEW",
                             fix="write it like --category-map 'Machine Learning=Research'")
        found = by_key.get(category_key(new)) if allowed else new.strip()
        if found is None:
            raise InputError(f"--category-map {value!r}: '{new.strip()}' is not an allowed "
                             "category", fix=f"use one of: {', '.join(allowed)} "
                                             "(mkdocs.yml, blog: categories_allowed)")
        mapping[old.strip()] = found
    return mapping


def run_jekyll(args: argparse.Namespace) -> int:
    from ..project import project_root
    from ..site.authors import load_authors
    from ..site.blog_new import parse_date_option
    from ..site.frontmatter import render_markdown
    from ..site.jekyll import convert_all
    from ..site.siteconfig import blog_settings
    from ..vocabulary.problem import Problem

    date = parse_date_option(args.date)
    root = project_root(args.root)
    settings = blog_settings(root)
    category_map = parse_category_map(args.category_map, settings.categories_allowed)
    folders = [p for p in args.paths if Path(p).is_dir()]
    if folders:
        return _run_site(args, folders, root, date, category_map)
    try:
        authors = load_authors(root)
    except ContentError:
        authors = None
    out = args.out or root / settings.posts_dir
    posts, problems = convert_all(list(args.paths), date=date, allowed=settings.categories_allowed,
                                  authors=authors, root=root, category_map=category_map)
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
    texts = {p.filename: render_markdown(p.meta, p.body) for p in posts}
    if args.dry_run:
        for name in texts:
            if not args.json:
                print(f"would {'replace' if (out / name).exists() else 'create'} {out / name}")
    elif not errors:
        written = _write_together(out, texts)
    _report(args.json, problems, written, errors)
    return 1 if errors else 0


def _run_site(args: argparse.Namespace, folders: list[Path], root: Path, date,
              category_map: dict[str, str]) -> int:
    from ..errors import InputError
    from ..site.jekyll_site.site import plan_import

    if len(args.paths) > 1:
        raise InputError("pass one Jekyll site folder, or post files, not both",
                         fix=f"scaledown import jekyll {folders[0]}")
    if args.out is not None:
        raise InputError("--out works with post files only",
                         why="a site import also writes images, authors and redirects, "
                             "which the posts link to relative to docs/blog/posts",
                         fix="leave out --out")
    plan = plan_import(folders[0], root, category_map=category_map, date=date,
                       force=args.force, allow_unknown=args.allow_unknown,
                       allow_missing=args.allow_missing)
    errors = plan.errors
    written = [] if errors or args.dry_run else plan.commit()
    if args.json:
        print(json.dumps({
            "dry_run": args.dry_run,
            "files": [{"status": status, "path": path} for status, path in plan.files()],
            "actions": plan.actions,
            "written": [str(p) for p in written],
            "problems": [{**p.__dict__, "path": str(p.path)} for p in plan.notes],
        }, indent=2, default=str))
        return 1 if errors else 0
    for problem in plan.notes:
        print(problem, file=sys.stderr)
    done = {"create": "created", "update": "replaced", "unchanged": "unchanged"}
    planned = {"create": "would create", "update": "would replace", "unchanged": "unchanged"}
    for status, path in plan.files():
        print(f"{(planned if args.dry_run or errors else done)[status]} {path}")
    for action in plan.actions:
        print(action)
    if errors:
        print(f"nothing imported: {len(errors)} error(s) to fix first", file=sys.stderr)
    elif args.dry_run:
        print("dry run: nothing written", file=sys.stderr)
    else:
        changed = len(written)
        print(f"imported {folders[0]}: {changed} file(s) written"
              + ("" if changed else " (already imported: nothing changed)"), file=sys.stderr)
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
