"""Verdicts, margins, ranking, suggestions and bad input for sd.fit (no TensorFlow needed)."""

from __future__ import annotations

import pytest

import scaledown as sd
from scaledown.backends.tflm.arena import ArenaReport
from scaledown.datasets import mlperf_tiny
from scaledown.errors import DeviceError, DoesNotFitError
from scaledown.estimates.latency import MLPERF_TINY_V05, calibrate, estimate_from_macs

NANO = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f", name="Nano-like")


def fake_probe(total: int):
    """An arena probe that reports ``total`` bytes without running TFLM."""

    def probe(data: bytes, **kwargs) -> ArenaReport:
        return ArenaReport(total, total - 1000, 1000, (), min_arena_bytes=total)

    return probe


@pytest.fixture(scope="module")
def kws():
    return mlperf_tiny("kws")


def test_verdict_and_margin_follow_the_measured_arena(kws):
    board = sd.Device(flash_kb=1024, sram_kb=100, clock_mhz=64, core="cortex-m4f")
    fits = sd.fit(kws, board, probe=fake_probe(50 * 1024))
    assert fits.ram.status == "fits" and fits.ram.margin_bytes == 50 * 1024
    assert fits.ram.margin_pct == pytest.approx(50.0)
    tight = sd.fit(kws, board, probe=fake_probe(95 * 1024))
    assert tight.ram.status == "tight" and tight.fits is True
    over = sd.fit(kws, board, probe=fake_probe(101 * 1024))
    assert over.ram.status == "too big" and over.fits is False
    assert over.ram.margin_bytes == -1024


def test_flash_counts_model_interpreter_and_exactly_the_ops_used(kws):
    report = sd.fit(kws, NANO)
    flash = report.analysis.flash
    assert set(flash.kernels) == {"CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "RESHAPE",
                                  "FULLY_CONNECTED", "SOFTMAX"}
    assert report.flash.needed == kws.stat().st_size + flash.framework_bytes + flash.kernel_bytes
    assert "measured on a Cortex-M4 build" in str(report)


def test_report_shows_breakdown_and_32bit_difference(kws):
    text = str(sd.fit(kws, NANO))
    assert "activations" in text and "persistent data" in text and "bookkeeping" in text
    assert "32-bit" in text and "FITS" in text.splitlines()[0]


def test_does_not_fit_gives_concrete_suggestions():
    tiny = sd.Device(flash_kb=128, sram_kb=32, clock_mhz=48, core="cortex-m0+", name="Tiny")
    report = sd.fit(mlperf_tiny("ic"), tiny)
    assert report.fits is False and report.ram.status == "too big"
    advice = " ".join(report.suggestions)
    assert "smaller input" in advice and "CONV_2D" in advice
    assert "boards it fits, with enough flash and enough RAM" in advice  # from the catalogue
    with pytest.raises(DoesNotFitError):
        sd.fit(mlperf_tiny("ic"), tiny, strict=True)


def test_a_model_that_fails_on_flash_gets_boards_with_enough_flash_smallest_first(kws):
    # plenty of RAM, too little flash: the suggestion must mend flash, not RAM
    roomy = sd.Device(flash_kb=64, sram_kb=8192, clock_mhz=64, core="cortex-m4f", name="Roomy")
    report = sd.fit(kws, roomy, probe=fake_probe(20 * 1024))
    assert report.flash.fits is False and report.ram.fits is True
    line = next(s for s in report.suggestions if s.startswith("boards it fits"))
    assert "enough flash (smallest first)" in line
    ids = [part.split(" (")[0] for part in line.split(": ", 1)[1].split("), ")]
    boards = {b.id: b for b in sd.devices()}
    flash = [boards[i].flash_kb for i in ids]
    assert flash == sorted(flash) and len(ids) >= 2
    assert all(kb * 1024 >= report.flash.needed for kb in flash)
    # the smallest flash that is still enough: no fitting board has less flash
    fitting = [r for r in sd.fit(kws, probe=fake_probe(20 * 1024)).reports
               if r.fits and r.runtime == "tflite-micro"]
    assert flash[0] == min(r.device.flash_kb for r in fitting)


def test_latency_budget_is_judged(kws):
    assert sd.fit(kws, NANO, latency_budget_ms=10_000).latency_ok is True
    slow = sd.fit(kws, NANO, latency_budget_ms=1)
    assert slow.latency_ok is False and slow.fits is False
    assert any("MACs" in s for s in slow.suggestions)


