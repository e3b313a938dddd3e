"""scaledown.estimates.memory32: the host arena less what 4-byte pointers save, line by line."""

from __future__ import annotations

import pytest

from scaledown.backends.tflm.arena import Allocation, ArenaReport
from scaledown.estimates.memory32 import (
    AFFINE_QUANTIZATION_SIZE,
    QUANTIZATION_LINE,
    STRUCT_SIZES,
    Arena32,
    host_struct_sizes,
    to_32bit,
)


def report(*lines: tuple[str, int, int], total: int = 10_000) -> ArenaReport:
    """A host report with ledger lines (name, requested bytes, count)."""
    allocations = tuple(Allocation(name, used, used, count) for name, used, count in lines)
    return ArenaReport(total_bytes=total, head_bytes=total // 2, tail_bytes=total - total // 2,
                       allocations=allocations, min_arena_bytes=total + 512)


def test_each_struct_line_saves_its_count_times_the_pointer_difference() -> None:
    rep = report(("TfLiteEvalTensor data", 24 * 10, 10), ("NodeAndRegistration struct", 64 * 3, 3))
    est = to_32bit(rep)
    assert est.by_line == {"TfLiteEvalTensor data": 10 * (24 - 12),
                           "NodeAndRegistration struct": 3 * (64 - 32)}
    assert est.saved_bytes == sum(est.by_line.values())
    assert est.total_bytes == rep.total_bytes - est.saved_bytes
    assert est.ratio == pytest.approx(est.total_bytes / rep.total_bytes)


def test_quantization_data_counts_one_struct_per_two_allocations() -> None:
    # Each quantized tensor allocates the struct and its zero-point array: two ledger items.
    est = to_32bit(report((QUANTIZATION_LINE, 400, 8)))
    size64, size32 = AFFINE_QUANTIZATION_SIZE
    assert est.by_line == {QUANTIZATION_LINE: 4 * (size64 - size32)}


def test_lines_without_pointers_save_nothing() -> None:
    est = to_32bit(report(("Persistent buffer data", 4096, 7)))
    assert est.by_line == {}
    assert est.saved_bytes == 0
    assert est.total_bytes == 10_000
    assert est.ratio == 1.0


def test_the_figure_to_correct_can_be_the_accepted_minimum() -> None:
    rep = report(("Persistent TfLiteTensor data", 64 * 2, 2))
    est = to_32bit(rep, host_bytes=rep.required_bytes)
    assert est.host_bytes == rep.required_bytes == 10_512
    assert est.total_bytes == 10_512 - 2 * (64 - 40)


def test_an_empty_arena_has_ratio_one() -> None:
    assert Arena32(0, 0, {}).ratio == 1.0


def test_every_32bit_struct_is_smaller_than_its_host_layout() -> None:
    for size64, size32 in [*STRUCT_SIZES.values(), AFFINE_QUANTIZATION_SIZE]:
        assert 0 < size32 < size64


def test_host_sizes_are_bytes_per_item_and_skip_empty_lines() -> None:
    rep = report(("TfLiteEvalTensor data", 240, 10), ("Persistent buffer data", 0, 0))
    assert host_struct_sizes(rep) == {"TfLiteEvalTensor data": 24.0}
