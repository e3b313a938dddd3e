"""``scaledown prune MODEL --sparsity 0.5 --data train.npz -o pruned.keras``.

The training data is a ``.npz`` archive with ``x`` and ``y`` arrays (or
``x_train`` and ``y_train``). Write the result as ``.keras``, or as a float
``.tflite`` file; the report gives the sparsity per layer and the
gzip-compressed size of the ``.tflite`` file before and after.

Example:
    Pruning fine-tunes the model, so only a Keras model can be pruned; any other
    format is refused (on standard error) before the data is read:

    >>> import pathlib, tempfile
    >>> import numpy as np
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.tflite").write_bytes(tiny_dense_tflite())
    >>> np.savez(folder / "train.npz", x=np.zeros((4, 4), np.float32), y=np.zeros(4))
    >>> main(["prune", str(folder / "tiny.tflite"), "--data", str(folder / "train.npz")])
    1
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError
from .output import add_force_flag, check_output
from .quantize_cmd import default_output, load_arrays


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "prune", help="zero the smallest weights of a Keras model while fine-tuning"
    )
    parser.add_argument("model", type=Path, help="Keras model: .keras, .h5 or SavedModel")
    parser.add_argument("--sparsity", type=float, default=0.5,
                        help="share of weights to zero, 0-1 (default: 0.5)")
    parser.add_argument("--data", type=Path, required=True,
                        help=".npz with arrays x and y (or x_train and y_train)")
    parser.add_argument("--epochs", type=int, default=2, help="fine-tuning epochs (default: 2)")
    parser.add_argument("--batch-size", type=int, default=32, help="default: 32")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help=".keras or .tflite (default: MODEL-pruned.keras)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_force_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api.prune import prune

    output = args.output or default_output(args.model, "pruned", ".keras")
    check_output(output, named=args.output is not None, force=args.force, source=args.model,
                 suffix=".keras")
    if output.suffix.lower() not in {".keras", ".tflite"}:
        raise InputError(f"cannot write a pruned model as '{output.name}'",
                         why="pruned models are written as .keras or float .tflite",
                         fix=f"use -o {output.with_suffix('.keras')}")
    if args.data.suffix.lower() != ".npz":
        raise InputError(f"'{args.data.name}' is not a .npz archive",
                         why="pruning fine-tunes, so it needs inputs and labels together",
                         fix="numpy.savez('train.npz', x=x_train, y=y_train)")
    x = load_arrays(args.data, want=("x", "x_train"))
    y = load_arrays(args.data, want=("y", "y_train"))
    verbose = 1 if (sys.stdout.isatty() and not args.json) else 0
    result = prune(args.model, args.sparsity, data=(x, y), epochs=args.epochs,
                   batch_size=args.batch_size, verbose=verbose)
    if output.suffix.lower() == ".tflite":
        from ..api.convert import convert

        written = convert(result.model, to="tflite").save(output)
    else:
        written = result.model.save(output)
    if args.json:
        print(json.dumps({
            "input": str(args.model), "output": str(written), "target": result.target,
            "sparsity": round(result.sparsity, 6),
            "layers": [{"name": layer.name, "weights": layer.weights, "zeros": layer.zeros,
                        "sparsity": round(layer.sparsity, 6)} for layer in result.layers],
            "tflite_bytes": result.tflite_bytes, "tflite_gzip_bytes": result.tflite_gzip_bytes,
            "original_tflite_bytes": result.original_tflite_bytes,
            "original_gzip_bytes": result.original_gzip_bytes,
            "gzip_ratio": round(result.gzip_ratio, 4),
        }, indent=2))
    else:
        print(result)
        print(f"wrote {written}")
    return 0
