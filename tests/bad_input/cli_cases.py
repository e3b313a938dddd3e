"""Bad flags, paths and values for every ``scaledown`` sub-command, one ``CliCase`` each.

``argv`` gets the case's namespace (its folder ``w.dir`` holds copies of the
tiny model files and data; ``w.project`` is a copy of the site content) and
returns the arguments. Exit code 1 is a scaledown error, 2 a usage error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class CliCase:
    """One bad command line: the arguments, the exit code, what stderr must name."""

    id: str
    argv: Callable[[Any], list[str]]
    code: int
    names: tuple[str, ...]
    setup: Callable[[Any], Any] | None = None


def _p(w: Any, name: str) -> str:
    return str(w.dir / name)


def _npz(name: str, **arrays: Any) -> Callable[[Any], None]:
    return lambda w: np.savez(w.dir / name, **arrays)


def _bytes(name: str, data: bytes) -> Callable[[Any], None]:
    return lambda w: (w.dir / name).write_bytes(data)


X = np.random.default_rng(2).random((16, 4), dtype=np.float32)

INSPECT = [
    CliCase("inspect-missing-file", lambda w: ["inspect", _p(w, "nope.tflite")], 1,
            ("nope.tflite",)),
    CliCase("inspect-unknown-extension", lambda w: ["inspect", _p(w, "x.npy")], 1, (".npy",)),
    CliCase("inspect-bad-runtime", lambda w: ["inspect", _p(w, "tiny.tflite"), "--runtime",
                                              "tpu"], 2, ("--runtime", "tpu")),
    CliCase("inspect-bad-as", lambda w: ["inspect", _p(w, "tiny.keras"), "--as", "keras"], 2,
            ("--as",)),
    CliCase("inspect-lambda-without-unsafe", lambda w: ["inspect", _p(w, "lambda.keras")], 1,
            ("--unsafe",)),
    CliCase("inspect-renamed-file", lambda w: ["inspect", _p(w, "renamed.onnx")], 1,
            ("rename it to .tflite",),
            setup=lambda w: (w.dir / "renamed.onnx").write_bytes(
                (w.dir / "tiny.tflite").read_bytes())),
    CliCase("inspect-no-model", lambda w: ["inspect"], 2, ("model",)),
    CliCase("inspect-unknown-flag", lambda w: ["inspect", _p(w, "tiny.tflite"), "--fast"], 2,
            ("--fast",)),
]

CONVERT = [
    CliCase("convert-no-to", lambda w: ["convert", _p(w, "tiny.keras")], 2, ("--to",)),
    CliCase("convert-bad-to", lambda w: ["convert", _p(w, "tiny.keras"), "--to", "coreml"], 2,
            ("coreml",)),
    CliCase("convert-output-wrong-extension",
            lambda w: ["convert", _p(w, "tiny.keras"), "--to", "onnx", "-o", _p(w, "o.tflite")],
            1, ("--output", "o.tflite")),
    CliCase("convert-output-is-input",
            lambda w: ["convert", _p(w, "tiny.onnx"), "--to", "onnx", "-o", _p(w, "tiny.onnx")],
            1, ("output", "-o")),
    CliCase("convert-default-output-exists",
            lambda w: ["convert", _p(w, "tiny.keras"), "--to", "tflite"], 1,
            ("tiny.tflite", "--force")),
    CliCase("convert-output-is-a-folder",
            lambda w: ["convert", _p(w, "tiny.keras"), "--to", "onnx", "-o", _p(w, "out.onnx")],
            1, ("out.onnx",), setup=lambda w: (w.dir / "out.onnx").mkdir()),
    CliCase("convert-missing-model",
            lambda w: ["convert", _p(w, "gone.keras"), "--to", "tflite"], 1, ("gone.keras",)),
    CliCase("convert-lambda-without-unsafe",
            lambda w: ["convert", _p(w, "lambda.keras"), "--to", "tflite"], 1, ("--unsafe",)),
    CliCase("convert-garbage-model",
            lambda w: ["convert", _p(w, "bad.keras"), "--to", "tflite"], 1, ("bad.keras",),
            setup=_bytes("bad.keras", b"not a model at all")),
]

QUANTIZE = [
    CliCase("quantize-bad-scheme", lambda w: ["quantize", _p(w, "tiny.keras"), "--scheme",
                                              "int4"], 2, ("--scheme", "int4")),
    CliCase("quantize-bad-runtime", lambda w: ["quantize", _p(w, "tiny.keras"), "--runtime",
                                               "tensorrt"], 2, ("--runtime",)),
    CliCase("quantize-int8-without-data",
            lambda w: ["quantize", _p(w, "tiny.keras"), "-o", _p(w, "q.tflite")], 1, ("data",)),
    CliCase("quantize-data-missing",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "none.npy"), "-o",
                       _p(w, "q.tflite")], 1, ("none.npy",)),
    CliCase("quantize-data-not-numpy",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "calib.csv"), "-o",
                       _p(w, "q.tflite")], 1, ("calib.csv",),
            setup=_bytes("calib.csv", b"1,2,3,4\n")),
    CliCase("quantize-data-corrupt",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "bad.npy"), "-o",
                       _p(w, "q.tflite")], 1, ("bad.npy",),
            setup=_bytes("bad.npy", b"\x93NUMPY garbage")),
    CliCase("quantize-data-wrong-shape",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "wide.npy"),
                       "-o", _p(w, "q.tflite")], 1, ("shape", "5"),
            setup=lambda w: np.save(w.dir / "wide.npy", np.zeros((8, 5), np.float32))),
    CliCase("quantize-samples-zero",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "x.npy"),
                       "--samples", "0", "-o", _p(w, "q.tflite")], 1, ("--samples",)),
    CliCase("quantize-samples-text",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--samples", "many"], 2,
            ("--samples", "many")),
    CliCase("quantize-output-wrong-extension",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "x.npy"), "-o",
                       _p(w, "q.onnx")], 1, ("q.onnx", ".tflite")),
    CliCase("quantize-missing-model",
            lambda w: ["quantize", _p(w, "no.keras"), "--scheme", "dynamic", "-o",
                       _p(w, "q.tflite")], 1, ("no.keras",)),
    CliCase("quantize-already-int8",
            lambda w: ["quantize", _p(w, "tiny-int8.tflite"), "--data", _p(w, "x.npy"), "-o",
                       _p(w, "q.tflite")], 1, ("quantized",)),
    CliCase("quantize-default-output-exists",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "x.npy")], 1,
            ("tiny-int8.tflite", "--force")),
    CliCase("quantize-nan-in-data",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "nan.npy"), "-o",
                       _p(w, "q.tflite")], 1, ("NaN",),
            setup=lambda w: np.save(w.dir / "nan.npy", np.full((8, 4), np.nan, np.float32))),
    CliCase("quantize-npz-empty",
            lambda w: ["quantize", _p(w, "tiny.keras"), "--data", _p(w, "empty.npz"), "-o",
                       _p(w, "q.tflite")], 1, ("empty.npz",), setup=_npz("empty.npz")),
]

PRUNE = [
    CliCase("prune-no-data", lambda w: ["prune", _p(w, "tiny.keras")], 2, ("--data",)),
    CliCase("prune-data-npy",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "x.npy")], 1,
            ("x.npy", ".npz")),
    CliCase("prune-sparsity-above-one",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "train.npz"),
                       "--sparsity", "1.5", "-o", _p(w, "p.keras")], 1, ("sparsity", "1.5")),
    CliCase("prune-sparsity-text",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "train.npz"),
                       "--sparsity", "half"], 2, ("--sparsity",)),
    CliCase("prune-output-onnx",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "train.npz"), "-o",
                       _p(w, "p.onnx")], 1, ("p.onnx",)),
    CliCase("prune-epochs-zero",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "train.npz"),
                       "--epochs", "0", "-o", _p(w, "p.keras")], 1, ("epochs",)),
    CliCase("prune-tflite-model",
            lambda w: ["prune", _p(w, "tiny.tflite"), "--data", _p(w, "train.npz"), "-o",
                       _p(w, "p.keras")], 1, ("tflite", "keras")),
    CliCase("prune-data-missing",
            lambda w: ["prune", _p(w, "tiny.keras"), "--data", _p(w, "gone.npz")], 1,
            ("gone.npz",)),
]

BENCHMARK = [
    CliCase("benchmark-runs-zero", lambda w: ["benchmark", _p(w, "tiny.tflite"), "--runs",
                                              "0"], 1, ("--runs",)),
    CliCase("benchmark-runs-text", lambda w: ["benchmark", _p(w, "tiny.tflite"), "--runs",
                                              "lots"], 2, ("--runs",)),
    CliCase("benchmark-warmup-negative", lambda w: ["benchmark", _p(w, "tiny.tflite"),
                                                    "--warmup", "-1"], 1, ("--warmup",)),
    CliCase("benchmark-threads-zero", lambda w: ["benchmark", _p(w, "tiny.tflite"),
                                                 "--threads", "0"], 1, ("--threads",)),
    CliCase("benchmark-unknown-runtime", lambda w: ["benchmark", _p(w, "tiny.tflite"),
                                                    "--runtime", "cuda"], 1, ("cuda",)),
    CliCase("benchmark-missing-model", lambda w: ["benchmark", _p(w, "none.onnx")], 1,
            ("none.onnx",)),
]

COMPARE = [
    CliCase("compare-data-missing",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "gone.npz")], 1,
            ("--data", "gone.npz")),
    CliCase("compare-data-without-x",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "nox.npz")], 1,
            ("nox.npz", "x"), setup=_npz("nox.npz", inputs=X)),
    CliCase("compare-samples-zero",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--samples", "0"], 1, ("--samples",)),
    CliCase("compare-unknown-metric",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "train.npz"),
                       "--metric", "f1"], 1, ("f1", "--metric")),
    CliCase("compare-runs-zero",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--runs", "0"], 1, ("--runs",)),
    CliCase("compare-second-model-missing",
            lambda w: ["compare", _p(w, "tiny.tflite"), _p(w, "other.onnx")], 1,
            ("other.onnx",)),
    CliCase("compare-labels-out-of-range",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "badlabels.npz")], 1,
            ("label 7",), setup=_npz("badlabels.npz", x=X, y=np.full(16, 7))),
    CliCase("compare-string-labels",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "strlabels.npz")], 1,
            ("string",), setup=_npz("strlabels.npz", x=X, y=np.array(["cat"] * 16))),
    CliCase("compare-data-wrong-shape",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "wide.npz")], 1,
            ("shape (16, 6)",), setup=_npz("wide.npz", x=np.zeros((16, 6), np.float32))),
    CliCase("compare-corrupt-npz",
            lambda w: ["compare", _p(w, "tiny.tflite"), "--data", _p(w, "bad.npz")], 1,
            ("bad.npz",), setup=_bytes("bad.npz", b"PK\x03\x04 not really a zip")),
]

FIT = [
    CliCase("fit-unknown-device",
            lambda w: ["fit", _p(w, "tiny-int8.tflite"), "--device", "toaster-9000"], 1,
            ("toaster-9000",)),
    *[
        CliCase(f"fit-device-part-{part}",
                lambda w, part=part: ["fit", _p(w, "tiny-int8.tflite"), "--device", part], 1,
                (meant,))
        for part, meant in (
            ("pico2", "raspberry-pi-pico-2"),
            ("esp32", "espressif-esp-eye"),
            ("nano-33", "arduino-nano-33-ble-sense-rev2"),
            ("arduino-nano", "arduino-nano-33-ble-sense-rev2"),
        )
    ],
    CliCase("fit-budget-negative",
            lambda w: ["fit", _p(w, "tiny-int8.tflite"), "--device", "raspberry-pi-pico",
                       "--budget-ms", "-1"], 1, ("--budget-ms",)),
    CliCase("fit-budget-text",
            lambda w: ["fit", _p(w, "tiny-int8.tflite"), "--budget-ms", "soon"], 2,
            ("--budget-ms",)),
    CliCase("fit-float-model",
            lambda w: ["fit", _p(w, "tiny.tflite"), "--device", "raspberry-pi-pico"], 1,
            ("--allow-float",)),
    CliCase("fit-missing-model",
            lambda w: ["fit", _p(w, "absent.tflite"), "--device", "raspberry-pi-pico"], 1,
            ("absent.tflite",)),
    CliCase("fit-lambda-model",
            lambda w: ["fit", _p(w, "lambda.keras"), "--device", "raspberry-pi-pico"], 1,
            ("lambda.keras", "--unsafe")),
]

EXPORT = [
    CliCase("export-no-out", lambda w: ["export", _p(w, "tiny-int8.tflite")], 2, ("--out",)),
    CliCase("export-bad-format",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--out", _p(w, "fw"), "--format",
                       "rust"], 2, ("--format", "rust")),
    CliCase("export-negative-margin",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--out", _p(w, "fw"), "--margin",
                       "-1"], 1, ("--margin",)),
    CliCase("export-float-model",
            lambda w: ["export", _p(w, "tiny.tflite"), "--out", _p(w, "fw")], 1,
            ("--allow-float",)),
    CliCase("export-missing-model",
            lambda w: ["export", _p(w, "gone.tflite"), "--out", _p(w, "fw")], 1,
            ("gone.tflite",)),
    CliCase("export-out-is-a-file",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--out", _p(w, "x.npy")], 1,
            ("x.npy",)),
    CliCase("export-project-folder-exists",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--format", "arduino", "--device",
                       "sparkfun-edge", "-o", _p(w, "fw")], 1, ("exists", "--force"),
            setup=lambda w: (w.dir / "fw").mkdir()),
    CliCase("export-project-core-not-targeted",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--format", "cmake", "--device",
                       "seeed-xiao-esp32s3-sense", "-o", _p(w, "fw")], 1,
            ("xtensa-lx7", "raspberry-pi-pico")),
    CliCase("export-project-without-device",
            lambda w: ["export", _p(w, "tiny-int8.tflite"), "--format", "cmake", "-o",
                       _p(w, "fw")], 1, ("--device",)),
    CliCase("export-project-float-model",
            lambda w: ["export", _p(w, "tiny.tflite"), "--format", "cmake", "--device",
                       "raspberry-pi-pico", "-o", _p(w, "fw")], 1, ("quantize",)),
]

EMULATE = [
    CliCase("emulate-unknown-core",
            lambda w: ["emulate", _p(w, "tiny-int8.tflite"), "--core", "cortex-m99"], 1,
            ("cortex-m99", "--core")),
    CliCase("emulate-timeout-text",
            lambda w: ["emulate", _p(w, "tiny-int8.tflite"), "--timeout", "soon"], 2,
            ("--timeout",)),
    CliCase("emulate-input-missing",
            lambda w: ["emulate", _p(w, "tiny-int8.tflite"), "--input", _p(w, "none.npy")], 1,
            ("none.npy",)),
]

MEASURE = [
    CliCase("measure-no-device", lambda w: ["measure", _p(w, "serial.txt")], 2, ("--device",)),
    CliCase("measure-missing-log",
            lambda w: ["measure", _p(w, "serial.txt"), "--device", "raspberry-pi-pico",
                       "--print"], 1, ("serial.txt",)),
    CliCase("measure-log-without-result",
            lambda w: ["measure", _p(w, "noise.txt"), "--device", "raspberry-pi-pico",
                       "--print"], 1, ("SDRESULT",),
            setup=lambda w: (w.dir / "noise.txt").write_text("booting\nhello\n")),
    CliCase("reviews-unknown-name", lambda w: ["reviews", "run", "no-such-review"], 1,
            ("no-such-review",)),
]

CHECK = [
    CliCase("check-root-missing", lambda w: ["check", "--root", _p(w, "no-project")], 1,
            ("--root", "no-project")),
    CliCase("check-root-not-a-project", lambda w: ["check", "--root", str(w.dir)], 1,
            ("--root", "mkdocs.yml")),
    CliCase("check-unknown-only", lambda w: ["check", "--root", str(w.project), "--only",
                                             "blgo"], 1, ("blgo", "--only")),
    CliCase("check-unknown-flag", lambda w: ["check", "--strict"], 2, ("--strict",)),
]

NEW = [
    CliCase("new-post-no-author",
            lambda w: ["new", "post", "A title", "--root", str(w.project)], 2, ("--author",)),
    CliCase("new-post-unknown-author",
            lambda w: ["new", "post", "A title", "--author", "nobody-known", "--root",
                       str(w.project)], 1, ("nobody-known",)),
    CliCase("new-post-unknown-category",
            lambda w: ["new", "post", "A title", "--author", "scaledown-team", "--category",
                       "Gossip", "--root", str(w.project)], 1, ("Gossip",)),
    CliCase("new-post-bad-date",
            lambda w: ["new", "post", "A title", "--author", "scaledown-team", "--date",
                       "2026-02-30", "--root", str(w.project)], 1, ("2026-02-30", "date")),
    CliCase("new-post-empty-title",
            lambda w: ["new", "post", "  ", "--author", "scaledown-team", "--root",
                       str(w.project)], 1, ("title",)),
    CliCase("new-review-bad-arxiv",
            lambda w: ["new", "review", "--arxiv", "not-an-id", "--root", str(w.project)], 1,
            ("not-an-id",)),
    CliCase("new-review-exists",
            lambda w: ["new", "review", "--arxiv", "1704.04861", "--title",
                       "MobileNets", "--root", str(w.project)], 1, ("--force", "exists")),
    CliCase("new-tutorial-bad-level",
            lambda w: ["new", "tutorial", "T", "--level", "expert", "--root", str(w.project)],
            2, ("--level", "expert")),
    CliCase("new-tutorial-bad-minutes",
            lambda w: ["new", "tutorial", "T", "--minutes", "soon", "--root", str(w.project)],
            2, ("--minutes",)),
    CliCase("new-tutorial-unknown-board",
            lambda w: ["new", "tutorial", "Boards", "--board", "pico3000", "--root",
                       str(w.project)], 1, ("pico3000",)),
    CliCase("new-device-bad-id",
            lambda w: ["new", "device", "My Board!", "--root", str(w.project)], 1,
            ("My Board!",)),
    CliCase("new-device-exists",
            lambda w: ["new", "device", "raspberry-pi-pico", "--root", str(w.project)], 1,
            ("raspberry-pi-pico",)),
    CliCase("new-device-bad-core",
            lambda w: ["new", "device", "my-board", "--core", "z80", "--root", str(w.project)],
            1, ("z80",)),
    CliCase("new-device-bad-category",
            lambda w: ["new", "device", "my-board", "--category", "phone", "--root",
                       str(w.project)], 2, ("--category", "phone")),
    CliCase("new-branch-bad-kind",
            lambda w: ["new", "branch", "my-library", "--kind", "castle", "--root",
                       str(w.project)], 2, ("--kind", "castle")),
    CliCase("new-branch-bad-latitude",
            lambda w: ["new", "branch", "my-library", "--lat", "123", "--root", str(w.project)],
            1, ("123", "lat")),
    CliCase("new-unknown-kind", lambda w: ["new", "poem"], 2, ("poem",)),
]

OTHER = [
    CliCase("unknown-command", lambda w: ["deploy"], 2, ("deploy",)),
    CliCase("import-jekyll-missing-path",
            lambda w: ["import", "jekyll", _p(w, "_posts/2020-01-01-old.md"), "--out",
                       str(w.project / "docs" / "blog" / "posts")], 1, ("2020-01-01-old.md",)),
    CliCase("import-unknown-source", lambda w: ["import", "wordpress", "x"], 2,
            ("wordpress",)),
    CliCase("tutorials-unknown-name",
            lambda w: ["tutorials", "run", "no-such-tutorial", "--root", str(w.project)], 1,
            ("no-such-tutorial",)),
    CliCase("tutorials-bad-jobs",
            lambda w: ["tutorials", "run", "--jobs", "many", "--root", str(w.project)], 2,
            ("--jobs",)),
    CliCase("tutorials-unknown-action", lambda w: ["tutorials", "publish"], 2, ("publish",)),
]

CLI_CASES: list[CliCase] = [
    *INSPECT, *CONVERT, *QUANTIZE, *PRUNE, *BENCHMARK, *COMPARE, *FIT, *EXPORT, *EMULATE,
    *MEASURE, *CHECK, *NEW, *OTHER,
]
