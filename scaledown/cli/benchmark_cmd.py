"""``scaledown benchmark MODEL``: latency percentiles, throughput, size, host memory.

Example:
    >>> import pathlib, tempfile
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.cli import main
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "tiny.tflite"
    >>> _ = model.write_bytes(tiny_dense_tflite())
    >>> main(["benchmark", str(model), "--runs", "3", "--warmup", "1", "--json"])
    {
      "results": [
        {
          "name": "tiny",
          "runtime": "litert",
          "batch": 1,
          "runs": 3,
          "warmup": 1,
    ...
    0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "benchmark", help="time a model on one or all runtimes of this computer"
    )
    parser.add_argument("model", type=Path, help="model file or SavedModel folder")
    parser.add_argument(
        "--runtime",
        default=None,
        help="litert, onnxruntime, openvino, keras, or 'all' (default: the model's own)",
    )
    parser.add_argument("--runs", type=int, default=100, help="timed runs (default 100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs first (default 10)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for the runtime")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    from ..api.benchmark import BenchmarkSuite, benchmark, reachable_runtimes
    from ..api.load import load
    from ..errors import ScaleDownError

    model = load(args.model)
    names = reachable_runtimes(model) if args.runtime == "all" else [args.runtime or model.backend]
    suite = BenchmarkSuite()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runtimes"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"timing {args.model.name}", total=len(names))
        for name in names:
            progress.update(task, description=f"timing {args.model.name} on {name}")
            try:
                suite.append(
                    benchmark(
                        model,
                        runtime=name,
                        runs=args.runs,
                        warmup=args.warmup,
                        threads=args.threads,
                    )
                )
            except ScaleDownError as exc:
                if args.runtime != "all":
                    raise
                suite.skipped[name] = exc.what
            progress.advance(task)
    if args.json:
        payload = {"results": [r.to_dict() for r in suite], "skipped": suite.skipped}
        print(json.dumps(payload, indent=2))
        return 0
    console = Console(width=None if sys.stdout.isatty() else 150)
    console.print(suite.table())
    for runtime, why in suite.skipped.items():
        console.print(f"[yellow]skipped {runtime}[/]: {why}")
    if suite:
        console.print(f"[dim]memory: {suite[0].memory_method}, process-wide[/]")
    return 0
