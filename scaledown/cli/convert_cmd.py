"""``scaledown convert MODEL --to FORMAT``: write the model in another format.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.onnx"
    >>> _ = model.write_bytes(tiny_dense_onnx().SerializeToString())
    >>> main(["convert", str(model), "--to", "openvino"])
    wrote .../tiny.xml (... bytes)
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..api.convert import targets
from ..backends import file_suffix
from .output import add_force_flag, check_output

SUFFIX: dict[str, str] = {fmt: file_suffix(fmt) for fmt in targets()}
"""Target format -> the file name ending written, from the backend registry."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("convert", help="convert a model to TFLite, ONNX or OpenVINO IR")
    parser.add_argument("model", type=Path, help="model file or SavedModel folder")
    parser.add_argument("--to", required=True, choices=sorted(SUFFIX), help="target format")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        help="output file (default: beside the input, with the new extension)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="run both models on random inputs and report the largest output difference",
    )
    parser.add_argument(
        "--unsafe",
        action="store_true",
        help="allow Keras files with Lambda layers (runs their Python code)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_force_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..api.compare import max_abs_diff
    from ..api.convert import convert
    from ..api.load import load
    from ..errors import InputError

    out = args.output or args.model.with_suffix(SUFFIX[args.to])
    check_output(out, named=args.output is not None, force=args.force, source=args.model,
                 also=[out.with_suffix(".bin")] if args.to == "openvino" else [],
                 suffix=SUFFIX[args.to])
    if out.suffix.lower() != SUFFIX[args.to]:
        raise InputError(
            f"--output '{out}' does not end in {SUFFIX[args.to]}",
            fix=f"name the output like '{out.with_suffix(SUFFIX[args.to])}'",
        )
    if out.resolve() == args.model.resolve():
        raise InputError(f"--output '{out}' is the input file", fix="choose another output path")
    console = Console(stderr=True)
    with console.status(f"converting {args.model} to {args.to} ...", spinner="dots"):
        source = load(args.model, safe_mode=not args.unsafe)
        result = convert(source, to=args.to)
        result.save(out)
        diff = max_abs_diff(source, result) if args.check else None
    info = {
        "input": str(args.model),
        "output": str(out),
        "format": args.to,
        "size_bytes": result.size_bytes,
        "max_abs_diff": diff,
    }
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"wrote {out} ({result.size_bytes:,} bytes)")
        if diff is not None:
            print(f"largest output difference on random inputs: {diff:.3g}")
    return 0
