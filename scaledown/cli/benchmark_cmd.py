"""``scaledown benchmark MODEL``: latency percentiles, throughput, size, host memory."""

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
    from rich.console import Console

    from ..api.benchmark import BenchmarkSuite, benchmark

    with Console(stderr=True).status(f"timing {args.model} ({args.runs} runs) ...", spinner="dots"):
        result = benchmark(
            args.model,
            runtime=args.runtime,
            runs=args.runs,
            warmup=args.warmup,
            threads=args.threads,
        )
    results = list(result) if isinstance(result, BenchmarkSuite) else [result]
    if args.json:
        payload = {
            "results": [r.to_dict() for r in results],
            "skipped": getattr(result, "skipped", {}),
        }
        print(json.dumps(payload, indent=2))
        return 0
    suite = result if isinstance(result, BenchmarkSuite) else BenchmarkSuite([result])
    import sys

    console = Console(width=None if sys.stdout.isatty() else 150)
    console.print(suite.table())
    for runtime, why in getattr(result, "skipped", {}).items():
        console.print(f"[yellow]skipped {runtime}[/]: {why}")
    console.print(f"[dim]memory: {results[0].memory_method}, process-wide[/]" if results else "")
    return 0
