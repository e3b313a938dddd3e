"""``scaledown compile MODEL --out DIR``: an int8 model as a self-contained C99 library.

Writes ``sd_model.h``, ``sd_model.c``, ``sd_kernels.h`` and ``sd_kernels.c``
(see ``sd.compile``). ``--check`` then builds them with the host's gcc and
compares the outputs with TFLite-Micro's on random inputs; a mismatch exits 1.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.cli import main
    >>> from scaledown.datasets import mlperf_tiny
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ad01"
    >>> main(["compile", str(mlperf_tiny("ad")), "--out", str(out)])
    wrote .../sd_model.h
    wrote .../sd_model.c
    wrote .../sd_kernels.h
    wrote .../sd_kernels.c
    10 ops in 10 kernel calls; arena 256 bytes ...
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _samples(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number, e.g. 20; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs at least 1 input, e.g. --check 20; got {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compile", help="compile an int8 .tflite model into plain C99 (no TFLite-Micro)")
    parser.add_argument("model", type=Path, help="full-integer int8 .tflite model")
    parser.add_argument("--out", "-o", type=Path, required=True,
                        help="folder to write (new, empty, or an earlier compile output)")
    parser.add_argument("--name", default=None, help="model name stored in sd_model_name")
    parser.add_argument("--check", type=_samples, nargs="?", const=20, default=0, metavar="N",
                        help="build with gcc and compare with TFLite-Micro on N random inputs "
                        "(default N: 20)")
    parser.add_argument("--raw-weights", action="store_true",
                        help="keep dense-layer weights unpacked: more flash, fewer instructions "
                        "(default: packed losslessly where that saves flash)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api.compile import compile as compile_model

    result = compile_model(args.model, args.out, name=args.name,
                           pack_weights=not args.raw_weights)
    summary = {
        "folder": str(result.folder),
        "files": [str(p) for p in result.files],
        "ops": result.ops,
        "calls": result.calls,
        "input_bytes": result.input_bytes,
        "output_bytes": result.output_bytes,
        "arena_bytes": result.arena_bytes,
        "lower_bound_bytes": result.lower_bound,
        "gap_bytes": result.gap_bytes,
        "packed_tensors": result.packed_tensors,
        "packed_saving_bytes": result.packed_saving_bytes,
    }
    exact = True
    if args.check:
        from ..compiler.hostcheck import compare_with_tflm

        report = compare_with_tflm(args.model.read_bytes(), result.folder, samples=args.check)
        exact = report.bit_exact
        summary["check"] = {"samples": report.samples, "mismatches": report.mismatches,
                            "max_difference": report.max_difference}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for path in result.files:
            print(f"wrote {path}")
        print(f"{result.ops} ops in {result.calls} kernel calls; arena {result.arena_bytes} "
              f"bytes ({result.gap_bytes} above the lower bound {result.lower_bound}); "
              f"input {result.input_bytes} bytes, output {result.output_bytes} bytes")
        if result.packed_tensors:
            print(f"{result.packed_tensors} weight tensors packed losslessly: "
                  f"{result.packed_saving_bytes} bytes of flash saved (--raw-weights keeps them "
                  "unpacked)")
        if args.check:
            check = summary["check"]
            verdict = "bit-exact" if exact else f"{check['mismatches']} outputs differ"
            print(f"host check against TFLite-Micro on {check['samples']} random inputs: "
                  f"{verdict}")
    return 0 if exact else 1
