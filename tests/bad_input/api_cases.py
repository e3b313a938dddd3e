"""Bad arguments to every verb of the Python API, one ``Case`` each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from badkit import Case

import scaledown as sd
from scaledown.errors import (
    ConversionError,
    DeviceError,
    ExportError,
    InputError,
    ModelLoadError,
    ScaleDownError,
    UnsupportedFormatError,
    UnsupportedOpError,
    WriteError,
)

F32 = np.float32
NANO = dict(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")


def _x(n: int = 4, width: int = 4) -> np.ndarray:
    return np.random.default_rng(1).random((n, width), dtype=F32)


def _file(name: str, data: Callable[[Any], bytes]) -> Callable[[Any], None]:
    """A setup step writing ``data(w)`` to ``name`` in the case's folder."""

    def setup(w: Any) -> None:
        (w.dir / name).write_bytes(data(w))

    return setup


def _load(name: str) -> Callable[[Any], Any]:
    return lambda w: sd.load(w.dir / name)


def _copy(source: str, size: int | None = None) -> Callable[[Any], bytes]:
    return lambda w: (w.dir / source).read_bytes()[:size]


def _bad_file(case_id: str, name: str, data: Callable[[Any], bytes], error: type,
              names: tuple[str, ...]) -> Case:
    return Case(case_id, _load(name), error, names, setup=_file(name, data))


def _remove(name: str) -> Callable[[Any], None]:
    return lambda w: (w.dir / name).unlink()


def _mkdir(name: str) -> Callable[[Any], None]:
    return lambda w: (w.dir / name).mkdir()


def _garbage_ir(w: Any) -> None:
    (w.dir / "g.xml").write_bytes(b"<net><oops")
    (w.dir / "g.bin").write_bytes(b"\0" * 8)


HDF5_HEAD = b"\x89HDF\r\n\x1a\n" + bytes(100)

LOAD = [
    Case("load-missing-file", _load("nope.tflite"), ModelLoadError, ("nope.tflite",)),
    _bad_file("load-unknown-extension", "m.txt", lambda w: b"hello", UnsupportedFormatError,
              (".txt",)),
    _bad_file("load-empty-file", "e.tflite", lambda w: b"", ModelLoadError, ("e.tflite",)),
    _bad_file("load-garbage-tflite", "g.tflite", lambda w: b"garbage" * 20, ModelLoadError,
              ("g.tflite",)),
    _bad_file("load-garbage-onnx", "g.onnx", lambda w: b"\x01\x02garbage" * 20,
              ModelLoadError, ("g.onnx",)),
    _bad_file("load-garbage-keras", "g.keras", lambda w: b"not a zip" * 20, ModelLoadError,
              ("g.keras",)),
    _bad_file("load-garbage-h5", "g.h5", lambda w: b"not hdf5" * 20, ModelLoadError,
              ("g.h5",)),
    _bad_file("load-truncated-tflite", "t.tflite", _copy("tiny.tflite", 200), ModelLoadError,
              ("t.tflite",)),
    _bad_file("load-truncated-onnx", "t.onnx", _copy("tiny.onnx", 60), ModelLoadError,
              ("t.onnx",)),
    _bad_file("load-truncated-keras", "t.keras", _copy("tiny.keras", 300), ModelLoadError,
              ("t.keras",)),
    _bad_file("load-truncated-h5", "t.h5", lambda w: HDF5_HEAD, ModelLoadError, ("t.h5",)),
    Case("load-xml-without-bin", _load("tiny.xml"), ModelLoadError, ("tiny.bin",),
         setup=_remove("tiny.bin")),
    Case("load-garbage-xml", _load("g.xml"), ModelLoadError, ("g.xml",), setup=_garbage_ir),
    _bad_file("load-tflite-named-onnx", "r.onnx", _copy("tiny.tflite"), UnsupportedFormatError,
              ("rename it to .tflite",)),
    _bad_file("load-tflite-named-keras", "r.keras", _copy("tiny.tflite"),
              UnsupportedFormatError, ("rename it to .tflite",)),
    _bad_file("load-onnx-named-tflite", "r.tflite", _copy("tiny.onnx"), UnsupportedFormatError,
              ("rename it to .onnx",)),
    _bad_file("load-keras-named-h5", "r.h5", _copy("tiny.keras"), UnsupportedFormatError,
              ("rename it to .keras",)),
    _bad_file("load-h5-named-keras", "r.keras", lambda w: HDF5_HEAD, UnsupportedFormatError,
              ("rename it to .h5",)),
    _bad_file("load-xml-named-onnx", "r.onnx", _copy("tiny.xml"), UnsupportedFormatError,
              ("rename it to .xml",)),
    _bad_file("load-tflite-no-extension", "model", _copy("tiny.tflite"),
              UnsupportedFormatError, ("rename it to .tflite",)),
    _bad_file("load-onnx-as-bin", "weights.bin", _copy("tiny.onnx"), UnsupportedFormatError,
              ("rename it to .onnx",)),
    Case("load-folder-not-savedmodel", _load("folder"), UnsupportedFormatError, ("folder",),
         setup=_mkdir("folder")),
    Case("load-bytes-garbage", lambda w: sd.load(b"nonsense bytes"), ModelLoadError,
         ("bytes",)),
    Case("load-bytes-keras-zip", lambda w: sd.load((w.dir / "tiny.keras").read_bytes()),
         UnsupportedFormatError, ("Keras",)),
    Case("load-bytes-hdf5", lambda w: sd.load(HDF5_HEAD), UnsupportedFormatError, ("HDF5",)),
    Case("load-object-int", lambda w: sd.load(42), UnsupportedFormatError, ("int",)),
    Case("load-object-dict", lambda w: sd.load({"a": 1}), UnsupportedFormatError, ("dict",)),
    Case("load-object-array", lambda w: sd.load(np.zeros(3)), UnsupportedFormatError,
         ("ndarray",)),
]

