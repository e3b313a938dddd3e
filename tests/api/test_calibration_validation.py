"""Issue 11: calibration data is checked before any converter runs, on every runtime.

An ``inf`` used to kill the Python process inside TensorFlow's converter
(segfault), so those tests run scaledown in a child process: a crash shows as
a failed assertion on its exit code, not as a dead test runner.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import scaledown as sd
from scaledown.api.calibration import build_feed
from scaledown.errors import CalibrationError
from scaledown.model import TensorSpec

REPO = Path(__file__).resolve().parents[2]
SPEC = [TensorSpec("x", (None, 4), "float32")]

# a tiny float Keras model saved as .keras, and calibration data with one inf
MAKE_MODEL = """
import numpy as np, keras
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
model.save({model!r})
x = np.random.default_rng(0).uniform(-1, 1, (32, 4)).astype(np.float32)
x[3, 1] = np.inf
np.save({data!r}, x)
"""

QUANTIZE_API = """
import numpy as np, scaledown as sd
from scaledown.errors import CalibrationError
try:
    sd.quantize(sd.load({model!r}), "int8", data=np.load({data!r}))
except CalibrationError as exc:
    print("REFUSED:", exc.what)
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "3"}
    cmd = [sys.executable, "-c", code] if code else [sys.executable, *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, cwd=REPO)


@pytest.fixture(scope="module")
def inf_case(tmp_path_factory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("inf")
    model, data = str(folder / "dense.keras"), str(folder / "calib_inf.npy")
    made = _python(MAKE_MODEL.format(model=model, data=data))
    assert made.returncode == 0, made.stderr[-2000:]
    return model, data


def test_inf_in_calibration_data_is_refused_on_the_api_not_a_crash(inf_case):
    # before the fix the child died with SIGSEGV (returncode -11) in the TFLite converter
    model, data = inf_case
    run = _python(QUANTIZE_API.format(model=model, data=data))
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"
    assert "REFUSED: calibration data for input" in run.stdout
    assert "infinite" in run.stdout and "sample 3" in run.stdout


def test_inf_in_calibration_data_is_refused_on_the_cli_not_a_crash(inf_case, tmp_path):
    model, data = inf_case
    out = tmp_path / "never.tflite"
    run = _python("", "-m", "scaledown.cli", "quantize", model, "--data", data, "-o", str(out))
    assert run.returncode == 1, f"exit {run.returncode}: {run.stderr[-2000:]}"
    assert "infinite" in run.stderr and "fix:" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


def _model_for(runtime: str):
    if runtime == "onnxruntime":
        from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx

        return sd.load(tiny_dense_onnx())
    if runtime == "openvino":
        from scaledown.backends.openvino.tiny import tiny_relu_openvino

        return sd.load(tiny_relu_openvino())
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    return sd.load(tiny_dense_tflite())  # refused on its data before its format matters


@pytest.mark.parametrize("runtime", ["litert", "onnxruntime", "openvino"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
def test_non_finite_calibration_data_is_refused_on_every_runtime(runtime, bad):
    # before the fix NaN gave a "quantized" model with broken scales on all three runtimes
    model = _model_for(runtime)
    shape = tuple(d or 1 for d in model.inputs[0].shape[1:])
    x = np.random.default_rng(0).uniform(0, 1, (16, *shape)).astype(np.float32)
    x.reshape(16, -1)[5, 0] = bad
    with pytest.raises(CalibrationError, match="sample 5") as err:
        sd.quantize(model, "int8", data=x, runtime=runtime)
    assert "fix:" in str(err.value)


def test_a_raising_generator_is_named_with_its_sample_and_chained():
    # before the fix the user's ZeroDivisionError escaped with no word of where it came from
    def batches():
        yield np.ones((2, 4), np.float32)
        yield np.ones((3, 4), np.float32)
        raise ZeroDivisionError("division by zero")

    with pytest.raises(CalibrationError) as err:
        build_feed(batches, SPEC)
    message = str(err.value)
    assert "data generator raised ZeroDivisionError at item 2" in message
    assert "after 5 good sample(s)" in message and "division by zero" in message
    assert isinstance(err.value.__cause__, ZeroDivisionError)


def test_a_raising_data_function_is_wrapped_too():
    def representative_dataset():
        raise FileNotFoundError("calib/ folder missing")

    with pytest.raises(CalibrationError, match="raised FileNotFoundError at item 0"):
        build_feed(representative_dataset, SPEC)


def test_values_beyond_float32_are_named_as_such():
    with pytest.raises(CalibrationError, match="too large for float32"):
        build_feed(np.full((3, 4), 1e300), SPEC)


def test_complex_values_are_refused():
    with pytest.raises(CalibrationError, match="complex"):
        build_feed(np.ones((3, 4)) * 1j, SPEC)


def test_bad_values_past_max_samples_are_never_fed_so_not_refused():
    x = np.ones((10, 4), np.float32)
    x[9, 0] = np.nan
    assert len(build_feed(x, SPEC, max_samples=5)) == 5


def test_the_quantize_call_checks_data_before_the_converter(monkeypatch):
    from scaledown.backends.onnxruntime import quantize as ort_quantize

    def must_not_run(*args, **kwargs):
        raise AssertionError("the converter ran on bad data")

    monkeypatch.setattr(ort_quantize, "quantize", must_not_run)
    x = np.ones((4, 4), np.float32)
    x[0, 0] = np.nan
    with pytest.raises(CalibrationError):
        sd.quantize(_model_for("onnxruntime"), "int8", data=x, runtime="onnxruntime")

