"""``scaledown new KIND ...``: scaffold a post, review, tutorial, device or branch.

Each kind lives with the content it creates and exposes two functions:
``configure_new(parser)`` adds its arguments, ``run_new(args) -> int`` writes
the file. Add a kind by adding one line to ``NEW_KINDS``.

Example:
    A post needs an author the blog knows; in a project without
    ``docs/blog/.authors.yml`` the command explains that on standard error and
    writes nothing:

    >>> import pathlib, tempfile
    >>> from scaledown.cli import main
    >>> project = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (project / "mkdocs.yml").write_text("site_name: Demo\\n")
    >>> main(["new", "post", "Hello", "--author", "nobody", "--root", str(project)])
    1
    >>> sorted(p.name for p in project.iterdir())
    ['mkdocs.yml']
"""

from __future__ import annotations

import argparse
import importlib

# kind -> module providing configure_new / run_new
NEW_KINDS: dict[str, str] = {
    "post": "scaledown.site.blog_new",
    "review": "scaledown.site.reviews_new",
    "tutorial": "scaledown.tutorials.scaffold",
    "device": "scaledown.hardware.scaffold",
    "branch": "scaledown.hardware.scaffold_branch",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("new", help="scaffold new content with complete front matter")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, module_name in NEW_KINDS.items():
        module = importlib.import_module(module_name)
        kind_parser = kinds.add_parser(kind, help=(module.__doc__ or "").strip().splitlines()[0])
        module.configure_new(kind_parser)
        kind_parser.set_defaults(func=module.run_new)
