"""Benchmark for ``sd.emulate``: the virtual board on the MLPerf Tiny int8 models.

Measured in this run, nothing typed in:

1. Time: ``sd.compile`` + build + one emulated run (QEMU) of the KWS model on
   the Cortex-M4, in seconds, with and without the Unicorn instruction count.
   Target: under 30 s on this machine.
2. Per model (KWS, IC, AD: ``sd.datasets.mlperf_tiny``, int8) on the Cortex-M4: flash
   and static RAM read from the ELF file, the stack high-water mark, the
   instructions ``sd_model_invoke`` executed, and whether the board's output
   equals the host's.
3. Ratios against TFLite-Micro, as ``sd.fit`` sees it:

   * flash: the model library as linked (only the sections ``--gc-sections``
     keeps, from the map file) against ``sd.fit``'s flash
     estimate, the flatbuffer + TFLM interpreter + kernel code
     (:mod:`scaledown.estimates.flash`). Target: <= 0.8x. The whole image
     (harness, start-up code, C library included) is shown beside it.
   * RAM: arena + stack high-water against the arena TFLM reports for the
     model on this machine (:mod:`scaledown.backends.tflm.arena`). Target:
     geometric mean <= 0.75x.

Run: ``python bench/emulate_bench.py`` (writes ``bench/results/emulate.json``).
Needs the Arm toolchain and QEMU (``make toolchain``) and ``sd.compile``.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "emulate.json"
TASKS = ("kws", "ic", "ad")
CORE = "cortex-m4"
TIME_TARGET_S = 30.0
FLASH_TARGET = 0.8
RAM_TARGET = 0.75


def _compile_available() -> bool:
    try:
        from scaledown.api.compile import compile as _  # noqa: F401
    except ImportError:
        return False
    return True


def timed_kws(path: Path, count: bool) -> tuple[float, object]:
    """Seconds for compile + build + one run of the KWS model (fresh folders)."""
    import scaledown as sd

    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        sd.compile(path, Path(scratch) / "kws")
        result = sd.emulate(Path(scratch) / "kws", core=CORE, count=count)
        return time.perf_counter() - start, result


def tflm_figures(path: Path) -> tuple[int, int]:
    """``sd.fit``'s flash estimate and TFLM's measured arena for the model."""
    from scaledown.api.fit import analyse

    analysis = analyse(path)
    return analysis.flash.total_bytes, analysis.arena.total_bytes


def main(argv: list[str]) -> int:
    from scaledown.virtual_board.toolchain import INSTALL_COMMAND, missing_tools

    missing = missing_tools()
    if missing:
        print(f"not measured: {', '.join(missing)} missing ({INSTALL_COMMAND})")
        return 0
    if not _compile_available():
        print("not measured: sd.compile is not in this version of scaledown")
        return 0
    import scaledown as sd

    kws = sd.datasets.mlperf_tiny("kws")
    seconds_plain, _ = timed_kws(kws, count=False)
    seconds_counted, _ = timed_kws(kws, count=True)
    print(f"KWS compile + build + one run on the {CORE}: {seconds_plain:.1f} s "
          f"({seconds_counted:.1f} s with the instruction count); target < {TIME_TARGET_S:g} s")

    rows = []
    for task in TASKS:
        path = sd.datasets.mlperf_tiny(task)
        with tempfile.TemporaryDirectory() as scratch:
            sd.compile(path, Path(scratch) / task)
            result = sd.emulate(Path(scratch) / task, core=CORE)
        flash_estimate, tflm_arena = tflm_figures(path)
        ram = result.arena_bytes + result.stack_bytes
        rows.append({
            "task": task, "passed": result.passed, "flash_bytes": result.flash_bytes,
            "library_flash_bytes": result.library_flash_bytes,
            "static_ram_bytes": result.static_ram_bytes, "stack_bytes": result.stack_bytes,
            "arena_bytes": result.arena_bytes, "instructions": result.instructions,
            "fit_flash_estimate_bytes": flash_estimate, "tflm_arena_bytes": tflm_arena,
            "linked_library_flash_bytes": result.linked_library_flash_bytes,
            "flash_ratio": result.linked_library_flash_bytes / flash_estimate,
            "image_flash_ratio": result.flash_bytes / flash_estimate,
            "ram_ratio": ram / tflm_arena,
        })

    print(f"\n{'task':<5}{'output':<8}{'flash B':>10}{'(image)':>10}{'static RAM':>12}"
          f"{'stack B':>9}{'instructions':>15}{'flash x':>9}{'RAM x':>8}")
    for r in rows:
        print(f"{r['task']:<5}{'= host' if r['passed'] else 'DIFFERS':<8}"
              f"{r['linked_library_flash_bytes']:>10,}{r['flash_bytes']:>10,}"
              f"{r['static_ram_bytes']:>12,}{r['stack_bytes']:>9,}"
              f"{r['instructions'] or 0:>15,}{r['flash_ratio']:>9.2f}{r['ram_ratio']:>8.2f}")
    geomean = math.exp(sum(math.log(r["ram_ratio"]) for r in rows) / len(rows))
    worst_flash = max(r["flash_ratio"] for r in rows)
    flash_geomean = math.exp(sum(math.log(r["flash_ratio"]) for r in rows) / len(rows))
    print(f"\nflash (library / sd.fit's TFLM estimate): worst {worst_flash:.2f}x, geomean "
          f"{flash_geomean:.2f}x, target <= {FLASH_TARGET}x")
    print(f"RAM ((arena + stack) / TFLM's arena): geomean {geomean:.2f}x, "
          f"target <= {RAM_TARGET}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "core": CORE, "kws_seconds": seconds_plain, "kws_seconds_counted": seconds_counted,
        "models": rows, "ram_ratio_geomean": geomean, "flash_ratio_worst": worst_flash,
        "flash_ratio_geomean": flash_geomean,
    }, indent=2))
    ok = (seconds_counted < TIME_TARGET_S and worst_flash <= FLASH_TARGET
          and geomean <= RAM_TARGET and all(r["passed"] for r in rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
