"""Benchmark: Zensical against MkDocs on the real site, same generated tree, same run.

``scaledown build-content`` writes the docs tree once into a folder of this
run (inside the project: Zensical reads only there). Then, each in a fresh
process as a user runs them:

* **MkDocs**: ``mkdocs build --strict`` of that tree (``SCALEDOWN_BUILD_CONTENT=false``,
  so the plugin does not regenerate it), median of ``--rounds`` builds;
* **Zensical**: :func:`scaledown.site.zensical_build.build` (``zensical build
  --strict``, then the feed repairs and the swap into place), its first build
  after emptying its cache (cold) and the median of ``--rounds`` warm ones;
* **edit to served, the engine alone**: ``zensical serve`` and ``mkdocs serve
  --dirty`` on the tree; one post of the tree itself is changed and the clock
  runs until the page served over HTTP shows the change. No build-content is
  involved: this is the engines' own share. What a writer sees, from saving a
  post in ``docs/`` through ``scaledown.site.serve`` (build-content's
  regeneration included) with either engine, is ``bench/site_content.py``'s
  serve figure; the no-change run of build-content is reported here for scale.

Ratios are Zensical / MkDocs from this run; CPU time beside wall time, as a
shared machine disturbs wall time far more. Writes ``bench/results/zensical_build.json``.

Run: ``python -m bench.zensical_build [--rounds 3] [--no-serve]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.results_json import write_results
from bench.serve_timing import edit_until_served, free_port, live_server, wait_until_up

REPO = Path(__file__).resolve().parents[1]
POST = "blog/posts/2026-11-16-how-to-contribute-an-article.md"
POST_URL = "blog/how-to-contribute-an-article/"


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore",
           "SCALEDOWN_BUILD_CONTENT": "false"}
    env.pop("SCALEDOWN_OFFLINE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(action) -> tuple[float, float]:
    """(wall, CPU of this process and its children) seconds for one call."""
    cpu, children, start = time.process_time(), _children_cpu(), time.perf_counter()
    action()
    return (time.perf_counter() - start,
            time.process_time() - cpu + _children_cpu() - children)


def mkdocs_build(config: Path, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-f", str(config), "-d", str(out)], cwd=REPO, env=_env(),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr[-3000:]}")


def edit_to_served(command: list[str], tree: Path, timeout: float = 600) -> dict[str, float]:
    """Start a live-reload server, change one post of the tree, time until it is served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/scaledown/{POST_URL}"
    path = tree / POST
    original = path.read_text(encoding="utf-8")
    try:
        with live_server([*command, f"127.0.0.1:{port}"], REPO, _env()) as proc:
            first = wait_until_up(url, proc, timeout, name=f"{command[2]} serve",
                                  ready=lambda page: "</html>" in (page or ""))
            time.sleep(3)  # let the file watcher settle after the first build
            edited = edit_until_served(path, original, url, proc, timeout, poll=0.05)
        return {"first_build_s": first, "edit_to_served_s": edited}
    finally:
        path.write_text(original, encoding="utf-8")


def run(rounds: int = 3, serve: bool = True) -> dict[str, object]:
    from scaledown.site import zensical_build
    from scaledown.site.content_build import build_content

    # Fixed names: Zensical's cache (.cache/) keeps one entry per config path.
    work = REPO / "build" / "bench-zensical"
    config = REPO / f".{work.name}.mkdocs.yml"
    result: dict[str, object] = {"rounds": rounds}
    try:
        tree = build_content(REPO, work / "docs").out
        result["build_content_unchanged_s"] = _timed(lambda: build_content(REPO, tree))[0]
        config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {tree.relative_to(REPO)}\n",
                          encoding="utf-8")
        site = work / "zensical-site"
        cold = _timed(lambda: zensical_build.build(REPO, tree, site, clean=True))
        mk, zs = [], []
        for index in range(rounds):  # interleaved, so both see the same machine load
            mk.append(_timed(lambda i=index: mkdocs_build(config, work / f"mkdocs-{i}")))
            zs.append(_timed(lambda: zensical_build.build(REPO, tree, site)))
        result["html_pages_mkdocs"] = sum(1 for _ in (work / "mkdocs-0").rglob("*.html"))
        result["html_pages_zensical"] = sum(1 for _ in site.rglob("*.html"))
        result["zensical_cold_s"], result["zensical_cold_cpu_s"] = cold
        for name, runs in (("mkdocs", mk), ("zensical_warm", zs)):
            result[f"{name}_median_s"] = statistics.median(w for w, _ in runs)
            result[f"{name}_cpu_median_s"] = statistics.median(c for _, c in runs)
        result["build_ratio"] = result["zensical_warm_median_s"] / result["mkdocs_median_s"]
        result["build_cpu_ratio"] = (result["zensical_warm_cpu_median_s"]
                                     / result["mkdocs_cpu_median_s"])
        if serve:
            with zensical_build.overlay_config(REPO, tree, work / "zensical-serve") as overlay:
                result["serve_zensical"] = edit_to_served(
                    [*zensical_build.zensical_command(), "serve", "-f", str(overlay), "-a"], tree)
            result["serve_mkdocs_dirty"] = edit_to_served(
                [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config),
                 "--dev-addr"], tree)
            result["serve_ratio"] = (result["serve_zensical"]["edit_to_served_s"]
                                     / result["serve_mkdocs_dirty"]["edit_to_served_s"])
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return result


def report(result: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"The real site: Zensical against MkDocs, same tree "
                        f"(medians of {result['rounds']} fresh-process builds)")
    table.add_column("what")
    table.add_column("wall (s)", justify="right")
    table.add_column("CPU (s)", justify="right")
    table.add_row("build-content, nothing changed", f"{result['build_content_unchanged_s']:.2f}",
                  "")
    table.add_row(f"MkDocs build --strict ({result['html_pages_mkdocs']} HTML)",
                  f"{result['mkdocs_median_s']:.2f}", f"{result['mkdocs_cpu_median_s']:.2f}")
    table.add_row("Zensical first build (cold cache)", f"{result['zensical_cold_s']:.2f}",
                  f"{result['zensical_cold_cpu_s']:.2f}")
    table.add_row(f"Zensical warm build ({result['html_pages_zensical']} HTML)",
                  f"{result['zensical_warm_median_s']:.2f}",
                  f"{result['zensical_warm_cpu_median_s']:.2f}")
    table.add_row("ratio Zensical warm / MkDocs", f"{result['build_ratio']:.2f}",
                  f"{result['build_cpu_ratio']:.2f}")
    for key, name in (("serve_zensical", "zensical serve"),
                      ("serve_mkdocs_dirty", "mkdocs serve --dirty")):
        serve = result.get(key)
        if isinstance(serve, dict):
            table.add_row(f"{name}: one post edited to served",
                          f"{serve['edit_to_served_s']:.2f}", "")
    if "serve_ratio" in result:
        table.add_row("ratio edit to served, Zensical / MkDocs --dirty",
                      f"{result['serve_ratio']:.2f}", "")
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-served figures")
    args = parser.parse_args(argv)
    result = run(args.rounds, serve=not args.no_serve)
    report(result)
    write_results("zensical_build", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
