"""``sd.benchmark``: latency percentiles, throughput, size and host memory.

The timed loop calls only the backend session's ``run`` on arrays prepared
once beforehand, so it measures the runtime, not scaledown's input checks.
Memory is the process's resident set size (RSS) read with ``psutil`` (or,
without psutil, the peak RSS from ``resource.getrusage``): before the
session is created, after warm-up and after the timed runs. The largest of
those readings is reported as ``peak_rss_mb`` and its growth over the first
as ``rss_increase_mb``; RSS is process-wide, so other work in the same
process counts too.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..backends import backend_of, is_installed, runtimes
from ..errors import InputError, ScaleDownError


@dataclass
class BenchmarkResult:
    """One model on one runtime.

    Attributes:
        name: Model name.
        runtime: Runtime measured.
        batch: Samples per run.
        runs: Timed runs.
        warmup: Untimed runs before timing.
        p50_ms: Median latency of one run, in milliseconds.
        p90_ms: 90th percentile latency.
        p99_ms: 99th percentile latency.
        mean_ms: Mean latency.
        throughput: Samples per second (batch / mean latency).
        size_bytes: Serialized size of the model that ran.
        peak_rss_mb: Largest process RSS seen (MiB).
        rss_increase_mb: Growth of RSS from before the session was opened (MiB).
        memory_method: How memory was read.
        latencies_ms: Every timed run, in order.
    """

    name: str
    runtime: str
    batch: int
    runs: int
    warmup: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    throughput: float
    size_bytes: int
    peak_rss_mb: float
    rss_increase_mb: float
    memory_method: str
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    def to_dict(self, *, latencies: bool = False) -> dict[str, Any]:
        """Plain data for JSON (without the per-run list unless asked)."""
        data = dict(self.__dict__)
        if not latencies:
            data.pop("latencies_ms")
        return data

    def __str__(self) -> str:
        return (
            f"{self.name} on {self.runtime}: p50 {self.p50_ms:.3f} ms, p90 {self.p90_ms:.3f} ms, "
            f"p99 {self.p99_ms:.3f} ms, {self.throughput:.1f} samples/s, "
            f"{self.size_bytes:,} bytes, peak RSS {self.peak_rss_mb:.1f} MiB"
        )


class BenchmarkSuite(list):
    """Results for several runtimes; prints as one table.

    ``skipped`` maps a runtime that could not run the model to the reason.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.skipped: dict[str, str] = {}

    def table(self) -> Any:
        """A ``rich.table.Table`` with one row per runtime."""
        from rich.table import Table

        table = Table(title="benchmark")
        for col in (
            "model",
            "runtime",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "samples/s",
            "size",
            "peak RSS MiB",
        ):
            table.add_column(col, justify="left" if col in {"model", "runtime"} else "right")
        for r in self:
            table.add_row(
                r.name,
                r.runtime,
                f"{r.p50_ms:.3f}",
                f"{r.p90_ms:.3f}",
                f"{r.p99_ms:.3f}",
                f"{r.throughput:.1f}",
                f"{r.size_bytes:,}",
                f"{r.peak_rss_mb:.1f}",
            )
        return table

    def __str__(self) -> str:
        return "\n".join(str(r) for r in self)


def _rss_mb() -> tuple[float, str]:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20, "psutil RSS"
    except ImportError:  # peak RSS of the process so far; KiB on Linux
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "getrusage peak RSS"


def sample_inputs(model: Any, *, seed: int = 0) -> list[np.ndarray]:
    """Random raw arrays in the model's own dtypes, batch = its fixed batch or 1.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> [a.shape for a in sample_inputs(sd.load(tiny_dense_tflite()))]
        [(1, 4)]
    """
    rng = np.random.default_rng(seed)
    arrays = []
    for spec in model.inputs:
        shape = tuple(1 if d is None else d for d in spec.shape)
        dtype = np.dtype(spec.dtype)
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            arrays.append(
                rng.integers(max(info.min, -128), min(info.max, 127) + 1, shape).astype(dtype)
            )
        else:
            arrays.append(rng.random(shape, dtype=np.float32).astype(dtype))
    return arrays


def time_runs(run: Callable[[], Any], runs: int, warmup: int) -> list[float]:
    """Call ``run`` ``warmup`` times untimed, then ``runs`` times; milliseconds per call."""
    for _ in range(warmup):
        run()
    out = []
    clock = time.perf_counter_ns
    for _ in range(runs):
        start = clock()
        run()
        out.append((clock() - start) / 1e6)
    return out