INSPECT = [
    Case("inspect-missing-file", lambda w: sd.inspect(w.dir / "none.onnx"), ModelLoadError,
         ("none.onnx",)),
    Case("inspect-unknown-runtime", lambda w: sd.inspect(w.tflite, runtimes=["tpu"]),
         InputError, ("tpu",)),
    Case("inspect-runtimes-string", lambda w: sd.inspect(w.tflite, runtimes="litert"),
         InputError, ("runtimes", "litert")),
    Case("inspect-object", lambda w: sd.inspect(object()), UnsupportedFormatError,
         ("object",)),
]

CONVERT = [
    Case("convert-unknown-target", lambda w: sd.convert(w.keras, to="coreml"), InputError,
         ("coreml",)),
    Case("convert-target-typo", lambda w: sd.convert(w.keras, to="tflit"), InputError,
         ("tflit",)),
    Case("convert-no-route-tflite-to-keras", lambda w: sd.convert(w.tflite, to="keras"),
         ScaleDownError, ("keras",)),
    Case("convert-missing-file", lambda w: sd.convert(w.dir / "gone.keras", to="onnx"),
         ModelLoadError, ("gone.keras",)),
    Case("convert-to-none", lambda w: sd.convert(w.keras, to=None), InputError, ("None",)),
]

QUANTIZE = [
    Case("quantize-unknown-scheme", lambda w: sd.quantize(w.keras, "int4", data=w.x),
         InputError, ("int4",)),
    Case("quantize-int8-without-data", lambda w: sd.quantize(w.keras, "int8"), InputError,
         ("data",)),
    Case("quantize-unknown-runtime",
         lambda w: sd.quantize(w.keras, "int8", data=w.x, runtime="tensorrt"), InputError,
         ("tensorrt",)),
    Case("quantize-wrong-shape-data",
         lambda w: sd.quantize(w.keras, "int8", data=_x(8, 5)), InputError, ("5", "shape")),
    Case("quantize-string-data",
         lambda w: sd.quantize(w.keras, "int8", data=np.array([["a"] * 4] * 4)), InputError,
         ("data", "str", "<U1")),
    Case("quantize-zero-samples",
         lambda w: sd.quantize(w.keras, "int8", data=w.x, calibration_samples=0), InputError,
         ("samples", "0")),
    Case("quantize-empty-data",
         lambda w: sd.quantize(w.keras, "int8", data=np.zeros((0, 4), F32)), InputError,
         ("data", "empty", "0")),
    Case("quantize-already-int8", lambda w: sd.quantize(w.int8, "int8", data=w.x),
         InputError, ("quantized", "int8")),
    Case("quantize-missing-file", lambda w: sd.quantize(w.dir / "no.keras", "dynamic"),
         ModelLoadError, ("no.keras",)),
]

def _with(value: float) -> np.ndarray:
    x = _x(8)
    x[3, 1] = value
    return x


