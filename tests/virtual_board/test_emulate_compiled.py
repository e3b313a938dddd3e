"""The virtual board on real sd.compile output (runs once the compiler is in the package)."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd

pytestmark = pytest.mark.usefixtures("toolchain")
tiny = pytest.importorskip("scaledown.compiler.tiny", reason="sd.compile is not in this version")


@pytest.fixture
def tiny_model(tmp_path):
    path = tmp_path / "tiny_int8.tflite"
    path.write_bytes(tiny.tiny_int8_tflite())
    return path


def test_a_model_file_is_compiled_run_and_equals_the_host(tiny_model, unicorn):
    result = sd.emulate(tiny_model, core="cortex-m0")
    assert result.passed, str(result)
    assert result.instructions and result.instructions > 0
    assert result.library_flash_bytes > 0 and result.arena_bytes >= 0


def test_float_input_is_quantized_with_the_models_input_scale(tiny_model):
    spec = sd.load(tiny_model).inputs[0]
    shape = tuple(d or 1 for d in spec.shape)
    x = np.random.default_rng(1).random(shape, dtype=np.float32)
    result = sd.emulate(tiny_model, core="cortex-m4", input=x, count=False)
    assert result.passed
    assert result.input.tobytes() == spec.quantize(x).tobytes()
