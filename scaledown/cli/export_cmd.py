"""``scaledown export MODEL --out DIR``: C files for a TFLite-Micro firmware project.

Writes ``model_data.h``, ``model_data.cc`` (the model as a 16-byte aligned
array, its length and the arena size) and ``model_ops.h`` (an op resolver with
exactly the model's ops). Nothing is written when any step fails.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.tflite"
    >>> _ = model.write_bytes(tiny_dense_tflite())
    >>> main(["export", str(model), "--out", str(model.parent / "fw"), "--allow-float"])
    wrote .../model_data.h
    wrote .../model_data.cc
    wrote .../model_ops.h
    arena: ... bytes (TFLM measured ..., plus margin); ops: FULLY_CONNECTED
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write firmware files (C arrays) for a model")
    parser.add_argument("model", type=Path, help="model file (.tflite, or Keras to convert)")
    parser.add_argument("--out", "-o", type=Path, required=True, help="folder to write into")
    parser.add_argument("--format", default="c", choices=["c"], help="output format (default: c)")
    parser.add_argument("--name", default=None,
                        help="prefix of the C symbols (default: the model's name)")
    parser.add_argument("--margin", type=float, default=None,
                        help="extra share on top of TFLM's arena figure (default: 0.2)")
    parser.add_argument("--allow-float", action="store_true", help="export a float model anyway")
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api.export import DEFAULT_MARGIN, export

    margin = DEFAULT_MARGIN if args.margin is None else args.margin
    result = export(args.model, args.format, args.out, name=args.name, margin=margin,
                    allow_float=args.allow_float)
    if args.json:
        print(json.dumps({
            "folder": str(result.folder),
            "files": [str(p) for p in result.files],
            "identifier": result.identifier,
            "ops": result.ops,
            "arena_bytes": result.arena_bytes,
            "tflm_arena_bytes": result.arena.total_bytes,
            "tflm_min_arena_bytes": result.arena.min_arena_bytes,
        }, indent=2))
    else:
        for path in result.files:
            print(f"wrote {path}")
        print(f"arena: {result.arena_bytes} bytes (TFLM measured {result.arena.required_bytes}, "
              f"plus margin); ops: {', '.join(result.ops)}")
    return 0
