"""Benchmark the tutorial runner and its import-aware cache.

Everything runs on copies in a temporary folder, so the working tree is never
touched: the tutorials, ``constraints.txt``, and the ``scaledown`` package
(put first on the kernels' ``PYTHONPATH``, so the copy is what they import).

Four measurements, all in this one run:

1. **cold**: every tutorial with an empty cache, ``--jobs 2`` (the baseline);
2. **unchanged**: the same again; target at most 0.05x cold;
3. **one module touched**: a comment appended to the scaledown module imported
   by the fewest tutorials; target: exactly the tutorials that import it re-run;
4. **serial**: a second cold run with one kernel, for the parallel speed-up.

Run: ``python -m bench tutorials_bench`` (add ``--quick`` to skip the serial run).
Results also go to ``bench/results/tutorials.json``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNCHANGED_TARGET = 0.05


def _project(tmp: Path) -> tuple[Path, Path]:
    """A throw-away project with copies of the tutorials and of the package."""
    root = tmp / "project"
    shutil.copytree(REPO / "tutorials", root / "tutorials")
    shutil.copy(REPO / "constraints.txt", root / "constraints.txt")
    (root / "mkdocs.yml").write_text("site_name: bench\n")
    pkgs = tmp / "pkgs"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "scaledown", pkgs / "scaledown", ignore=ignore)
    # the package finds the catalogue beside itself, as in a checkout
    shutil.copytree(REPO / "hardware_catalog", pkgs / "hardware_catalog", ignore=ignore)
    return root, pkgs


def _timed_run(root: Path, pkgs: Path, cache_dir: Path, jobs: int):
    from scaledown.tutorials.check import load_tutorials
    from scaledown.tutorials.runner import run

    tutorials, problems = load_tutorials(root, check_boards=False)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    start = time.perf_counter()
    results = run(tutorials, root, cache_dir=cache_dir, jobs=jobs,
                  env={"PYTHONPATH": str(pkgs)},
                  on_done=lambda r: print(f"    {r.status:7s} {r.slug} {r.duration_s:.1f}s",
                                          flush=True))
    seconds = time.perf_counter() - start
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise SystemExit("\n\n".join(str(r.failure) for r in failed))
    return seconds, results


def _least_imported(results, pkgs: Path) -> tuple[Path, set[str]]:
    """The copied module imported by the fewest tutorials (at least one), and those tutorials."""
    users: dict[str, set[str]] = {}
    for result in results:
        for name in result.imports:
            users.setdefault(name, set()).add(result.slug)
    ours = {n: s for n, s in users.items() if n.startswith(str(pkgs))
            and not n.endswith("__init__.py")}
    if not ours:
        raise SystemExit(f"no tutorial imported the copy in {pkgs}: PYTHONPATH was not honoured")
    name = min(ours, key=lambda n: (len(ours[n]), n))
    return Path(name), ours[name]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory(prefix="sd-tutorials-bench-") as tmp_name:
        tmp = Path(tmp_name)
        root, pkgs = _project(tmp)
        print("cold run, 2 kernels, empty cache")
        cold, results = _timed_run(root, pkgs, tmp / "cache2", jobs=2)
        print("unchanged rerun")
        warm, warm_results = _timed_run(root, pkgs, tmp / "cache2", jobs=2)
        module, importers = _least_imported(results, pkgs)
        with module.open("a", encoding="utf-8") as handle:
            handle.write("\n# touched by bench/tutorials_bench.py\n")
        rel = module.relative_to(pkgs)
        print(f"rerun after touching {rel} (imported by {', '.join(sorted(importers))})")
        touched, touched_results = _timed_run(root, pkgs, tmp / "cache2", jobs=2)
        rerun = {r.slug for r in touched_results if r.status != "cached"}
        serial = None
        if not quick:
            print("cold run, 1 kernel, empty cache")
            serial, _ = _timed_run(root, pkgs, tmp / "cache1", jobs=1)
    statuses = Counter(r.status for r in warm_results)
    figures = {
        "tutorials": len(results),
        "cold_s": round(cold, 2),
        "unchanged_s": round(warm, 2),
        "unchanged_ratio": round(warm / cold, 4),
        "unchanged_statuses": dict(statuses),
        "touched_module": str(rel),
        "touched_importers": sorted(importers),
        "touched_rerun": sorted(rerun),
        "touched_s": round(touched, 2),
        "touched_ratio": round(touched / cold, 4),
        "serial_cold_s": round(serial, 2) if serial else None,
        "parallel_speedup": round(serial / cold, 2) if serial else None,
        "per_tutorial_cold_s": {r.slug: round(r.duration_s, 1) for r in results},
    }
    print(json.dumps(figures, indent=2))
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "tutorials.json").write_text(json.dumps(figures, indent=2) + "\n")
    ok = figures["unchanged_ratio"] <= UNCHANGED_TARGET and rerun == importers
    print(f"unchanged {figures['unchanged_ratio']:.4f}x cold (target <= {UNCHANGED_TARGET}); "
          f"touched {rel}: re-ran {sorted(rerun)}, importers {sorted(importers)} "
          f"-> {'OK' if ok else 'TARGET MISSED'}")
    if serial:
        print(f"parallel speed-up, 2 kernels over 1: {figures['parallel_speedup']:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
