"""The RAM figure is TFLite-Micro's own: checked against TFLM directly, model by model."""

from __future__ import annotations

import pytest
from tflm_testkit import tflm_reported_total

from scaledown.backends.tflm.allocate import _try
from scaledown.backends.tflm.arena import parse_allocations, probe_arena
from scaledown.errors import InputError, ModelLoadError
from scaledown.estimates.memory32 import STRUCT_SIZES, host_struct_sizes, to_32bit


@pytest.fixture(scope="module")
def reports(int8_mlperf):
    return {name: probe_arena(data) for name, data in int8_mlperf.items()}


def test_ram_equals_what_tflm_reports_for_every_int8_mlperf_model(int8_mlperf, reports):
    for name, data in int8_mlperf.items():
        assert reports[name].total_bytes == tflm_reported_total(data), name


def test_smallest_accepted_arena_is_tight(int8_mlperf, reports):
    for name, data in int8_mlperf.items():
        smallest = reports[name].min_arena_bytes
        assert _try(data, smallest)[0], name
        assert not _try(data, smallest - 1)[0], name
        assert reports[name].required_bytes >= reports[name].total_bytes


def test_breakdown_adds_up(reports):
    for r in reports.values():
        assert r.head_bytes + r.tail_bytes == r.total_bytes
        assert r.activation_bytes + r.persistent_bytes + r.overhead_bytes == r.total_bytes
        assert r.activation_bytes > 0 and r.overhead_bytes > 0


def test_host_struct_sizes_match_the_64bit_layouts_we_derive_32bit_from(reports):
    for r in reports.values():
        sizes = host_struct_sizes(r)
        for line, (size64, _) in STRUCT_SIZES.items():
            assert sizes[line] == size64, line
        # one TfLiteAffineQuantization (24 B) + one 1-element zero-point array (8 B) per tensor
        assert sizes["Persistent TfLiteTensor quantization data"] == (24 + 8) / 2


def test_32bit_arena_is_smaller_by_the_pointer_savings(reports):
    r = reports["kws_ref_model.tflite"]
    est = to_32bit(r)
    eval_tensors = r.allocation("TfLiteEvalTensor data").count
    nodes = r.allocation("NodeAndRegistration struct").count
    quant = r.allocation("Persistent TfLiteTensor quantization data").count // 2
    tensors = r.allocation("Persistent TfLiteTensor data").count
    expected = eval_tensors * 12 + nodes * 32 + quant * 12 + tensors * 24
    assert est.saved_bytes == expected
    assert est.total_bytes == r.total_bytes - expected
    assert 0.9 < est.ratio < 1.0


def test_model_too_large_for_the_probe_gives_a_clear_error(int8_mlperf):
    with pytest.raises(InputError) as err:
        probe_arena(int8_mlperf["pretrainedResnet_quant.tflite"], max_arena=16 * 1024)
    assert "larger than" in str(err.value) and "fix:" in str(err.value)


def test_bytes_that_are_not_tflite_are_refused():
    with pytest.raises(ModelLoadError, match="not a TFLite"):
        probe_arena(b"definitely not a model")


def test_parse_refuses_text_without_totals():
    with pytest.raises(ModelLoadError, match="no arena report"):
        parse_allocations("nothing here")


def test_probing_several_models_in_one_worker_gives_the_same_reports(int8_mlperf, reports):
    from scaledown.backends.tflm.arena import probe_arenas

    names = sorted(int8_mlperf)
    together = probe_arenas([int8_mlperf[n] for n in names] + [b"not a model"])
    assert together[:-1] == [reports[n] for n in names]
    assert together[-1] is None  # measured alone, it raises its own error