# the safe-writes work on main: bad calibration values and folders in the way
SAFE_WRITES = [
    *[
        Case(f"quantize-{name}-calibration-{runtime}",
             lambda w, v=value, r=runtime: sd.quantize(w.keras, "int8", data=_with(v), runtime=r),
             InputError, (label,))
        for name, value, label in (("nan", np.nan, "NaN"), ("inf", np.inf, "infinite"))
        for runtime in ("litert", "onnxruntime", "openvino")
    ],
    Case("save-over-a-folder", lambda w: w.tflite.save(w.dir / "folder.tflite"), WriteError,
         ("folder.tflite",), setup=lambda w: (w.dir / "folder.tflite").mkdir()),
]

PRUNE = [
    Case("prune-sparsity-above-one", lambda w: sd.prune(w.keras, 1.5, data=(w.x, w.y)),
         InputError, ("sparsity", "1.5")),
    Case("prune-sparsity-negative", lambda w: sd.prune(w.keras, -0.1, data=(w.x, w.y)),
         InputError, ("sparsity", "-0.1")),
    Case("prune-without-data", lambda w: sd.prune(w.keras, 0.5), InputError, ("data",)),
    Case("prune-tflite-model", lambda w: sd.prune(w.tflite, 0.5, data=(w.x, w.y)),
         ScaleDownError, ("tflite", "keras")),
    Case("prune-zero-epochs", lambda w: sd.prune(w.keras, 0.5, data=(w.x, w.y), epochs=0),
         InputError, ("epochs", "0")),
    Case("prune-x-only", lambda w: sd.prune(w.keras, 0.5, data=w.x), InputError,
         ("data", "label", "y")),
    Case("prune-labels-mismatch", lambda w: sd.prune(w.keras, 0.5, data=(w.x, w.y[:5])),
         InputError, ("label", "sample", "5")),
]

DISTILL = [
    Case("distill-no-data", lambda w: sd.distill(w.keras, w.keras), InputError, ("data",)),
    Case("distill-tflite-student",
         lambda w: sd.distill(w.keras, w.tflite, data=(w.x, w.y)), ScaleDownError,
         ("student", "tflite", "keras")),
    Case("distill-bad-temperature",
         lambda w: sd.distill(w.keras, w.keras, data=(w.x, w.y), temperature=0), InputError,
         ("temperature",)),
    Case("distill-bad-alpha",
         lambda w: sd.distill(w.keras, w.keras, data=(w.x, w.y), alpha=2.0), InputError,
         ("alpha",)),
    Case("distill-zero-epochs",
         lambda w: sd.distill(w.keras, w.keras, data=(w.x, w.y), epochs=0), InputError,
         ("epochs",)),
]

EVALUATE = [
    Case("evaluate-labels-out-of-range", lambda w: sd.evaluate(w.tflite, _x(), [5, 5, 5, 5]),
         InputError, ("label 5",)),
    Case("evaluate-negative-labels", lambda w: sd.evaluate(w.tflite, _x(), [-1, 0, 1, 2]),
         InputError, ("label -1",)),
    Case("evaluate-float-labels", lambda w: sd.evaluate(w.tflite, _x(), [0.5] * 4),
         InputError, ("0.5",)),
    Case("evaluate-string-labels", lambda w: sd.evaluate(w.tflite, _x(), ["cat"] * 4),
         InputError, ("string", "cat")),
    Case("evaluate-nan-labels", lambda w: sd.evaluate(w.tflite, _x(), [0, 1, np.nan, 2]),
         InputError, ("NaN",)),
    Case("evaluate-none-labels", lambda w: sd.evaluate(w.tflite, _x(), None), InputError,
         ("y is None",)),
    Case("evaluate-label-count", lambda w: sd.evaluate(w.tflite, _x(), [0, 1]), InputError,
         ("2 labels for 4",)),
    Case("evaluate-one-hot-width", lambda w: sd.evaluate(w.tflite, _x(), np.eye(5)[:4]),
         InputError, ("5 columns",)),
    Case("evaluate-unknown-metric",
         lambda w: sd.evaluate(w.tflite, _x(), [0] * 4, metric="f1"), InputError, ("f1",)),
    Case("evaluate-mse-size",
         lambda w: sd.evaluate(w.tflite, _x(), np.zeros(3), metric="mse"), InputError,
         ("3 values",)),
    Case("evaluate-mae-strings",
         lambda w: sd.evaluate(w.tflite, _x(), ["a"] * 12, metric="mae"), InputError,
         ("string",)),
    Case("evaluate-unknown-runtime",
         lambda w: sd.evaluate(w.tflite, _x(), [0] * 4, runtime="tpu"), InputError, ("tpu",)),
    Case("evaluate-wrong-shape-x", lambda w: sd.evaluate(w.tflite, _x(4, 7), [0] * 4),
         InputError, ("shape (4, 7)",)),
    Case("evaluate-empty-x", lambda w: sd.evaluate(w.tflite, np.zeros((0, 4), F32), []),
         InputError, ("empty batch",)),
    Case("evaluate-batch-size-zero",
         lambda w: sd.evaluate(w.onnx, _x(), [0] * 4, batch_size=0), InputError,
         ("batch_size=0",)),
    Case("evaluate-runtime-cannot-run",
         lambda w: sd.evaluate(w.tflite, _x(), [0] * 4, runtime="keras"), ConversionError,
         ("keras",)),
]

