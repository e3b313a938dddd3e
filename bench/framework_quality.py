"""Quality benchmark for sd.quantize: file sizes, accuracy, and the wrapper's fidelity.

Every figure is measured in this run; nothing printed here is typed in.

1. Size: for the MLPerf Tiny Keras models with more than 50k parameters in
   ``scaledown/datasets/mlperf_tiny/`` (ResNet-8 for CIFAR-10, the AD01 autoencoder), the
   LiteRT int8 and float16 files from ``sd.quantize`` against the float
   ``.tflite`` from ``sd.convert``. Targets: int8 <= 0.30x, float16 <= 0.55x.
   int8 is measured with per-channel weight scales (the default) and with
   per-tensor scales. The ONNX Runtime and OpenVINO int8 and float16 files
   are shown for information, against their own float files: they also store
   the graph (protobuf, XML) and quantize/dequantize nodes, so they shrink less.
   TensorFlow's converter called directly on the same model and samples is
   measured too. Decision recorded in the compiler issue: LiteRT files stay
   byte-identical to TensorFlow's converter, so where the converter's own
   per-channel int8 file is above 0.30x (ResNet-8: MLCommons' own int8 file
   is above it too), the int8 row is a figure shown beside the converter's,
   not a target; the target there is "identical to the converter".
   Calibration inputs are random here: file sizes do not depend on them.
2. Accuracy: a small CNN trained here on scikit-learn's digits (three seeds,
   30 % test split), float Keras vs int8 on LiteRT, ONNX Runtime and
   OpenVINO (NNCF). Targets: LiteRT int8 within 1.0 point of float; ONNX
   Runtime int8 within 1.0 point of LiteRT int8.
3. Fidelity: ``sd.quantize(model, "int8", data=x)`` against TensorFlow's
   TFLite converter called directly with the same calibration samples.
   Targets: file sizes within 1 %, the same test accuracy.

Run: ``python bench/framework_quality.py`` (writes
``bench/results/framework_quality.json``); exit code 1 if a target is missed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MLPERF = ROOT / "scaledown" / "datasets" / "mlperf_tiny"  # the models that ship with the package
RESULTS = ROOT / "bench" / "results" / "framework_quality.json"
SIZE_MODELS = ("pretrainedResnet.h5", "ad01.h5")
# MLCommons' own float and int8 files of the same models, for context
PUBLISHED = {"pretrainedResnet.h5": ("pretrainedResnet.tflite", "pretrainedResnet_quant.tflite"),
             "ad01.h5": ("ad01_fp32.tflite", "ad01_int8.tflite")}
SEEDS = (0, 1, 2)
CALIBRATION = 200

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402


def _random_inputs(model: Any, n: int = 64) -> np.ndarray:
    shape = (n, *[d or 1 for d in model.inputs[0].shape[1:]])
    return np.random.default_rng(0).uniform(0.0, 1.0, size=shape).astype(np.float32)


def size_rows() -> list[dict[str, Any]]:
    """File sizes of the quantized MLPerf Tiny models against their float files."""
    import scaledown as sd

    rows = []
    quiet = contextlib.redirect_stdout(io.StringIO())  # Keras prints export signatures
    for name in SIZE_MODELS:
        model = sd.load(MLPERF / name)
        x = _random_inputs(model)
        with quiet:
            float_bytes = len(sd.convert(model, to="tflite").to_bytes())
        int8_file = sd.quantize(model, "int8", data=x).to_bytes()
        int8 = len(int8_file)
        direct = direct_int8(model.native, x)  # the same job without scaledown
        int8_tensor = len(sd.quantize(model, "int8", data=x, per_channel=False).to_bytes())
        half = len(sd.quantize(model, "float16").to_bytes())
        with quiet:
            onnx_float = len(sd.convert(model, to="onnx").to_bytes())
        onnx_int8 = len(sd.quantize(model, "int8", data=x, runtime="onnxruntime").to_bytes())
        onnx_half = len(sd.quantize(model, "float16", runtime="onnxruntime").to_bytes())
        with quiet:
            ov_float = sd.convert(model, to="openvino").size_bytes  # .xml + .bin
        ov_int8 = sd.quantize(model, "int8", data=x, runtime="openvino").size_bytes
        ov_half = sd.quantize(model, "float16", runtime="openvino").size_bytes
        pub_float, pub_int8 = ((MLPERF / f).stat().st_size for f in PUBLISHED[name])
        rows.append({
            "model": name, "params": model.param_count, "float_tflite_bytes": float_bytes,
            "published_int8_ratio": pub_int8 / pub_float,
            "int8_bytes": int8, "int8_ratio": int8 / float_bytes,
            "direct_int8_bytes": len(direct), "direct_int8_ratio": len(direct) / float_bytes,
            "int8_identical_to_direct": int8_file == direct,
            "int8_per_tensor_bytes": int8_tensor,
            "int8_per_tensor_ratio": int8_tensor / float_bytes,
            "float16_bytes": half, "float16_ratio": half / float_bytes,
            "onnx_float_bytes": onnx_float, "onnx_int8_qdq_ratio": onnx_int8 / onnx_float,
            "onnx_float16_ratio": onnx_half / onnx_float,
            "openvino_float_bytes": ov_float, "openvino_int8_ratio": ov_int8 / ov_float,
            "openvino_float16_ratio": ov_half / ov_float,
        })
    return rows


def digits_cnn(seed: int, x: np.ndarray, y: np.ndarray) -> Any:
    """A small CNN for the 8x8 digits (about 31k parameters)."""
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=20, batch_size=32, verbose=0)
    return model


def _accuracy(predictions: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(predictions, axis=-1) == labels) * 100.0)


def direct_int8(keras_model: Any, calibration: np.ndarray) -> bytes:
    """Full-integer int8 straight from TensorFlow's converter, no scaledown involved."""
    import tensorflow as tf

    def representative_dataset():
        for i in range(len(calibration)):
            yield [calibration[i : i + 1]]

    with contextlib.redirect_stdout(io.StringIO()):  # Keras prints its export signature
        converter = tf.lite.TFLiteConverter.from_keras_model(keras_model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bytes(converter.convert())


def digits_rows() -> list[dict[str, Any]]:
    """Accuracy of float and int8 digits CNNs on three runtimes, plus the direct converter."""
    import scaledown as sd

    rows = []
    for seed in SEEDS:
        (x, y), (x_test, y_test) = sd.datasets.load_digits(test_size=0.3, seed=seed)
        model = digits_cnn(seed, x, y)
        calibration = x[:CALIBRATION]
        ours = sd.quantize(model, "int8", data=calibration)
        direct = sd.load(direct_int8(model, calibration))
        ort = sd.quantize(model, "int8", data=calibration, runtime="onnxruntime")
        ov = sd.quantize(model, "int8", data=calibration, runtime="openvino")
        rows.append({
            "seed": seed, "test_samples": len(y_test), "params": sd.load(model).param_count,
            "float": _accuracy(model.predict(x_test, verbose=0), y_test),
            "litert_int8": _accuracy(ours.predict(x_test), y_test),
            "direct_int8": _accuracy(direct.predict(x_test), y_test),
            "onnxruntime_int8": _accuracy(ort.predict(x_test), y_test),
            "openvino_int8": _accuracy(ov.predict(x_test), y_test),
            "sd_bytes": len(ours.to_bytes()), "direct_bytes": len(direct.to_bytes()),
            "identical_bytes": ours.to_bytes() == direct.to_bytes(),
        })
    return rows


def checks(sizes: list[dict], digits: list[dict]) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it holds."""
    out = []
    for row in sizes:
        m = row["model"]
        if row["direct_int8_ratio"] <= 0.30:
            out.append({"target": f"{m}: int8 <= 0.30x float", "value": row["int8_ratio"],
                        "ok": row["int8_ratio"] <= 0.30})
        else:  # accepted at the converter's size; the compiler saves flash instead
            out.append({"target": f"{m}: int8 identical to the converter's file "
                                  f"(converter {row['direct_int8_ratio']:.4f}x, above 0.30x)",
                        "value": row["int8_ratio"], "ok": row["int8_identical_to_direct"]})
        size_gap = abs(row["int8_bytes"] - row["direct_int8_bytes"]) / row["direct_int8_bytes"]
        out.append({"target": f"{m}: sd.quantize int8 size within 1% of direct",
                    "value": size_gap, "ok": size_gap <= 0.01})
        out.append({"target": f"{m}: int8 per-tensor <= 0.30x float",
                    "value": row["int8_per_tensor_ratio"],
                    "ok": row["int8_per_tensor_ratio"] <= 0.30})
        out.append({"target": f"{m}: float16 <= 0.55x float", "value": row["float16_ratio"],
                    "ok": row["float16_ratio"] <= 0.55})
    for row in digits:
        s = row["seed"]
        gap = abs(row["litert_int8"] - row["float"])
        out.append({"target": f"digits seed {s}: |LiteRT int8 - float| <= 1.0 pt",
                    "value": gap, "ok": gap <= 1.0})
        gap = abs(row["onnxruntime_int8"] - row["litert_int8"])
        out.append({"target": f"digits seed {s}: |ORT int8 - LiteRT int8| <= 1.0 pt",
                    "value": gap, "ok": gap <= 1.0})
        size_gap = abs(row["sd_bytes"] - row["direct_bytes"]) / row["direct_bytes"]
        out.append({"target": f"digits seed {s}: sd.quantize size within 1% of direct",
                    "value": size_gap, "ok": size_gap <= 0.01})
        out.append({"target": f"digits seed {s}: sd.quantize accuracy == direct",
                    "value": row["litert_int8"] - row["direct_int8"],
                    "ok": row["litert_int8"] == row["direct_int8"]})
    return out


def _print(sizes: list[dict], digits: list[dict], results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    table = Table(title="LiteRT file sizes (MLPerf Tiny Keras models)")
    for col in ("model", "params", "float B", "int8 B", "int8 x", "direct int8 x",
                "int8/tensor x", "fp16 B", "fp16 x", "MLCommons int8 x"):
        table.add_column(col, justify="right")
    for r in sizes:
        table.add_row(r["model"], f"{r['params']:,}", f"{r['float_tflite_bytes']:,}",
                      f"{r['int8_bytes']:,}", f"{r['int8_ratio']:.4f}",
                      f"{r['direct_int8_ratio']:.4f}",
                      f"{r['int8_per_tensor_ratio']:.4f}", f"{r['float16_bytes']:,}",
                      f"{r['float16_ratio']:.4f}",
                      f"{r['published_int8_ratio']:.4f}")
    console.print(table)
    table = Table(title="For information: ONNX Runtime and OpenVINO files of the same models "
                        "(size / their own float file; the targets above are read on LiteRT)")
    for col in ("model", "ORT int8 x", "ORT fp16 x", "OpenVINO int8 x", "OpenVINO fp16 x"):
        table.add_column(col, justify="right")
    for r in sizes:
        table.add_row(r["model"], *(f"{r[key]:.4f}" for key in (
            "onnx_int8_qdq_ratio", "onnx_float16_ratio", "openvino_int8_ratio",
            "openvino_float16_ratio")))
    console.print(table)
    table = Table(title="Digits CNN accuracy, % (test split 30 %)")
    for col in ("seed", "n", "float", "LiteRT int8", "direct int8", "ORT int8", "OpenVINO int8",
                "sd B", "direct B", "same bytes"):
        table.add_column(col, justify="right")
    for r in digits:
        table.add_row(str(r["seed"]), str(r["test_samples"]), f"{r['float']:.2f}",
                      f"{r['litert_int8']:.2f}", f"{r['direct_int8']:.2f}",
                      f"{r['onnxruntime_int8']:.2f}", f"{r['openvino_int8']:.2f}",
                      f"{r['sd_bytes']:,}", f"{r['direct_bytes']:,}", str(r["identical_bytes"]))
    console.print(table)
    table = Table(title="Targets")
    for col in ("target", "measured", "holds"):
        table.add_column(col)
    for c in results:
        table.add_row(c["target"], f"{c['value']:.4f}", "yes" if c["ok"] else "NO")
    console.print(table)
    for r in sizes:
        if r["direct_int8_ratio"] > 0.30:
            console.print(
                f"{r['model']}: per-channel int8 is {r['int8_ratio']:.4f}x of float, beside "
                f"TensorFlow's converter at {r['direct_int8_ratio']:.4f}x and MLCommons' own int8 "
                f"file at {r['published_int8_ratio']:.4f}x; shown as a figure, not a target.")


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    sizes = size_rows()
    digits = digits_rows()
    results = checks(sizes, digits)
    _print(sizes, digits, results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {"sizes": sizes, "digits": digits, "checks": results,
               "seconds": round(time.perf_counter() - started, 1)}
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2))
    tmp.replace(RESULTS)
    print(f"wrote {RESULTS.relative_to(ROOT)} in {payload['seconds']} s")
    return 0 if all(c["ok"] for c in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
