"""scaledown.estimates.latency: cycles per MAC, which core borrows whose, and the estimate."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from scaledown.estimates.latency import (
    MLPERF_TINY_V05,
    MLPERF_TINY_V11_M7,
    OP_CLASSES,
    REFERENCE_CORE,
    LatencyEstimate,
    Reference,
    calibrate,
    core_profile,
    estimate_from_macs,
    estimate_latency,
    macs_by_class,
    measured_cycles_per_mac,
)


def ref(op_class: str, latency_ms: float, macs: float, clock_mhz: float = 100) -> Reference:
    return Reference("t", op_class, latency_ms, macs, REFERENCE_CORE, clock_mhz, "a test")


def hardware(core: str, latency_ms: float, macs: int, clock_mhz: float = 100, **more) -> dict:
    return {"emulated": False, "device_core": core, "latency_ms": latency_ms,
            "clock_mhz": clock_mhz, "macs": macs, **more}


def test_cycles_per_mac_is_time_times_clock_over_macs() -> None:
    assert ref("conv", latency_ms=2.0, macs=1_000, clock_mhz=1).cycles_per_mac == pytest.approx(2.0)


def test_calibration_pools_cycles_over_macs_not_a_mean_of_ratios() -> None:
    small, big = ref("conv", 1.0, 1e5), ref("conv", 30.0, 1e6)  # 1.0 and 3.0 cycles per MAC
    assert calibrate([small, big])["conv"] == pytest.approx((1e5 * 1.0 + 1e6 * 3.0) / 1.1e6)


def test_a_class_without_a_reference_borrows_the_pooled_constant() -> None:
    only_conv = calibrate([ref("conv", 5.0, 1e5)])
    assert only_conv["fc"] == pytest.approx(only_conv["conv"])
    assert calibrate([]) == {}


def test_the_shipped_references_give_both_classes() -> None:
    for refs in (MLPERF_TINY_V05, MLPERF_TINY_V11_M7):
        constants = calibrate(refs)
        assert set(constants) == {"conv", "fc"}
        assert all(v > 0 for v in constants.values())


def test_time_grows_with_macs_and_shrinks_with_the_clock() -> None:
    base = estimate_from_macs(1_000_000, core="cortex-m4f", clock_mhz=100)
    double_macs = estimate_from_macs(2_000_000, core="cortex-m4f", clock_mhz=100)
    double_clock = estimate_from_macs(1_000_000, core="cortex-m4f", clock_mhz=200)
    assert double_macs.ms == pytest.approx(2 * base.ms)
    assert double_clock.ms == pytest.approx(base.ms / 2)
    assert double_clock.cycles == pytest.approx(base.cycles)


def test_a_calibration_passed_in_replaces_the_published_one() -> None:
    est = estimate_from_macs(1_000, core="cortex-m4f", clock_mhz=1,
                             calibration={"conv": 3.0, "fc": 1.0})
    assert est.cycles == pytest.approx(3_000)
    assert est.ms == pytest.approx(3.0)


@pytest.mark.parametrize(("core", "clock"), [("cortex-a72", 1500), ("x86-64", 3000),
                                            ("cortex-m4f", 0)])
def test_no_estimate_for_an_application_core_or_a_missing_clock(core: str, clock: float) -> None:
    assert estimate_from_macs(1_000, core=core, clock_mhz=clock) is None


def test_which_cores_are_calibrated_derived_or_borrowed() -> None:
    no_records: list[dict] = []
    assert core_profile("cortex-m4f", records=no_records).basis == "calibrated"
    assert core_profile("cortex-m7", records=no_records).basis == "calibrated"
    m4 = core_profile("cortex-m4", records=no_records)
    assert m4.basis == "derived"
    assert m4.cycles_per_mac == core_profile("cortex-m4f", records=no_records).cycles_per_mac
    assert core_profile("riscv32", records=no_records).basis == "unconfirmed"
    assert core_profile("cortex-a53", records=no_records) is None


def test_hardware_records_win_over_the_published_calibration() -> None:
    records = [hardware("cortex-m0+", latency_ms=10.0, macs=100_000)]
    profile = core_profile("cortex-m0+", records=records)
    assert profile.basis == "measured"
    assert profile.cycles_per_mac == {"conv": 10.0, "fc": 10.0}
    assert core_profile("cortex-m33", records=records).basis == "unconfirmed"


def test_records_for_a_non_mcu_core_never_make_it_estimable() -> None:
    assert core_profile("cortex-a72", records=[hardware("cortex-a72", 1.0, 1_000)]) is None


def test_records_are_pooled_by_macs_and_incomplete_or_emulated_ones_skipped() -> None:
    records = [
        hardware("cortex-m4f", latency_ms=1.0, macs=100_000),   # 1.0 cycle per MAC
        hardware("cortex-m4f", latency_ms=9.0, macs=300_000),   # 3.0 cycles per MAC
        hardware("cortex-m4f", latency_ms=50.0, macs=100_000, emulated=True),
        hardware("cortex-m4f", latency_ms=None, macs=100_000),
        hardware("cortex-m4f", latency_ms=5.0, macs=100_000, clock_mhz=None),
        {"device_core": "cortex-m4f", "latency_ms": 5.0, "clock_mhz": 100, "macs": 100},
        hardware("cortex-m7", latency_ms=50.0, macs=100_000),
    ]
    assert measured_cycles_per_mac(records, "cortex-m4f") == pytest.approx(2.5)
    assert measured_cycles_per_mac(records[2:6], "cortex-m4f") is None


def test_borrowed_is_true_unless_the_core_has_figures_of_its_own() -> None:
    for basis, borrowed in [("calibrated", False), ("measured", False),
                            ("derived", True), ("unconfirmed", True)]:
        assert LatencyEstimate(1.0, 1.0, basis=basis).borrowed is borrowed


def test_macs_are_summed_per_class_and_other_ops_ignored() -> None:
    ops = [SimpleNamespace(name=name, macs=macs) for name, macs in [
        ("CONV_2D", 100), ("DEPTHWISE_CONV_2D", 50), ("FULLY_CONNECTED", 7), ("SOFTMAX", 999),
        ("CONV_2D", 0), ("BATCH_MATMUL", None)]]
    assert macs_by_class(ops) == {"conv": 150, "fc": 7}
    assert set(OP_CLASSES.values()) == {"conv", "fc"}


def test_estimate_latency_weights_each_class_by_its_own_constant() -> None:
    ops = [SimpleNamespace(name="CONV_2D", macs=1_000), SimpleNamespace(name="FULLY_CONNECTED",
                                                                       macs=1_000)]
    est = estimate_latency(ops, core="cortex-m4f", clock_mhz=1,
                           calibration={"conv": 2.0, "fc": 1.0})
    assert est.cycles == pytest.approx(3_000)
    assert est.macs_by_class == {"conv": 1_000, "fc": 1_000}
    assert (est.core, est.clock_mhz) == ("cortex-m4f", 1)