BENCHMARK = [
    Case("benchmark-zero-runs", lambda w: sd.benchmark(w.tflite, runs=0), InputError,
         ("runs=0",)),
    Case("benchmark-negative-warmup", lambda w: sd.benchmark(w.tflite, warmup=-1), InputError,
         ("warmup=-1",)),
    Case("benchmark-unknown-runtime", lambda w: sd.benchmark(w.tflite, runtime="cuda"),
         InputError, ("cuda",)),
    Case("benchmark-wrong-shape-x", lambda w: sd.benchmark(w.tflite, runs=1, x=_x(1, 9)),
         InputError, ("shape (1, 9)",)),
    Case("benchmark-zero-threads", lambda w: sd.benchmark(w.tflite, runs=1, threads=0),
         InputError, ("threads",)),
    Case("benchmark-runs-float", lambda w: sd.benchmark(w.tflite, runs=2.5), InputError,
         ("runs=2.5",)),
]

COMPARE = [
    Case("compare-no-models", lambda w: sd.compare([], _x()), InputError, ("models",)),
    Case("compare-reference-out-of-range",
         lambda w: sd.compare([w.tflite, w.onnx], _x(), reference=5), InputError,
         ("reference",)),
    Case("compare-bad-labels",
         lambda w: sd.compare([w.tflite, w.onnx], _x(), [9, 9, 9, 9]), InputError,
         ("label 9",)),
    Case("compare-zero-runs", lambda w: sd.compare([w.tflite], _x(), runs=0), InputError,
         ("runs",)),
    Case("compare-unknown-metric",
         lambda w: sd.compare([w.tflite], _x(), [0] * 4, metric="auc"), InputError, ("auc",)),
    Case("compare-runtimes-length",
         lambda w: sd.compare([w.tflite, w.onnx], _x(), runtimes=["litert"]), InputError,
         ("runtimes",)),
    Case("compare-wrong-shape-x", lambda w: sd.compare([w.tflite], _x(3, 2)), InputError,
         ("shape (3, 2)",)),
]

FIT = [
    Case("fit-negative-budget",
         lambda w: sd.fit(w.int8, sd.Device(**NANO), latency_budget_ms=-1), InputError,
         ("latency_budget_ms=-1",)),
    Case("fit-zero-budget",
         lambda w: sd.fit(w.int8, sd.Device(**NANO), latency_budget_ms=0), InputError,
         ("latency_budget_ms=0",)),
    Case("fit-nan-budget",
         lambda w: sd.fit(w.int8, sd.Device(**NANO), latency_budget_ms=float("nan")),
         InputError, ("latency_budget_ms=nan",)),
    Case("fit-string-budget",
         lambda w: sd.fit(w.int8, sd.Device(**NANO), latency_budget_ms="10"), InputError,
         ("latency_budget_ms='10'",)),
    Case("fit-zero-max-arena", lambda w: sd.fit(w.int8, sd.Device(**NANO), max_arena=0),
         InputError, ("max_arena=0",)),
    Case("fit-unknown-device", lambda w: sd.fit(w.int8, "pico3000"), DeviceError,
         ("pico3000",)),
    Case("fit-device-part-pico2", lambda w: sd.fit(w.int8, "pico2"), DeviceError,
         ("raspberry-pi-pico-2",)),
    Case("fit-device-part-esp32", lambda w: sd.fit(w.int8, "esp32"), DeviceError,
         ("seeed-xiao-esp32s3-sense",)),
    Case("fit-device-part-nano-33", lambda w: sd.fit(w.int8, "nano-33"), DeviceError,
         ("arduino-nano-33-ble-sense-rev2",)),
    Case("fit-device-part-arduino-nano", lambda w: sd.fit(w.int8, "arduino-nano"),
         DeviceError, ("arduino-nano-33-ble-sense-rev2",)),
    Case("fit-device-int", lambda w: sd.fit(w.int8, 42), InputError, ("int",)),
    Case("fit-float-model-on-mcu", lambda w: sd.fit(w.tflite, sd.Device(**NANO)),
         UnsupportedOpError, ("float32", "allow_float")),
    Case("fit-device-without-memory",
         lambda w: sd.fit(w.int8, sd.Device(flash_kb=None, sram_kb=None, clock_mhz=64,
                                            core="cortex-m4f")),
         DeviceError, ("sram_kb",)),
    Case("fit-missing-model-file", lambda w: sd.fit(w.dir / "absent.tflite", "raspberry-pi-pico"),
         ModelLoadError, ("absent.tflite",)),
]

