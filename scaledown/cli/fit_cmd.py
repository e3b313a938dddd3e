"""``scaledown fit MODEL [--device ID]``: will the model run on the board?

Without ``--device`` every board of the hardware catalogue is ranked. Exit
code 0 when the model fits (or for a ranking), 1 when it does not fit or on
an error, so scripts can gate a build on it.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.tflite"
    >>> _ = model.write_bytes(tiny_dense_tflite())
    >>> main(["fit", str(model), "--device", "arduino-nano-33-ble-sense-rev2", "--allow-float"])
    tiny on Arduino Nano 33 BLE Sense Rev2 (cortex-m4f, 64 MHz) with TFLite-Micro: FITS
    ...
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fit", help="check RAM, flash and latency of a model on a board (or rank all boards)"
    )
    parser.add_argument("model", type=Path, help="model file (.tflite, or Keras to convert)")
    parser.add_argument("--device", "-d", default=None,
                        help="catalogue id, e.g. arduino-nano-33-ble-sense-rev2 "
                        "(default: rank all boards)")
    parser.add_argument("--budget-ms", type=float, default=None,
                        help="also judge latency against this many milliseconds")
    parser.add_argument("--allow-float", action="store_true",
                        help="measure a float model on a microcontroller instead of stopping")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api.fit import FitReport, fit

    result = fit(args.model, args.device, allow_float=args.allow_float,
                 latency_budget_ms=args.budget_ms)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result)
    if isinstance(result, FitReport):
        return 0 if result.fits else 1
    return 0
