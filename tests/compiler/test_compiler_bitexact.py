"""Compiled models give TFLite-Micro's outputs byte for byte.

The MLPerf Tiny int8 models and a digits CNN trained and quantized here run
through sd.compile, build with ``gcc -std=c99 -O2 -Wall -Werror``, and are
fed the same int8 inputs as the TFLite-Micro interpreter.
"""

from __future__ import annotations

import numpy as np
import pytest
from compiler_testkit import MLPERF_TASKS

from scaledown.compiler.hostcheck import compare_with_tflm, tflm_invoke

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(MLPERF_TASKS))
def test_mlperf_models_are_bit_exact_on_random_inputs(compiled_mlperf, name):
    c = compiled_mlperf[name]
    report = compare_with_tflm(c.tflite, c.folder, samples=12, seed=1)
    assert report.samples == 12
    assert report.bit_exact, report


@pytest.mark.parametrize("name", sorted(MLPERF_TASKS))
def test_mlperf_models_are_bit_exact_on_extreme_inputs(compiled_mlperf, name):
    c = compiled_mlperf[name]
    n = c.model.input_bytes
    extremes = np.stack([np.full(n, -128), np.full(n, 127), np.zeros(n),
                         np.tile([-128, 127], n // 2 + 1)[:n]]).astype(np.int8)
    report = compare_with_tflm(c.tflite, c.folder, inputs=extremes)
    assert report.bit_exact, report


def test_digits_cnn_is_bit_exact_on_random_inputs(compiled_digits):
    report = compare_with_tflm(compiled_digits.tflite, compiled_digits.folder, samples=30)
    assert report.bit_exact, report


def test_digits_cnn_is_bit_exact_on_real_samples(compiled_digits, digits_data):
    import scaledown as sd

    _, _, x_test, y_test = digits_data
    spec = sd.load(compiled_digits.tflite).inputs[0]
    q = spec.quantize(x_test[:100])
    report = compare_with_tflm(compiled_digits.tflite, compiled_digits.folder,
                               inputs=q.reshape(len(q), -1))
    assert report.bit_exact, report
    # and the compiled model classifies: its answers are the model's answers
    guesses = np.array([np.argmax(compiled_digits.model(x)) for x in q])
    assert np.mean(guesses == y_test[:100]) > 0.5


def test_digits_cnn_uses_the_ops_it_was_built_with(compiled_digits):
    source = (compiled_digits.folder / "sd_model.c").read_text()
    for kernel in ("sd_conv2d_s8", "sd_max_pool_s8", "sd_depthwise_conv2d_s8",
                   "sd_average_pool_s8", "sd_fully_connected_s8", "sd_softmax_s8"):
        assert f"{kernel}(" in source


def test_host_model_matches_reference_call_by_call(compiled_mlperf):
    c = compiled_mlperf["kws"]
    x = np.random.default_rng(3).integers(-128, 128, c.model.input_bytes, dtype=np.int8)
    assert np.array_equal(c.model(x), tflm_invoke(c.tflite, x))


def test_branchy_model_is_bit_exact(compiled_branchy, digits_data):
    import scaledown as sd

    source = (compiled_branchy.folder / "sd_model.c").read_text()
    for kernel in ("sd_add_s8", "sd_concat_s8", "sd_mean_s8", "sd_logistic_s8"):
        assert f"{kernel}(" in source
    report = compare_with_tflm(compiled_branchy.tflite, compiled_branchy.folder, samples=20)
    assert report.bit_exact, report
    _, _, x_test, _ = digits_data
    q = sd.load(compiled_branchy.tflite).inputs[0].quantize(x_test[:50])
    real = compare_with_tflm(compiled_branchy.tflite, compiled_branchy.folder,
                             inputs=q.reshape(len(q), -1))
    assert real.bit_exact, real