DEVICE = [
    Case("device-missing-sram", lambda w: sd.Device(flash_kb=1024, clock_mhz=64,
                                                    core="cortex-m4f"),
         DeviceError, ("sram_kb",)),
    Case("device-missing-everything", lambda w: sd.Device(), DeviceError,
         ("flash_kb, sram_kb, clock_mhz, core",)),
    Case("device-unknown-core", lambda w: sd.Device(**{**NANO, "core": "cortex-m5"}),
         DeviceError, ("cortex-m5",)),
    Case("device-negative-sram", lambda w: sd.Device(**{**NANO, "sram_kb": -1}), DeviceError,
         ("sram_kb=-1",)),
    Case("device-units-in-string", lambda w: sd.Device(**{**NANO, "flash_kb": "1 MB"}),
         DeviceError, ("flash_kb='1 MB'",)),
    Case("device-unknown-category", lambda w: sd.Device(**NANO, category="phone"),
         DeviceError, ("phone",)),
    Case("device-bad-support-level",
         lambda w: sd.Device(**NANO, toolchains={"tflite-micro": "yes"}), DeviceError,
         ("yes",)),
    Case("device-lookup-typo", lambda w: sd.device("raspbery-pi-pico"), DeviceError,
         ("raspberry-pi-pico",)),
    Case("device-lookup-unknown", lambda w: sd.device("my-toaster"), DeviceError,
         ("my-toaster",)),
]

EXPORT = [
    Case("export-unknown-format", lambda w: sd.export(w.int8, "rust", w.dir / "fw"),
         InputError, ("rust",)),
    Case("export-float-model", lambda w: sd.export(w.tflite, "c", w.dir / "fw"),
         ScaleDownError, ("float", "allow_float")),
    Case("export-negative-margin",
         lambda w: sd.export(w.int8, "c", w.dir / "fw", margin=-1), InputError,
         ("margin=-1",)),
    Case("export-out-is-a-file",
         lambda w: sd.export(w.int8, "c", w.dir / "tiny.tflite"), ExportError,
         ("tiny.tflite",)),
    Case("export-missing-model", lambda w: sd.export(w.dir / "gone.tflite", "c", w.dir / "fw"),
         ModelLoadError, ("gone.tflite",)),
    Case("export-project-core-not-targeted",
         lambda w: sd.export(w.int8, "cmake", w.dir / "fw", device="espressif-esp-eye"),
         InputError, ("xtensa-lx6", "raspberry-pi-pico", "sparkfun-edge")),
    Case("export-project-without-device", lambda w: sd.export(w.int8, "arduino", w.dir / "fw"),
         InputError, ("device=", "sparkfun-edge")),
    Case("export-project-linux-board",
         lambda w: sd.export(w.int8, "cmake", w.dir / "fw", device="raspberry-pi-4b"),
         DeviceError, ("raspberry-pi-4b", "microcontroller")),
    Case("export-project-unknown-board",
         lambda w: sd.export(w.int8, "cmake", w.dir / "fw", device="raspbery-pi-pico"),
         DeviceError, ("raspberry-pi-pico",)),
    Case("export-project-float-model",
         lambda w: sd.export(w.tflite, "cmake", w.dir / "fw", device="raspberry-pi-pico"),
         InputError, ("float", "sd.quantize")),
    Case("export-project-folder-exists",
         lambda w: sd.export(w.int8, "cmake", w.dir / "fw", device="raspberry-pi-pico"),
         ExportError, ("exists", "overwrite=True"), setup=_mkdir("fw")),
    Case("export-project-format-not-offered",
         lambda w: sd.export(w.int8, "arduino", w.dir / "fw", device="raspberry-pi-pico"),
         InputError, ("arduino", 'format="cmake"')),
    Case("export-project-bad-sketch-name",
         lambda w: sd.export(w.int8, "arduino", w.dir / "my sketch", device="sparkfun-edge"),
         InputError, ("my sketch", "Arduino sketch")),
    Case("export-project-zero-runs",
         lambda w: sd.export(w.int8, "cmake", w.dir / "fw", device="raspberry-pi-pico",
                             runs=0), InputError, ("runs=0",)),
]

