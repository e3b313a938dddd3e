"""Models trained in the test session: measured RAM, and the op checks before any number."""

from __future__ import annotations

import pytest
from tflm_testkit import tflm_reported_total

import scaledown as sd
from scaledown.backends.tflm.arena import probe_arena
from scaledown.errors import UnsupportedOpError

BOARD = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f", name="Test board")


@pytest.mark.slow
def test_ram_equals_tflm_report_for_trained_int8_models(trained):
    for kind in ("int8", "cnn_int8"):
        data = trained[kind].read_bytes()
        report = sd.fit(trained[kind], BOARD)
        assert report.analysis.arena.total_bytes == tflm_reported_total(data)
        assert report.ram.needed == probe_arena(data).required_bytes
        assert report.fits is True


@pytest.mark.slow
def test_float_model_gets_advice_to_quantize_before_any_number(trained, monkeypatch):
    def no_probe(*args, **kwargs):
        raise AssertionError("the arena must not be measured for a refused float model")

    with pytest.raises(UnsupportedOpError) as err:
        sd.fit(trained["float"], BOARD, probe=no_probe)
    text = str(err.value)
    assert "FULLY_CONNECTED" in text and "float32" in text
    assert "sd.quantize(model, scheme='int8'" in text and "allow_float=True" in text


@pytest.mark.slow
def test_float_model_measured_when_allowed(trained):
    report = sd.fit(trained["float"], BOARD, allow_float=True)
    assert report.ram.needed > 0
    assert any("quantize to int8" in s for s in report.suggestions)
    assert "float32" in str(report)


@pytest.mark.slow
def test_hybrid_model_names_the_op_and_the_fix(trained):
    with pytest.raises(UnsupportedOpError) as err:
        sd.fit(trained["hybrid"], BOARD, allow_float=True)
    text = str(err.value)
    assert "FULLY_CONNECTED" in text and "hybrid" in text
    assert "scheme='int8'" in text


@pytest.mark.slow
def test_hybrid_model_is_also_refused_by_tflm_itself(trained):
    # our op check and the interpreter agree: TFLM's own log is recognised
    with pytest.raises(UnsupportedOpError, match="hybrid"):
        probe_arena(trained["hybrid"].read_bytes())


@pytest.mark.slow
def test_unsupported_op_is_named(trained):
    with pytest.raises(UnsupportedOpError) as err:
        sd.fit(trained["gelu"], BOARD)
    assert "GELU" in str(err.value)
    with pytest.raises(UnsupportedOpError, match="GELU"):
        probe_arena(trained["gelu"].read_bytes())


@pytest.mark.slow
def test_linux_board_takes_a_float_model(trained):
    pi = sd.Device(flash_kb=None, sram_kb=1024 * 1024, clock_mhz=1500, core="cortex-a72",
                   category="cpu")
    report = sd.fit(trained["float"], pi)
    assert report.runtime == "litert" and report.fits is True and report.latency is None


@pytest.mark.slow
def test_export_of_a_trained_cnn_lists_its_ops(trained, tmp_path):
    result = sd.export(trained["cnn_int8"], "c", tmp_path / "fw")
    assert set(result.ops) >= {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"}
    text = (tmp_path / "fw" / "model_ops.h").read_text()
    assert f"MicroMutableOpResolver<{len(result.ops)}>" in text
    assert text.count("resolver.Add") == len(result.ops)
