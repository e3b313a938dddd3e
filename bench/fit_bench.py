"""Benchmark for ``sd.fit``: RAM equals TFLM's report, latency vs MLPerf Tiny, speed.

Three measurements, all made in this run (nothing printed here is typed in):

1. RAM: for every int8 model in ``scaledown/datasets/mlperf_tiny/`` and for two models trained
   here (a dense net and a small CNN on scikit-learn digits, int8), the arena
   ``sd.fit`` reports must equal the arena TFLite-Micro prints when asked
   directly through ``tflite_micro`` (a second, independent code path).
2. Latency: the estimate for the Cortex-M4F at 120 MHz against the published
   MLPerf Tiny v0.5 median latencies. KWS, IC and AD use the model files (MACs
   counted from the graph); VWW has no model file here and uses its published
   MAC count. Each ratio is given twice: with the full calibration, and with
   the task left out of the calibration (an honest out-of-sample figure).
3. Speed: wall time of ``sd.fit`` on ~300 KB models (a 277 KB int8 one and a
   318 KB float one) for one board and for the whole catalogue, as seconds and
   as a ratio to one bare TFLM allocation of the same model timed in the same
   run. Target: under 2 s.

Run: ``python bench/fit_bench.py`` (writes ``bench/results/fit.json``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Before anything imports TensorFlow: no C++ INFO/WARNING lines in the bench's output.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MLPERF = ROOT / "scaledown" / "datasets" / "mlperf_tiny"  # the models that ship with the package
RESULTS = ROOT / "bench" / "results" / "fit.json"
INT8 = ("kws_ref_model.tflite", "pretrainedResnet_quant.tflite", "ad01_int8.tflite")
TASK_FILES = {"kws": "kws_ref_model.tflite", "ic": "pretrainedResnet_quant.tflite",
              "ad": "ad01_int8.tflite"}


def tflm_direct_total(data: bytes, arena: int = 16 * 1024 * 1024) -> int:
    """The arena TFLM reports, asked through tflite_micro directly."""
    from tflite_micro.python.tflite_micro import runtime

    interpreter = runtime.Interpreter.from_bytes(data, arena_size=arena)
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            interpreter.print_allocations()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        sink.seek(0)
        text = sink.read().decode()
    return int(re.search(r"Arena allocation total (\d+) bytes", text).group(1))


def trained_models() -> dict[str, bytes]:
    """Two int8 models trained here on scikit-learn digits."""
    import numpy as np
    from sklearn.datasets import load_digits

    from scaledown.backends.common.quiet import quiet_import, silenced_stderr

    # TensorFlow's start-up notes (oneDNN, CUDA probes) ignore TF_CPP_MIN_LOG_LEVEL
    tf = quiet_import("tensorflow")
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    # While training and converting, TensorFlow's C++ side still logs a failed CUDA probe
    # and the converter's settings on stderr, and Keras prints each export's signature on
    # stdout. Errors still raise; their traceback is printed after the block.
    with silenced_stderr(), contextlib.redirect_stdout(io.StringIO()):
        return _train_and_convert(tf, x, y)


def _train_and_convert(tf, x, y) -> dict[str, bytes]:
    tf.keras.utils.set_random_seed(1)
    out = {}
    for name, shape, layers in (
        ("bench-dense", (64,), [tf.keras.layers.Dense(48, activation="relu"),
                                tf.keras.layers.Dense(10, activation="softmax")]),
        ("bench-cnn", (8, 8, 1), [tf.keras.layers.Conv2D(12, 3, activation="relu"),
                                  tf.keras.layers.Conv2D(16, 3, activation="relu"),
                                  tf.keras.layers.Flatten(),
                                  tf.keras.layers.Dense(10, activation="softmax")]),
    ):
        model = tf.keras.Sequential([tf.keras.Input(shape), *layers])
        model.compile("adam", "sparse_categorical_crossentropy")
        xs = x.reshape((-1, *shape))
        model.fit(xs, y, epochs=2, verbose=0)
        conv = tf.lite.TFLiteConverter.from_keras_model(model)
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = lambda xs=xs: ([xs[i : i + 1]] for i in range(64))
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
        out[name] = conv.convert()
    return out


def bench_ram() -> list[dict]:
    from scaledown.backends.tflm.arena import probe_arena
    from scaledown.estimates.memory32 import to_32bit

    models = {name: (MLPERF / name).read_bytes() for name in INT8 if (MLPERF / name).is_file()}
    models.update(trained_models())
    rows = []
    for name, data in models.items():
        report = probe_arena(data, name=name)
        direct = tflm_direct_total(data)
        rows.append({
            "model": name,
            "fit_arena_bytes": report.total_bytes,
            "tflm_reported_bytes": direct,
            "equal": report.total_bytes == direct,
            "min_accepted_bytes": report.min_arena_bytes,
            "arena_32bit_estimate": to_32bit(report).total_bytes,
        })
    return rows


def bench_latency() -> list[dict]:
    from scaledown.backends.litert.ops import list_ops
    from scaledown.estimates.latency import (
        MLPERF_TINY_V05,
        calibrate,
        estimate_from_macs,
        estimate_latency,
        macs_by_class,
    )

    full = calibrate(MLPERF_TINY_V05)
    rows = []
    for ref in MLPERF_TINY_V05:
        left_out = calibrate([r for r in MLPERF_TINY_V05 if r.task != ref.task])
        path = MLPERF / TASK_FILES.get(ref.task, "-")
        if path.is_file():
            ops = list_ops(path.read_bytes())
            est = estimate_latency(ops, core=ref.core, clock_mhz=ref.clock_mhz, calibration=full)
            loo = estimate_latency(ops, core=ref.core, clock_mhz=ref.clock_mhz,
                                   calibration=left_out)
            macs, source = sum(macs_by_class(ops).values()), f"counted from {path.name}"
        else:
            est = estimate_from_macs(int(ref.macs), core=ref.core, clock_mhz=ref.clock_mhz,
                                     op_class=ref.op_class, calibration=full)
            loo = estimate_from_macs(int(ref.macs), core=ref.core, clock_mhz=ref.clock_mhz,
                                     op_class=ref.op_class, calibration=left_out)
            macs, source = int(ref.macs), "published MAC count (no model file)"
        rows.append({
            "task": ref.task, "published_ms": ref.latency_ms, "macs": macs, "macs_from": source,
            "estimate_ms": round(est.ms, 2), "ratio": round(est.ms / ref.latency_ms, 3),
            "leave_one_out_ms": round(loo.ms, 2),
            "leave_one_out_ratio": round(loo.ms / ref.latency_ms, 3),
        })
    return rows


def bench_speed(repeats: int = 5) -> list[dict]:
    import scaledown as sd
    from scaledown.backends.tflm.allocate import _try

    def timed(fn) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    board = "arduino-nano-33-ble-sense-rev2"
    rows = []
    # a 277 KB int8 model, and a 318 KB float one (measured with allow_float)
    for name, allow_float in (("ad01_int8.tflite", False), ("pretrainedResnet.tflite", True)):
        path = MLPERF / name
        data = path.read_bytes()
        sd.fit(path, board, allow_float=allow_float)  # warm imports and the catalogue
        baseline = timed(lambda data=data: _try(data, 4 * 1024 * 1024))
        one = timed(lambda p=path, a=allow_float: sd.fit(p, board, allow_float=a))
        every = timed(lambda p=path, a=allow_float: sd.fit(p, allow_float=a))
        rows.append({
            "model": path.name, "model_bytes": len(data),
            "one_tflm_allocation_s": round(baseline, 4),
            "fit_one_board_s": round(one, 3), "fit_all_boards_s": round(every, 3),
            "fit_one_board_vs_allocation": round(one / baseline, 1),
            "fit_all_boards_vs_allocation": round(every / baseline, 1),
            "target_s": 2.0, "meets_target": max(one, every) < 2.0,
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the three measurements; 0 when every target holds, 1 otherwise."""
    results = {"ram": bench_ram(), "latency": bench_latency(), "speed": bench_speed()}
    print("RAM: sd.fit arena vs TFLM's own report")
    print(f"  {'model':32} {'sd.fit':>9} {'TFLM':>9} {'equal':>6} {'min ok':>8} {'32-bit':>8}")
    for r in results["ram"]:
        print(f"  {r['model']:32} {r['fit_arena_bytes']:>9} {r['tflm_reported_bytes']:>9} "
              f"{r['equal']!s:>6} {r['min_accepted_bytes']:>8} {r['arena_32bit_estimate']:>8}")
    print("Latency, Cortex-M4F at 120 MHz, vs MLPerf Tiny v0.5 (target: ratio within 0.5..2)")
    print(f"  {'task':5} {'published':>10} {'estimate':>9} {'ratio':>6} {'left-out':>9} "
          f"{'ratio':>6}  MACs from")
    for r in results["latency"]:
        print(f"  {r['task']:5} {r['published_ms']:>8} ms {r['estimate_ms']:>6} ms "
              f"{r['ratio']:>6} {r['leave_one_out_ms']:>6} ms {r['leave_one_out_ratio']:>6}  "
              f"{r['macs_from']}")
    for s in results["speed"]:
        print(f"Speed on {s['model']} ({s['model_bytes']:,} B): one board "
              f"{s['fit_one_board_s']} s, all boards {s['fit_all_boards_s']} s (target < 2 s: "
              f"{s['meets_target']}); {s['fit_one_board_vs_allocation']}x / "
              f"{s['fit_all_boards_vs_allocation']}x one TFLM allocation "
              f"({s['one_tflm_allocation_s']} s)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n")
    tmp.replace(RESULTS)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    targets = {
        "RAM equals TFLM's report for every model": all(r["equal"] for r in results["ram"]),
        "latency within 2x for all four tasks": all(
            0.5 <= r["ratio"] <= 2.0 for r in results["latency"]),
        "sd.fit under 2 s": all(r["meets_target"] for r in results["speed"]),
    }
    for name, held in targets.items():
        print(f"  {'PASS' if held else 'FAIL'}  {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