PREDICT = [
    Case(f"predict-empty-batch-{fmt}",
         lambda w, fmt=fmt: getattr(w, fmt).predict(np.zeros((0, 4), F32)), InputError,
         ("empty batch",))
    for fmt in ("keras", "tflite", "onnx", "openvino", "int8")
] + [
    Case("predict-nan-into-int8",
         lambda w: w.int8.predict(np.full((2, 4), np.nan, F32)), InputError, ("NaN",)),
    Case("predict-wrong-width", lambda w: w.tflite.predict(_x(2, 5)), InputError,
         ("shape (2, 5)",)),
    Case("predict-wrong-rank", lambda w: w.onnx.predict(np.zeros((2, 2, 4), F32)), InputError,
         ("shape (2, 2, 4)",)),
    Case("predict-strings", lambda w: w.openvino.predict(np.array([["a"] * 4])), InputError,
         ("dtype <U1",)),
    Case("predict-bool", lambda w: w.tflite.predict(np.ones((1, 4), bool)), InputError,
         ("bool",)),
    Case("predict-int16-into-int8", lambda w: w.int8.predict(np.ones((1, 4), np.int16)),
         InputError, ("int16",)),
    Case("predict-two-arrays-one-input", lambda w: w.tflite.predict([_x(1), _x(1)]),
         InputError, ("2 input array",)),
    Case("predict-dict-wrong-key", lambda w: w.onnx.predict({"nope": _x(1)}), InputError,
         ("nope",)),
    Case("predict-batch-size-zero", lambda w: w.onnx.predict(_x(), batch_size=0), InputError,
         ("batch_size=0",)),
    Case("predict-batch-size-float", lambda w: w.keras.predict(_x(), batch_size=2.5),
         InputError, ("batch_size=2.5",)),
    Case("predict-ragged-list", lambda w: w.tflite.predict([[1, 2, 3, 4], [1, 2]]),
         InputError, ("input",)),
    Case("predict-none", lambda w: w.tflite.predict(None), InputError, ("None", "object")),
]



def _one_node_onnx(op: str, shape: list[Any]) -> Any:
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node(op, ["x"], ["y"], name=f"my_{op.lower()}")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _tiny_conv_tflite() -> Any:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    return sd.convert(tiny_conv_onnx(), to="tflite")


# PyTorch and ONNX models on their way to TFLite (the torch cases, which need the
# torch extra, are in tests/backends/torch/test_torch_load.py)
FRAMEWORKS = [
    Case("convert-onnx-unmapped-op",
         lambda w: sd.convert(_one_node_onnx("Erf", [1, 4]), to="tflite"), UnsupportedOpError,
         ("'Erf'", "my_erf")),
    Case("convert-onnx-dynamic-dimension",
         lambda w: sd.convert(_one_node_onnx("Relu", ["n", 3, "h", 8]), to="tflite"),
         ConversionError, ("dimension 2", "'h'", "fixed input size")),
    Case("predict-nchw-into-nhwc",
         lambda w: _tiny_conv_tflite().predict(np.zeros((2, 1, 8, 8), F32)), InputError,
         ("NCHW", "NHWC", "transpose(0, 2, 3, 1)")),
]

API_CASES: list[Case] = [
    *LOAD, *INSPECT, *CONVERT, *QUANTIZE, *SAFE_WRITES, *PRUNE, *DISTILL, *EVALUATE,
    *BENCHMARK, *COMPARE, *FIT, *DEVICE, *EXPORT, *PREDICT, *FRAMEWORKS,
]
