"""``scaledown compare MODEL MODEL ...``: size, score, latency and agreement side by side.

Data comes from an ``.npz`` file with arrays ``x`` (and ``y`` for a score);
without one, random inputs shaped like the first model's are used and only
agreement and latency are shown.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.tflite"
    >>> _ = model.write_bytes(tiny_dense_tflite())
    >>> main(["compare", str(model), str(model), "--samples", "4", "--runs", "2", "--json"])
    {
      "metric": "accuracy",
      "reference": "tiny",
      "rows": [
        {
          "name": "tiny",
          "format": "tflite",
    ...
          "agreement": 1.0,
          "max_abs_diff": 0.0
        }
      ]
    }
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("compare", help="compare models on the same data")
    parser.add_argument(
        "models", type=Path, nargs="+", help="model files; the first is the reference"
    )
    parser.add_argument(
        "--data", type=Path, default=None, help=".npz file with arrays x and optionally y"
    )
    parser.add_argument(
        "--samples", type=int, default=64, help="random samples when --data is not given"
    )
    parser.add_argument(
        "--metric", default="accuracy", help="accuracy, mse or mae (default accuracy)"
    )
    parser.add_argument("--runs", type=int, default=50, help="timed runs per model (default 50)")
    parser.add_argument(
        "--plot", type=Path, default=None, help="also save a size-vs-score plot (.png)"
    )
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.set_defaults(func=run)


def _data(args: argparse.Namespace, first: object) -> tuple[object, object]:
    import numpy as np

    from ..errors import InputError

    if args.data is None:
        if args.samples < 1:
            raise InputError(
                f"--samples {args.samples} asks for no random samples",
                why="without --data, compare runs the models on --samples random inputs",
                fix="pass e.g. --samples 64, or give real inputs with --data data.npz",
            )
        rng = np.random.default_rng(0)
        specs = first.inputs  # type: ignore[attr-defined]
        xs = [
            rng.random((args.samples, *[d or 1 for d in s.shape[1:]]), dtype=np.float32)
            for s in specs
        ]
        return (xs[0] if len(xs) == 1 else xs), None
    if not args.data.is_file():
        raise InputError(
            f"--data '{args.data}' does not exist",
            fix="pass an .npz file saved with np.savez(path, x=..., y=...)",
        )
    try:
        with np.load(args.data, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except Exception as exc:  # not an .npz (BadZipFile), truncated, pickled objects
        raise InputError(
            f"cannot read --data '{args.data}'",
            why=f"{type(exc).__name__}: {str(exc)[:200]}",
            fix="pass an .npz file saved with np.savez(path, x=inputs, y=labels)",
        ) from None
    if "x" not in arrays:
        raise InputError(
            f"--data '{args.data}' has no array named x",
            why=f"it holds {sorted(arrays)}",
            fix="save it with np.savez(path, x=inputs, y=labels)",
        )
    return arrays["x"], arrays.get("y")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..api.compare import compare
    from ..api.load import load

    with Console(stderr=True).status("loading and timing models ...", spinner="dots"):
        models = [load(p) for p in args.models]
        x, y = _data(args, models[0])
        table = compare(models, x, y, metric=args.metric, runs=args.runs)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from ..safe_write import write_file

        ax = table.plot()
        write_file(args.plot, lambda tmp: ax.figure.savefig(tmp, dpi=120, bbox_inches="tight"))
    if args.json:
        print(json.dumps(table.to_dict(), indent=2))
    else:
        table.print()
    return 0
