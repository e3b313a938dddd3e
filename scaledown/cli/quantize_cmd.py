"""``scaledown quantize MODEL --scheme int8 --data calib.npy -o out.tflite``.

Calibration data is a ``.npy`` array of inputs or a ``.npz`` archive (its
``x`` array, else ``x_train``, else its first array). The output file's
extension must suit the runtime: ``.tflite`` (litert), ``.onnx``
(onnxruntime) or ``.xml`` (openvino IR, its ``.bin`` written beside it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..backends import file_suffix, quantizers
from ..errors import InputError
from .output import add_force_flag, check_output

EXTENSIONS: dict[str, str] = {
    runtime: file_suffix(b.quantizer.makes) for runtime, b in quantizers().items() if b.quantizer
}
"""Runtime -> the file name ending of its quantized models, from the backend registry."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "quantize", help="make a model smaller: int8, dynamic-range or float16 weights"
    )
    parser.add_argument("model", type=Path, help="float model: .keras, .h5, SavedModel, .onnx...")
    parser.add_argument("--scheme", default="int8", choices=("int8", "dynamic", "float16"),
                        help="int8 needs --data (default: int8)")
    parser.add_argument("--data", type=Path, default=None,
                        help="calibration inputs: .npy array, or .npz with an 'x' array")
    parser.add_argument("--runtime", default="litert", choices=tuple(EXTENSIONS),
                        help="the runtime to quantize for (default: litert)")
    parser.add_argument("--per-tensor", action="store_true",
                        help="one scale per weight tensor instead of per output channel")
    parser.add_argument("--samples", type=int, default=300,
                        help="use at most this many calibration samples (default: 300)")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="where to write (default: MODEL-SCHEME with the runtime's extension)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_force_flag(parser)
    parser.set_defaults(func=run)


def load_arrays(path: Path, *, want: tuple[str, ...] = ("x", "x_train")) -> Any:
    """Read a ``.npy`` array, or the first of ``want`` (else the first array) from ``.npz``.

    Example:
        >>> import numpy as np, tempfile, os
        >>> path = Path(tempfile.mkdtemp()) / "x.npy"
        >>> np.save(path, np.zeros((2, 3)))
        >>> load_arrays(path).shape
        (2, 3)
    """
    if not path.exists():
        raise InputError(f"data file not found: '{path}'",
                         fix="check the path, or save your array with numpy.save('calib.npy', x)")
    suffix = path.suffix.lower()
    if suffix not in {".npy", ".npz"}:
        raise InputError(f"cannot read data from '{path.name}'",
                         why="data files are NumPy .npy arrays or .npz archives",
                         fix="save it with numpy.save('calib.npy', x) "
                             "or numpy.savez('d.npz', x=x, y=y)")
    import numpy as np

    try:
        loaded = np.load(path, allow_pickle=False)
    except Exception as exc:  # truncated file, pickled objects
        raise InputError(f"cannot read '{path}'", why=f"{type(exc).__name__}: {exc}",
                         fix="write it again with numpy.save / numpy.savez (no Python objects)"
                         ) from None
    if suffix == ".npy":
        return loaded
    with loaded:
        names = list(loaded.files)
        if not names:
            raise InputError(f"'{path}' holds no arrays", fix="numpy.savez(path, x=x, y=y)")
        key = next((k for k in want if k in names), names[0])
        return loaded[key]


def default_output(model: Path, suffix: str, ext: str) -> Path:
    """``model.keras`` -> ``model-int8.tflite`` beside it."""
    stem = model.name if model.is_dir() else model.stem
    return model.parent / f"{stem}-{suffix}{ext}"


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..api.load import load
    from ..api.quantize import quantize

    ext = EXTENSIONS[args.runtime]
    output = args.output or default_output(args.model, args.scheme, ext)
    check_output(output, named=args.output is not None, force=args.force, source=args.model,
                 also=[output.with_suffix(".bin")] if ext == ".xml" else [], suffix=ext)
    if output.suffix.lower() != ext:
        raise InputError(f"output '{output}' does not end in {ext}",
                         why=f"a model quantized for {args.runtime} is written as {ext}",
                         fix=f"use -o {output.with_suffix(ext)}")
    data = load_arrays(args.data) if args.data is not None else None
    console = Console(stderr=True)
    with console.status(f"Quantizing {args.model.name} ({args.scheme}, {args.runtime})..."):
        source = load(args.model)
        source_size = source.size_bytes
        result = quantize(source, args.scheme, data=data, runtime=args.runtime,
                          per_channel=not args.per_tensor, calibration_samples=args.samples)
        written = result.save(output)
    size = result.size_bytes
    report = {
        "input": str(args.model), "output": str(written), "scheme": args.scheme,
        "runtime": args.runtime, "format": result.format,
        "source_size_bytes": source_size, "size_bytes": size,
        "size_ratio": round(size / source_size, 4) if source_size else None,
        "inputs": [str(spec) for spec in result.inputs],
        "outputs": [str(spec) for spec in result.outputs],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"wrote {written} ({size:,} bytes, {report['size_ratio']}x of {source_size:,})",
              file=sys.stdout)
        for spec in result.inputs:
            print(f"  input  {spec}")
        for spec in result.outputs:
            print(f"  output {spec}")
    return 0
