"""Frameworks benchmark: PyTorch and ONNX models on their way to the microcontroller.

Every figure is measured in this run; nothing printed here is typed in.

1. Fidelity of the float routes: max absolute difference between the converted
   TFLite model and its source on 32 random inputs, for a tiny NCHW ONNX CNN,
   a PyTorch CNN (against PyTorch eager), and the real MLPerf Tiny models that
   ship with the package: ResNet-8 (``ic``) and the AD01 autoencoder (``ad``),
   each taken Keras -> ONNX (tf2onnx) -> TFLite by our ONNX route and
   compared with ONNX Runtime on the ONNX file; and MLCommons' own float
   ResNet-8 ``.tflite`` -> ONNX -> TFLite. (``kws`` ships as int8 only, which
   the converter does not take back.) Target: < 1e-4 each.
2. The PyTorch digits CNN, int8 on LiteRT: test accuracy against the PyTorch
   float model (target: within 1.0 point); its TFLM arena from ``sd.fit``
   against TFLM's own ``print_allocations`` total, read in a separate process
   (target: equal).
3. One Keras digits CNN through the Keras route and through Keras -> ONNX ->
   TFLite: int8 file sizes (target: within 5 %) and test accuracies (target:
   within 1.0 point).

Run: ``python bench/frameworks_bench.py`` (writes
``bench/results/frameworks_bench.json``); exit code 1 if a target is missed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "frameworks_bench.json"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _random_like(model: Any, n: int = 32, seed: int = 0) -> np.ndarray:
    shape = tuple(model.inputs[0].shape[1:])
    return np.random.default_rng(seed).random((n, *shape), dtype=np.float32)


def _max_diff(a: Any, b: Any) -> float:
    return float(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)).max())


def _via_onnx(onnx_model: Any) -> float:
    """Max |TFLite - ONNX Runtime| for an ONNX model converted by our route."""
    import scaledown as sd

    tfl = sd.convert(onnx_model, to="tflite")
    x = _random_like(onnx_model)
    x_tfl = x.transpose(0, 2, 3, 1) if onnx_model.inputs[0].layout == "NCHW" else x
    return _max_diff(tfl.predict(x_tfl), onnx_model.predict(x))


def fidelity() -> dict[str, float]:
    import scaledown as sd
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    out = {"tiny NCHW ONNX CNN": _via_onnx(sd.load(tiny_conv_onnx()))}
    for task in ("ic", "ad"):
        keras_model = sd.load(sd.datasets.mlperf_tiny(task, "keras"))
        out[f"MLPerf Tiny {task} (Keras -> ONNX -> TFLite)"] = _via_onnx(
            sd.convert(keras_model, to="onnx"))
    published = sd.load(sd.datasets.mlperf_tiny("ic", "float"))
    out["MLPerf Tiny ic float .tflite -> ONNX -> TFLite"] = _via_onnx(
        sd.convert(published, to="onnx"))
    return out


def _torch_digits() -> tuple[Any, dict[str, Any]]:
    import torch

    import scaledown as sd

    torch.manual_seed(0)
    (x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)
    xtr = torch.from_numpy(np.ascontiguousarray(x_train.transpose(0, 3, 1, 2)))
    ytr = torch.from_numpy(y_train).long()
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(16 * 4 * 4, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(15):
        order = torch.randperm(len(xtr))
        for start in range(0, len(xtr), 64):
            idx = order[start:start + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
    net.eval()
    data = {"x_train": x_train, "x_test": x_test, "y_test": y_test}
    return net, data


def _tflm_total(tflite: bytes) -> int:
    """TFLM's own arena total, printed by ``print_allocations`` in a fresh process."""
    with tempfile.NamedTemporaryFile(suffix=".tflite", delete=False) as f:
        f.write(tflite)
    code = ("import sys\nfrom tflite_micro.python.tflite_micro import runtime\n"
            "it = runtime.Interpreter.from_file(sys.argv[1], arena_size=1 << 22)\n"
            "it.print_allocations()\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, f.name], capture_output=True,
                              text=True, check=True)
    finally:
        os.unlink(f.name)
    return int(re.search(r"Arena allocation total (\d+) bytes", done.stderr).group(1))


