"""scaledown.estimates.flash: model bytes + interpreter + each distinct op's kernel, once."""

from __future__ import annotations

import statistics

import pytest

from scaledown.estimates.flash import (
    FRAMEWORK_BYTES,
    KERNEL_BYTES,
    UNMEASURED_BYTES,
    estimate_flash,
    kernel_bytes,
)


def test_an_op_used_many_times_is_linked_once() -> None:
    once = estimate_flash(1_000, ["CONV_2D", "SOFTMAX"])
    many = estimate_flash(1_000, ["CONV_2D"] * 7 + ["SOFTMAX"] * 3)
    assert many == once
    assert many.kernel_bytes == KERNEL_BYTES["CONV_2D"] + KERNEL_BYTES["SOFTMAX"]


def test_total_is_model_plus_interpreter_plus_kernels() -> None:
    est = estimate_flash(12_345, ["FULLY_CONNECTED", "RELU"])
    assert est.total_bytes == 12_345 + FRAMEWORK_BYTES + est.kernel_bytes
    assert est.framework_bytes == FRAMEWORK_BYTES


def test_a_model_without_ops_still_needs_the_interpreter() -> None:
    est = estimate_flash(500, [])
    assert est.kernels == {}
    assert est.total_bytes == 500 + FRAMEWORK_BYTES
    assert est.unmeasured == []


def test_an_op_we_never_measured_gets_the_median_and_is_named() -> None:
    est = estimate_flash(0, ["ADD", "SignalFFT"])
    assert est.kernels["SignalFFT"] == UNMEASURED_BYTES
    assert est.unmeasured == ["SignalFFT"]
    assert int(statistics.median(KERNEL_BYTES.values())) == UNMEASURED_BYTES
    assert min(KERNEL_BYTES.values()) <= UNMEASURED_BYTES <= max(KERNEL_BYTES.values())


@pytest.mark.parametrize("op", sorted(KERNEL_BYTES))
def test_every_measured_op_reads_its_own_figure(op: str) -> None:
    assert kernel_bytes(op) == KERNEL_BYTES[op] > 0


def test_op_names_are_case_sensitive_like_tflite_builtins() -> None:
    assert kernel_bytes("conv_2d") == UNMEASURED_BYTES != KERNEL_BYTES["CONV_2D"]


def test_kernels_are_listed_in_name_order_and_the_model_size_is_whole_bytes() -> None:
    est = estimate_flash(1024.0, ["SOFTMAX", "ADD", "CONV_2D"])
    assert list(est.kernels) == ["ADD", "CONV_2D", "SOFTMAX"]
    assert isinstance(est.model_bytes, int) and est.model_bytes == 1024
    assert "Cortex-M4" in est.basis