def _one(
    model: Any,
    runtime: str,
    runs: int,
    warmup: int,
    runner: Callable[[Any], Any] | None,
    threads: int | None,
    x: Any,
    layout: str | None = None,
) -> BenchmarkResult:
    from ..backends.common.predict import feed_layouts, prepare_inputs
    from .evaluate import on_runtime

    target = on_runtime(model, runtime)
    rss0, method = _rss_mb()
    session = runner(target) if runner else target.session(threads=threads)
    arrays = (
        prepare_inputs(target.inputs, x, feed_layouts(model.inputs, target.inputs, x, layout))[
            : len(target.inputs)
        ]
        if x is not None
        else sample_inputs(target)
    )
    if x is not None:
        batch = target.inputs[0].shape[0] if target.inputs[0].shape else None
        arrays = [a[: batch or a.shape[0]] for a in arrays]
    call = functools.partial(session.run, arrays)
    time_runs(call, runs=0, warmup=warmup)
    rss1, _ = _rss_mb()
    latencies = time_runs(call, runs=runs, warmup=0)
    rss2, _ = _rss_mb()
    ms = np.asarray(latencies)
    batch_n = int(arrays[0].shape[0]) if arrays and arrays[0].ndim else 1
    mean = float(ms.mean())
    return BenchmarkResult(
        name=target.name,
        runtime=runtime,
        batch=batch_n,
        runs=runs,
        warmup=warmup,
        p50_ms=float(np.percentile(ms, 50)),
        p90_ms=float(np.percentile(ms, 90)),
        p99_ms=float(np.percentile(ms, 99)),
        mean_ms=mean,
        throughput=batch_n * 1000.0 / mean if mean > 0 else float("inf"),
        size_bytes=target.size_bytes,
        peak_rss_mb=max(rss0, rss1, rss2),
        rss_increase_mb=max(rss1, rss2) - rss0,
        memory_method=method,
        latencies_ms=latencies,
    )


def reachable_runtimes(model: Any) -> list[str]:
    """Installed runtimes this model can run on, directly or after conversion."""
    from .convert import routes

    formats = set(routes(model.format))
    found = []
    for runtime, fmt in runtimes().items():
        if fmt in formats and is_installed(runtime):
            found.append(runtime)
    return found


def benchmark(
    model: Any,
    *,
    runtime: str | Sequence[str] | None = None,
    runs: int = 100,
    warmup: int = 10,
    runner: Callable[[Any], Any] | None = None,
    threads: int | None = None,
    x: Any = None,
    layout: str | None = None,
) -> BenchmarkResult | BenchmarkSuite:
    """Time a model: latency p50/p90/p99 (ms), throughput, size, host memory.

    Args:
        model: A `sd.Model` or anything `sd.load` takes.
        runtime: ``"litert"``, ``"onnxruntime"``, ``"openvino"``, ``"keras"``, a
            list of them, or ``"all"`` (every installed runtime the model can
            reach by conversion). Default: the model's own runtime.
        runs: Timed runs.
        warmup: Untimed runs first (caches, lazy allocation).
        runner: ``runner(model) -> session`` with ``session.run(arrays)``; pass a
            fake in tests, or your own loop to compare against.
        threads: CPU threads for the runtime (default: the runtime's choice).
        x: Sample input to time with (one batch); default random data.
        layout: The channel order of the images in ``x``, ``"NCHW"`` or
            ``"NHWC"``; default: the order of ``model`` itself, moved for you
            when a runtime reads the other one (as in `sd.evaluate`).

    Returns:
        A `BenchmarkResult`, or a `BenchmarkSuite` for several runtimes.

    Raises:
        InputError: ``runs``/``warmup`` out of range, an unknown runtime, or
            ``x`` in the other channel order (see `sd.evaluate`).
        RuntimeNotInstalledError: the runtime asked for is not installed.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> r = sd.benchmark(tiny_dense_tflite(), runs=20, warmup=2)
        >>> r.runtime, r.runs, r.p50_ms <= r.p90_ms <= r.p99_ms
        ('litert', 20, True)
    """
    from ..backends.common.layouts import check_layout
    from .load import load

    check_layout(layout)
    if not isinstance(runs, int) or runs < 1:
        raise InputError(
            f"runs={runs!r}", why="it must be an integer of at least 1", fix="pass e.g. runs=100"
        )
    if not isinstance(warmup, int) or warmup < 0:
        raise InputError(
            f"warmup={warmup!r}",
            why="it must be an integer of at least 0",
            fix="pass e.g. warmup=10",
        )
    if threads is not None and (not isinstance(threads, int) or isinstance(threads, bool)
                                or threads < 1):
        raise InputError(
            f"threads={threads!r}",
            why="it is the number of CPU threads the runtime may use, so at least 1",
            fix="pass e.g. threads=1, or leave it out for the runtime's default",
        )
    asked = None if runtime in (None, "all") else [runtime] if isinstance(runtime, str) \
        else list(runtime)
    for name in asked or []:  # names are checked before the model is even loaded
        if name not in runtimes():
            raise InputError(
                f"unknown runtime {name!r}",
                why=f"scaledown runs models on {', '.join(runtimes())}",
                fix="pass one of those, or runtime='all'",
            )
    model = load(model)
    if runtime is None:
        return _one(model, backend_of(model.format), runs, warmup, runner, threads, x, layout)
    names = reachable_runtimes(model) if asked is None else asked
    if asked is not None:
        from .evaluate import check_runtime

        for name in names:  # every combination is checked before anything is timed
            check_runtime(model, name)
    if isinstance(runtime, str) and runtime != "all":
        return _one(model, runtime, runs, warmup, runner, threads, x, layout)
    suite = BenchmarkSuite()
    for name in names:
        try:
            suite.append(_one(model, name, runs, warmup, runner, threads, x, layout))
        except ScaleDownError as exc:
            if runtime != "all":
                raise
            suite.skipped[name] = exc.what
    return suite