def pytorch_int8() -> dict[str, Any]:
    import torch

    import scaledown as sd

    net, d = _torch_digits()
    x_test_nchw = np.ascontiguousarray(d["x_test"].transpose(0, 3, 1, 2))
    with torch.no_grad():
        float_acc = float((net(torch.from_numpy(x_test_nchw)).argmax(1).numpy()
                           == d["y_test"]).mean())
    model = sd.load(net, example_input=torch.zeros(1, 1, 8, 8), name="digits-torch")
    float_tfl = sd.convert(model, to="tflite")
    x = x_test_nchw[:32]
    with torch.no_grad():
        eager = net(torch.from_numpy(x)).numpy()
    tiny = sd.quantize(model, "int8", data=np.ascontiguousarray(
        d["x_train"][:300].transpose(0, 3, 1, 2)))
    int8_acc = float(sd.evaluate(tiny, d["x_test"], d["y_test"]))
    report = sd.fit(tiny, device="arduino-nano-33-ble-sense-rev2")
    return {
        "float TFLite vs PyTorch eager, max abs diff": _max_diff(
            float_tfl.predict(x.transpose(0, 2, 3, 1)), eager),
        "PyTorch float accuracy": float_acc,
        "LiteRT int8 accuracy": int8_acc,
        "int8 file bytes": tiny.size_bytes,
        "sd.fit TFLM arena total bytes": report.analysis.arena.total_bytes,
        "TFLM print_allocations total bytes": _tflm_total(tiny.to_bytes()),
    }


def keras_two_routes() -> dict[str, Any]:
    import keras

    import scaledown as sd

    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)
    net = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    net.compile("adam", "sparse_categorical_crossentropy")
    net.fit(x_train, y_train, epochs=15, batch_size=32, verbose=0)
    direct = sd.quantize(net, "int8", data=x_train[:300])
    via_onnx = sd.quantize(sd.convert(net, to="onnx"), "int8", data=x_train[:300])
    return {
        "Keras route int8 bytes": direct.size_bytes,
        "Keras -> ONNX -> TFLite int8 bytes": via_onnx.size_bytes,
        "Keras route int8 accuracy": float(sd.evaluate(direct, x_test, y_test)),
        "Keras -> ONNX -> TFLite int8 accuracy": float(sd.evaluate(via_onnx, x_test, y_test)),
    }


def main(argv: list[str]) -> int:
    results = {"fidelity": fidelity(), "pytorch": pytorch_int8(), "keras": keras_two_routes()}
    p, k = results["pytorch"], results["keras"]
    checks = {f"fidelity < 1e-4: {name}": diff < 1e-4
              for name, diff in results["fidelity"].items()}
    checks["PyTorch float TFLite < 1e-4"] = p["float TFLite vs PyTorch eager, max abs diff"] < 1e-4
    checks["PyTorch int8 within 1.0 point"] = (
        abs(p["LiteRT int8 accuracy"] - p["PyTorch float accuracy"]) <= 0.010)
    checks["sd.fit arena == TFLM's own total"] = (
        p["sd.fit TFLM arena total bytes"] == p["TFLM print_allocations total bytes"])
    sizes = (k["Keras route int8 bytes"], k["Keras -> ONNX -> TFLite int8 bytes"])
    checks["Keras two routes: int8 sizes within 5 %"] = abs(sizes[1] / sizes[0] - 1) <= 0.05
    checks["Keras two routes: accuracy within 1.0 point"] = abs(
        k["Keras route int8 accuracy"] - k["Keras -> ONNX -> TFLite int8 accuracy"]) <= 0.010
    results["checks"] = checks
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    for section in ("fidelity", "pytorch", "keras"):
        print(f"-- {section}")
        for name, value in results[section].items():
            print(f"  {name}: {value:.3g}" if isinstance(value, float) else f"  {name}: {value}")
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