def test_latency_calibration_reproduces_the_published_figures_within_2x():
    calib = calibrate(MLPERF_TINY_V05)
    for ref in MLPERF_TINY_V05:
        est = estimate_from_macs(int(ref.macs), core="cortex-m4f", clock_mhz=120,
                                 op_class=ref.op_class, calibration=calib)
        assert 0.5 < est.ms / ref.latency_ms < 2.0, ref.task


def test_unknown_device_id_lists_close_matches(kws):
    with pytest.raises(DeviceError) as err:
        sd.fit(kws, "arduino-nano-33-ble-sense")
    assert "arduino-nano-33-ble-sense-rev2" in str(err.value)


def test_device_without_memory_figures_is_a_clear_error(kws):
    board = sd.Device(flash_kb=None, sram_kb=None, clock_mhz=64, core="cortex-m4f")
    with pytest.raises(DeviceError) as err:
        sd.fit(kws, board, probe=fake_probe(1))
    assert "sram_kb" in str(err.value) and "fix:" in str(err.value)


def test_no_device_ranks_every_catalogue_board(kws):
    ranking = sd.fit(kws)
    ids = {r.device.id for r in ranking.reports} | {d for d, _ in ranking.skipped}
    assert ids == {d.id for d in sd.devices()}
    order = [{True: 0, None: 1, False: 2}[r.fits] for r in ranking.reports]
    assert order == sorted(order)
    fitting = [r.latency.ms for r in ranking.fitting() if r.latency]
    assert fitting == sorted(fitting)


def test_ranking_blocks_float_models_on_microcontrollers():
    boards = [NANO, sd.Device(flash_kb=None, sram_kb=4 * 1024 * 1024, clock_mhz=2400,
                              core="cortex-a76", category="cpu", id="pi5-like")]
    ranking = sd.fit(mlperf_tiny("ad", "float"), boards=boards)
    by_id = {r.device.id: r for r in ranking.reports}
    assert by_id["custom"].blocked and by_id["custom"].fits is False
    assert by_id["pi5-like"].fits is True
    assert ranking.reports[0].device.id == "pi5-like"
    assert "needs int8" in str(ranking)


@pytest.mark.parametrize("budget", [-1, 0, float("nan"), float("inf"), True, "50"])
def test_a_latency_budget_that_is_not_a_positive_number_is_refused(budget):
    from scaledown.backends.litert.tiny import tiny_dense_tflite
    from scaledown.errors import InputError

    kws = tiny_dense_tflite()  # any model: the arguments are checked first

    with pytest.raises(InputError, match=r"latency_budget_ms=.* is not a positive number"):
        sd.fit(kws, NANO, latency_budget_ms=budget, probe=fake_probe(50_000))
    with pytest.raises(InputError, match="latency_budget_ms"):
        sd.fit(kws, latency_budget_ms=budget, boards=[NANO], probe=fake_probe(50_000))


@pytest.mark.parametrize("max_arena", [0, -5, 1.5])
def test_a_max_arena_that_is_not_a_positive_whole_number_is_refused(max_arena):
    from scaledown.backends.litert.tiny import tiny_dense_tflite
    from scaledown.errors import InputError

    kws = tiny_dense_tflite()  # any model: the arguments are checked first

    with pytest.raises(InputError, match="max_arena="):
        sd.fit(kws, NANO, max_arena=max_arena, probe=fake_probe(50_000))


def test_every_ranking_and_matrix_cell_marks_a_borrowed_calibration(kws, repo_root):
    from scaledown.site.fit_pages import generate

    ranking = sd.fit(kws, probe=fake_probe(20 * 1024))
    text = str(ranking)
    timed = [r for r in ranking.reports if r.latency]
    assert any(r.latency.borrowed for r in timed) and not all(r.latency.borrowed for r in timed)
    for r in timed:
        line = next(x for x in text.splitlines() if x.startswith(r.device.id[:34]))
        assert line.endswith("*") == r.latency.borrowed, r.device.id
    assert "borrowed calibration" in text
    (page,) = generate(repo_root)  # the shipped MLPerf models against the catalogue
    assert "ms\\*" in page.content and "**borrowed calibration**" in page.content
