"""``scaledown inspect MODEL``: ops/layers, parameters, MACs, peak activations, runtime support.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.tflite"
    >>> _ = model.write_bytes(tiny_dense_tflite())
    >>> main(["inspect", str(model), "--json"])
    {
      "name": "tiny",
      "format": "tflite",
      "inputs": [
        "x: 1x4 float32"
      ],
    ...
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

RUNTIME_CHOICES = ("litert", "tflm", "onnxruntime", "openvino")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "inspect", help="show a model's ops, parameters, MACs and which runtimes can run each op"
    )
    parser.add_argument(
        "model",
        type=Path,
        help="model file (.tflite, .onnx, .keras, .h5, .xml) or SavedModel folder",
    )
    parser.add_argument(
        "--runtime",
        action="append",
        choices=RUNTIME_CHOICES,
        help="support column to fill (repeatable; default: all that apply)",
    )
    parser.add_argument(
        "--no-support", action="store_true", help="skip the runtime support columns (faster)"
    )
    parser.add_argument(
        "--as",
        dest="as_format",
        choices=("tflite", "onnx", "openvino"),
        default=None,
        help="inspect the model converted to this format (e.g. a Keras model --as tflite "
        "to see which ops TFLite-Micro can run)",
    )
    parser.add_argument(
        "--unsafe",
        action="store_true",
        help="allow Keras files with Lambda layers (runs their Python code)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..api.convert import convert
    from ..api.inspect import inspect
    from ..api.load import load

    runtimes = [] if args.no_support else args.runtime
    with Console(stderr=True).status(f"reading {args.model} ...", spinner="dots") as status:
        model = load(args.model, safe_mode=not args.unsafe)
        if args.as_format:
            status.update(f"converting {args.model} to {args.as_format} ...")
            model = convert(model, to=args.as_format)
        report = inspect(model, runtimes=runtimes)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        report.print()
    return 0
