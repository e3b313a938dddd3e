"""sd.fit shows the model compiled with sd.compile beside TFLM's figures (api/fit_compiled.py)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import scaledown as sd
from scaledown.api import fit_compiled
from scaledown.api.fit_compiled import CompiledFigures, NotCompiled
from scaledown.virtual_board.toolchain import INSTALL_COMMAND, missing_tools

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
M4_BOARD = "arduino-nano-33-ble-sense-rev2"  # a Cortex-M4F in the catalogue


@pytest.fixture(scope="module")
def toolchain() -> None:
    missing = missing_tools()
    if missing:
        message = f"needs {', '.join(missing)}; install: {INSTALL_COMMAND} (or make toolchain)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def ad01() -> bytes:
    return sd.datasets.mlperf_tiny("ad").read_bytes()


@pytest.fixture(scope="module")
def ad01_on_m4(ad01, toolchain):
    return sd.fit(ad01, M4_BOARD)


def test_an_int8_model_gets_exact_compiled_figures_for_the_boards_core(ad01_on_m4):
    figures = ad01_on_m4.compiled
    assert isinstance(figures, CompiledFigures)
    assert figures.exact and figures.core == "cortex-m4"
    assert figures.tflm_flash_bytes == ad01_on_m4.analysis.flash.total_bytes
    assert figures.flash_vs_tflm <= 0.8  # the flash target, on the weights-heavy model
    assert figures.stack_bytes
    assert figures.ram_bytes == figures.static_ram_bytes + figures.stack_bytes
    assert figures.ram_bytes < ad01_on_m4.analysis.arena.required_bytes


def test_exact_figures_equal_the_virtual_boards(ad01, ad01_on_m4, tmp_path):
    sd.compile(ad01, tmp_path / "ad01")
    board = sd.emulate(tmp_path / "ad01", core="cortex-m4", count=False)
    figures = ad01_on_m4.compiled
    assert figures.flash_bytes == board.linked_library_flash_bytes
    assert figures.arena_bytes == board.arena_bytes
    assert figures.stack_bytes == board.stack_bytes


def test_the_text_and_the_json_show_both_runtimes(ad01_on_m4):
    text = str(ad01_on_m4)
    assert "compiled C (sd.compile, cortex-m4, exact): flash" in text
    assert "x TFLM's" in text and "TFLM interpreter" in text  # beside, not instead
    data = ad01_on_m4.to_dict()["compiled"]
    assert data["available"] and data["exact"]
    assert data["flash_bytes"] == ad01_on_m4.compiled.flash_bytes
    json.dumps(data)


def test_a_core_the_virtual_board_lacks_gets_an_estimate_that_leans_high(ad01, ad01_on_m4):
    esp = sd.Device(flash_kb=8192, sram_kb=512, clock_mhz=240, core="xtensa-lx7")
    figures = sd.fit(ad01, esp).compiled
    assert isinstance(figures, CompiledFigures) and not figures.exact
    assert figures.stack_bytes is None and "xtensa-lx7" in figures.note
    exact = ad01_on_m4.compiled
    assert exact.flash_bytes <= figures.flash_bytes <= exact.flash_bytes + 5_000
    assert figures.arena_bytes == exact.arena_bytes
    assert "estimated" in str(sd.fit(ad01, esp))


@pytest.mark.parametrize("mcpu", ["cortex-m0", "cortex-m3", "cortex-m4", "cortex-m7",
                                  "cortex-m33", "cortex-m55"])
def test_the_estimates_code_bound_holds_for_todays_kernels(toolchain, tmp_path, mcpu):
    from scaledown.compiler.tiny import tiny_int8_tflite
    from scaledown.virtual_board.build import COMMON_CFLAGS
    from scaledown.virtual_board.cores import core

    sd.compile(tiny_int8_tflite(), tmp_path / "m")
    obj = tmp_path / "k.o"
    subprocess.run(["arm-none-eabi-gcc", *core(mcpu).cflags, *COMMON_CFLAGS, "-c",
                    str(tmp_path / "m" / "sd_kernels.c"), "-o", str(obj)], check=True)
    out = subprocess.run(["arm-none-eabi-size", str(obj)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[1].split()
    assert int(out[0]) + int(out[1]) <= fit_compiled.KERNEL_LIBRARY_BYTES


def test_a_float_model_says_why_it_has_no_compiled_figures():
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    board = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="cortex-m4f")
    report = sd.fit(tiny_dense_tflite(), board, allow_float=True)
    assert isinstance(report.compiled, NotCompiled)
    assert "quantize" in report.compiled.reason
    assert report.to_dict()["compiled"] == {"available": False, "reason": report.compiled.reason}
    assert "compiled C (sd.compile): not available" in str(report)


def test_a_linux_board_shows_no_compiled_figures(ad01):
    report = sd.fit(ad01, sd.Device(flash_kb=None, sram_kb=4 * 1024 * 1024, clock_mhz=1800,
                                    core="cortex-a72"))
    assert report.compiled is None and report.to_dict()["compiled"] is None
    assert "compiled C" not in str(report)


def test_each_model_and_core_is_measured_once_then_read_from_the_cache(ad01, toolchain, tmp_path):
    fit_compiled.forget_measurements()
    first = fit_compiled.measured(ad01, "cortex-m7", cache_folder=tmp_path)
    assert "error" not in first and first["flash_bytes"] > 100_000
    assert fit_compiled.measured(ad01, "cortex-m7", cache_folder=tmp_path) is first  # memory
    (stored,) = tmp_path.glob("*-cortex-m7-*.json")
    assert json.loads(stored.read_text()) == first
    # A new process finds only the folder: a doctored figure there shows it was read, not
    # measured again.
    stored.write_text(json.dumps({**first, "flash_bytes": 12_345}))
    fit_compiled.forget_measurements()
    assert fit_compiled.measured(ad01, "cortex-m7", cache_folder=tmp_path)["flash_bytes"] == 12_345
    fit_compiled.forget_measurements()


def test_a_ranking_leaves_the_compiled_figures_to_one_boards_report(ad01):
    board = sd.Device(flash_kb=1024, sram_kb=256, clock_mhz=64, core="xtensa-lx7")
    ranking = sd.fit(ad01, boards=[board])
    assert ranking.to_dict()["boards"][0]["compiled"] is None
    assert isinstance(ranking.reports[0].compiled, CompiledFigures)


def test_without_the_toolchain_the_figures_are_estimated_and_say_what_to_install(
        ad01, monkeypatch):
    from scaledown.virtual_board import toolchain as tools

    monkeypatch.setattr(tools, "missing_tools", lambda: ["qemu-system-arm"])
    figures = sd.fit(ad01, M4_BOARD).compiled
    assert isinstance(figures, CompiledFigures) and not figures.exact
    assert "qemu-system-arm missing" in figures.note and INSTALL_COMMAND in figures.note
    assert figures.flash_vs_tflm <= 0.8  # the estimate leans high and still meets the target


def test_a_model_too_big_for_the_core_is_refused_before_the_host_build(monkeypatch) -> None:
    from scaledown.errors import EmulationError
    from scaledown.virtual_board import host

    def no_host_build(*args, **kwargs):
        raise AssertionError("built and ran the model on the host for a core it cannot fit")

    monkeypatch.setattr(host, "host_output", no_host_build)
    fit_compiled._compiled.cache_clear()
    fit_compiled._prepared.cache_clear()
    ic = sd.datasets.mlperf_tiny("ic").read_bytes()  # a 49,152-byte arena; the M0 has 16 KiB
    with pytest.raises(EmulationError, match="does not fit the RAM of the cortex-m0"):
        fit_compiled._measure(ic, "cortex-m0")
