"""``scaledown new KIND ...``: scaffold a post, review, tutorial, device or branch.

Each kind lives with the content it creates and exposes two functions:
``configure_new(parser)`` adds its arguments, ``run_new(args) -> int`` writes
the file. Add a kind by adding one line to ``NEW_KINDS``.
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
