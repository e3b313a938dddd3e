"""``scaledown export MODEL -o DIR``: firmware for a model.

``--format c`` (the default) writes ``model_data.h``, ``model_data.cc`` (the
model as a 16-byte aligned array, its length and the arena size) and
``model_ops.h`` (an op resolver with exactly the model's ops) for a
TFLite-Micro project. ``--format cmake | arduino | platformio | project
--device ID`` writes a whole firmware project for a catalogue board around
the compiled model (``sd.compile``, no TFLite-Micro); an existing folder is
refused unless ``--force`` (which replaces only an earlier export's files).
Nothing is written when any step fails.

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

FORMATS = ["c", "cmake", "arduino", "platformio", "project"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write firmware: TFLite-Micro C files, or a project for a board")
    parser.add_argument("model", type=Path, help="model file (.tflite, or Keras to convert)")
    parser.add_argument("--out", "-o", type=Path, required=True, help="folder to write into")
    parser.add_argument("--format", default="c", choices=FORMATS,
                        help="c (TFLite-Micro files, default), cmake, arduino, platformio, or "
                             "project (the board's own toolchain); the last four need --device")
    parser.add_argument("--device", "-d", default=None,
                        help="catalogue id of the board a project is for")
    parser.add_argument("--force", action="store_true",
                        help="replace an earlier sd.export project in --out (files it did not "
                             "write are kept)")
    parser.add_argument("--runs", type=int, default=10,
                        help="inferences the project times on the board (default: 10)")
    parser.add_argument("--name", default=None,
                        help="prefix of the C symbols (default: the model's name)")
    parser.add_argument("--margin", type=float, default=None,
                        help="extra share on top of TFLM's arena figure (default: 0.2)")
    parser.add_argument("--allow-float", action="store_true", help="export a float model anyway")
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")
    parser.set_defaults(func=run)


def _run_project(args: argparse.Namespace) -> int:
    from ..api.export import export

    result = export(args.model, args.format, args.out, device=args.device, name=args.name,
                    overwrite=args.force, runs=args.runs)
    if args.json:
        print(json.dumps({
            "folder": str(result.folder), "format": result.format, "device": result.device,
            "core": result.core, "machine": result.machine,
            "files": [str(p) for p in result.files], "shared_folder": str(result.shared_folder),
            "model_sha256": result.model_sha256, "runs": result.runs,
            "kept": [str(p) for p in result.kept],
        }, indent=2))
        return 0
    print(f"wrote the {result.format} project for {result.device} in {result.folder} "
          f"({len(result.files)} files)")
    print(f"  shared sources: {result.shared_folder} (the same in every variant)")
    print(f"  connect a sensor: {result.shared_folder / 'sd_sensor.c'}")
    for path in result.kept:
        print(f"  kept your changed {path} (not replaced)")
    if result.format == "cmake":
        print(f"  runs on the virtual board's {result.core} (QEMU {result.machine}); "
              "see README.md to build it")
    else:
        print("  its board glue is not built by scaledown's CI; see README.md")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..api.export import DEFAULT_MARGIN, export

    if args.format != "c":
        return _run_project(args)
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
