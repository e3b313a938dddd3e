"""Benchmark for ``sd.compile``: bit-exact with TFLite-Micro, arena against TFLM's, planner gap.

Per model (the three MLPerf Tiny int8 models, and a digits CNN trained and
quantized here with ``sd.quantize(scheme="int8")``), everything measured in
this run:

1. Bit-exact: the compiled C (built with ``gcc -std=c99 -O2 -Wall -Werror``)
   and the TFLite-Micro interpreter get the same random int8 inputs (and the
   digits test images, quantized); every output byte must match.
2. Arena: ``SD_MODEL_ARENA_BYTES`` against the arena TFLite-Micro needs for the
   same model on this host (``scaledown.backends.tflm.arena.probe_arena``:
   its own allocation report, 64-bit), as a ratio. The compiled model keeps
   its input and output in the caller's buffers, so the ratio is also given
   with those bytes added. TFLM's figure also holds its persistent
   bookkeeping (tensor and node structs), which compiled code does not need.
3. Planner: bytes above the lower bound (the most activation bytes alive at
   one step); 0 means no plan can be smaller.
4. Host speed: mean wall time of one ``sd_model_invoke`` over the inputs,
   as a ratio to one TFLM ``invoke`` of the same model timed in the same run
   (both are plain reference kernels; this is the interpreter's overhead and
   the compiler's loop code, not a microcontroller figure).
5. Flash on a Cortex-M4, when ``arm-none-eabi-gcc`` is installed: ``.text`` +
   ``.data`` of ``sd_model.o`` (weights and calls) and ``sd_kernels.o`` built
   with ``-mcpu=cortex-m4 -mthumb -Os``.

Run: ``python bench/compiler_bench.py`` (writes ``bench/results/compiler.json``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "compiler.json"
MLPERF_TASKS = {"kws": "kws", "resnet8": "ic", "ad01": "ad"}  # our short name -> task
RANDOM_SAMPLES = 20


def mlperf_models() -> dict[str, bytes]:
    """The MLPerf Tiny int8 models shipped in the package."""
    from scaledown.datasets import mlperf_tiny

    return {name: mlperf_tiny(task).read_bytes() for name, task in MLPERF_TASKS.items()}


def digits_model():
    """A small CNN trained on digits (conv, max pool, depthwise, avg pool, dense), int8."""
    import keras
    import numpy as np

    import scaledown as sd
    from scaledown.datasets import load_digits

    (x, y), (x_test, _) = load_digits(seed=0)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.DepthwiseConv2D(3, padding="same", activation="relu6"),
        keras.layers.AveragePooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=6, batch_size=32, verbose=0)
    tiny = sd.quantize(model, scheme="int8", data=x[:200])
    q = tiny.inputs[0].quantize(x_test[:200])
    return tiny.to_bytes(), np.asarray(q).reshape(len(q), -1)


def _timed(fn, inputs, repeats: int = 3) -> float:
    """Mean seconds per call: warm up once, then the best of ``repeats`` passes."""
    fn(inputs[0])
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for x in inputs:
            fn(x)
        best = min(best, (time.perf_counter() - start) / len(inputs))
    return best


def _m4_flash(folder: Path) -> dict[str, int] | None:
    if shutil.which("arm-none-eabi-gcc") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Os",
                        "-c", str(folder / "sd_model.c"), str(folder / "sd_kernels.c")],
                       cwd=tmp, check=True)
        sizes = {}
        for obj in ("sd_model.o", "sd_kernels.o"):
            out = subprocess.run(["arm-none-eabi-size", obj], cwd=tmp, check=True,
                                 capture_output=True, text=True).stdout.splitlines()[1].split()
            sizes[obj] = int(out[0]) + int(out[1])  # text + data
        return sizes


def bench_model(name: str, data: bytes, work: Path, real_inputs=None) -> dict:
    import numpy as np

    import scaledown as sd
    from scaledown.backends.tflm.arena import probe_arena
    from scaledown.compiler.hostcheck import (
        HostModel,
        _Reference,
        build_host_library,
        compare_with_tflm,
        header_quantization,
    )

    folder = work / name
    result = sd.compile(data, folder, name=name)
    compiled = HostModel(build_host_library(folder))
    rng = np.random.default_rng(0)
    inputs = rng.integers(-128, 128, (RANDOM_SAMPLES, compiled.input_bytes), dtype=np.int8)
    random_report = compare_with_tflm(data, folder, inputs=inputs)
    real_report = (compare_with_tflm(data, folder, inputs=real_inputs)
                   if real_inputs is not None else None)
    tflm = probe_arena(data, name=name)
    reference = _Reference(data, header_quantization(folder))
    ours_s, tflm_s = _timed(compiled, inputs), _timed(reference, inputs)
    io = result.input_bytes + result.output_bytes
    row = {
        "model": name,
        "ops": result.ops,
        "kernel_calls": result.calls,
        "bit_exact_random": random_report.bit_exact,
        "random_samples": random_report.samples,
        "bit_exact_real": None if real_report is None else real_report.bit_exact,
        "real_samples": 0 if real_report is None else real_report.samples,
        "arena_bytes": result.arena_bytes,
        "io_bytes": io,
        "tflm_arena_bytes": tflm.required_bytes,
        "tflm_activation_bytes": tflm.head_bytes,
        "arena_vs_tflm": round(result.arena_bytes / tflm.required_bytes, 3),
        "arena_plus_io_vs_tflm": round((result.arena_bytes + io) / tflm.required_bytes, 3),
        "lower_bound_bytes": result.lower_bound,
        "gap_bytes": result.gap_bytes,
        "host_invoke_s": round(ours_s, 6),
        "tflm_invoke_s": round(tflm_s, 6),
        "host_speed_vs_tflm": round(tflm_s / ours_s, 2) if ours_s else None,
        "m4_flash_bytes": _m4_flash(folder),
    }
    return row


def main(argv: list[str] | None = None) -> int:
    """Compile and measure every model; 0 when every one is bit-exact."""
    models = mlperf_models()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, data in models.items():
            rows.append(bench_model(name, data, work))
        digits, real = digits_model()
        rows.append(bench_model("digits_cnn", digits, work, real_inputs=real))
    print("sd.compile against TFLite-Micro (arena: bytes; ratio < 1: smaller than TFLM)")
    print(f"  {'model':11} {'exact':>6} {'real':>5} {'arena':>7} {'+io':>7} {'TFLM':>7} "
          f"{'ratio':>6} {'+io':>6} {'bound':>7} {'gap':>4} {'speed':>6} {'M4 flash':>9}")
    for r in rows:
        real = "-" if r["bit_exact_real"] is None else str(r["bit_exact_real"])
        flash = "-" if r["m4_flash_bytes"] is None else sum(r["m4_flash_bytes"].values())
        print(f"  {r['model']:11} {r['bit_exact_random']!s:>6} {real:>5} {r['arena_bytes']:>7} "
              f"{r['arena_bytes'] + r['io_bytes']:>7} {r['tflm_arena_bytes']:>7} "
              f"{r['arena_vs_tflm']:>6} {r['arena_plus_io_vs_tflm']:>6} "
              f"{r['lower_bound_bytes']:>7} {r['gap_bytes']:>4} {r['host_speed_vs_tflm']:>5}x "
              f"{flash:>9}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp_file = RESULTS.with_suffix(".json.tmp")
    tmp_file.write_text(json.dumps(rows, indent=2) + "\n")
    tmp_file.replace(RESULTS)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    exact = all(r["bit_exact_random"] and r["bit_exact_real"] is not False for r in rows)
    print(f"  {'PASS' if exact else 'FAIL'}  bit-exact with TFLite-Micro on every model")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
