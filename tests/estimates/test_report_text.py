"""scaledown.estimates.report_text: the words of a fit report, from real sd.fit reports."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.estimates.latency import BORROWED_MARK, BORROWED_NOTE, LatencyEstimate
from scaledown.estimates.report_text import render_ranking, render_report, suggestions
from scaledown.estimates.verdict import ResourceCheck
from scaledown.hardware.device import Device

ROOMY = Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f", name="Roomy")
TINY = Device(flash_kb=16, sram_kb=1, clock_mhz=16, core="cortex-m0+", name="Tiny")


@pytest.fixture(scope="module")
def model() -> bytes:
    return tiny_dense_tflite()


def test_a_model_that_fits_says_fits_and_gives_each_figure(model: bytes) -> None:
    text = render_report(sd.fit(model, ROOMY, allow_float=True))
    first, *rest = text.splitlines()
    assert first.endswith("on Roomy (cortex-m4f, 64 MHz) with TFLite-Micro: FITS")
    body = "\n".join(rest)
    for words in ("RAM: needs", "TFLM arena", "flash: needs", "latency: ~", "on the 32-bit MCU"):
        assert words in body
    assert "to make it fit:" not in body


def test_a_model_that_does_not_fit_says_so_with_what_to_do(model: bytes) -> None:
    report = sd.fit(model, TINY, allow_float=True)
    text = render_report(report)
    assert text.splitlines()[0].endswith(": DOES NOT FIT")
    assert "to make it fit:" in text
    assert report.suggestions and all(f"    - {s}" in text for s in report.suggestions)


def test_a_float_model_on_tflm_is_told_to_quantize(model: bytes) -> None:
    advice = suggestions(sd.fit(model, TINY, allow_float=True))
    assert any("sd.quantize(model, scheme='int8'" in line for line in advice)
    assert "float32 kernels are slower" in render_report(sd.fit(model, ROOMY, allow_float=True))


def test_a_latency_budget_is_judged_in_the_text(model: bytes) -> None:
    within = render_report(sd.fit(model, ROOMY, allow_float=True, latency_budget_ms=1000))
    over = render_report(sd.fit(model, ROOMY, allow_float=True, latency_budget_ms=1e-9))
    assert "-> within the 1000 ms budget" in within
    assert "-> OVER the 1e-09 ms budget" in over
    assert over.splitlines()[0].endswith("DOES NOT FIT")


def test_a_board_without_a_clock_gets_no_latency_and_says_why(model: bytes) -> None:
    no_clock = Device(flash_kb=1024, sram_kb=256, clock_mhz=None, core="cortex-m4f",
                      name="No clock")
    assert "latency: not estimated (no clock figure)" in render_report(
        sd.fit(model, no_clock, allow_float=True))


def row(device_id: str, *, fits: bool | None, basis: str = "calibrated", ram: int = 10) -> object:
    return SimpleNamespace(
        device=SimpleNamespace(id=device_id), fits=fits, blocked=False,
        analysis=SimpleNamespace(is_float=False),
        ram=ResourceCheck("RAM", ram, 100), flash=ResourceCheck("flash", 10, 100),
        latency=LatencyEstimate(2.5, 1.0, basis=basis))


def test_a_ranking_marks_borrowed_calibrations_and_explains_the_mark_once() -> None:
    ranking = SimpleNamespace(model="m", skipped=(), reports=(
        row("board-a", fits=True), row("board-b", fits=True, basis="unconfirmed"),
        row("board-c", fits=False, basis="derived")))
    text = render_ranking(ranking)
    lines = text.splitlines()
    assert lines[0] == "m on 3 boards (fits first, then fastest)"
    assert [line.split()[0] for line in lines[2:5]] == ["board-a", "board-b", "board-c"]
    assert lines[2].endswith("2.5 ms ")
    assert lines[3].endswith(f"2.5 ms{BORROWED_MARK}")
    assert text.count(BORROWED_NOTE) == 1


def test_a_ranking_without_borrowed_figures_has_no_note_and_calls_tight_fits_tight() -> None:
    text = render_ranking(SimpleNamespace(model="m", skipped=(("x", "no SRAM figure"),),
                                          reports=(row("b", fits=True, ram=95),)))
    assert BORROWED_NOTE not in text
    assert "fits (tight)" in text
    assert text.splitlines()[-1] == "skipped x: no SRAM figure"
