"""Benchmark: generate-then-render on the real site (run by ``bench/site_build.py``).

Works on copies of the site's inputs in a temp folder (docs/, the catalogue,
tutorials, reviews, study groups, overrides, mkdocs.yml, the Try-it and
tutorial caches; the package is linked in), so nothing in the checkout changes.

* **cold build**: the old way, ``mkdocs build --strict`` with the plugin that
  generated pages in memory, at a baseline commit (default: the commit this
  work started from, unpacked with ``git archive``), against the new way as
  ``make build`` runs it, ``scaledown build-content`` into an empty
  ``build/docs/`` then ``SCALEDOWN_BUILD_CONTENT=false mkdocs build --strict``
  rendering it; and, for comparison, the same in one process (a plain ``mkdocs
  build --strict``, whose plugin runs build-content first). Each in fresh
  processes, interleaved. Target: new / old <= 0.8.
* **nothing changed**: ``scaledown build-content`` again in a fresh process right after
  the last cold build (it should neither generate nor check).
* **one catalogue device changed**: which units and files ``build_content``
  regenerates, and how long the incremental run takes (in one process, warm,
  as ``make serve`` runs it).
* **edit one post while serving**: ``python -m scaledown.site.serve`` (MkDocs
  ``serve --dirty`` on build/docs), time from writing the post until the page
  served over HTTP shows the change. Target: <= 1.5 s.

Run: ``python -m bench.site_content [--rounds 1] [--baseline COMMIT]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from bench.serve_timing import edit_until_served, free_port, live_server, wait_until_up

REPO = Path(__file__).resolve().parents[1]
BASELINE = "05f8e82"  # main when generate-then-render started: the plugin generated pages
COLD_TARGET = 0.8
SERVE_TARGET_S = 1.5
INPUTS = ("docs", "hardware_catalog", "tutorials", "paper_reviews", "study_groups",
          "overrides", "mkdocs.yml", ".scaledown-cache")
DEVICE = "raspberry-pi-pico"


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", **extra}


def copy_site(source: Path, dest: Path, package: Path) -> Path:
    """The site's inputs from ``source`` in ``dest``, with ``package`` linked as scaledown/."""
    dest.mkdir(parents=True)
    for name in INPUTS:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy(path, dest / name)
    if not (dest / ".scaledown-cache").exists() and (REPO / ".scaledown-cache").is_dir():
        shutil.copytree(REPO / ".scaledown-cache", dest / ".scaledown-cache")
    (dest / "scaledown").symlink_to(package, target_is_directory=True)
    return dest


def baseline_checkout(commit: str, dest: Path) -> Path:
    """The repository at ``commit`` (``git archive``), without touching this checkout."""
    dest.mkdir(parents=True)
    archive = dest.parent / "baseline.tar"
    with open(archive, "wb") as handle:
        subprocess.run(["git", "-C", str(REPO), "archive", commit], stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()
    return dest


def _timed(commands: list[tuple[list[str], dict[str, str]]], cwd: Path) -> tuple[float, float]:
    """(wall, CPU of the children) seconds to run ``commands`` one after another."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command, env in commands:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-3000:]}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_builds(old: Path, new: Path, rounds: int) -> dict[str, object]:
    """Old (plugin) and new (build-content, then render) cold builds, interleaved."""
    py = sys.executable
    render = [py, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"]
    old_cmd = [(render, _env())]
    new_cmd = [([py, "-m", "scaledown.cli", "build-content"], _env()),  # make build
               (render, _env(SCALEDOWN_BUILD_CONTENT="false"))]
    one_cmd = [(render, _env())]  # a plain mkdocs build: the plugin runs build-content first
    runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": [], "one": []}
    pages = {}
    for _ in range(rounds):
        runs["old"].append(_timed(old_cmd, old))
        for name, command in (("new", new_cmd), ("one", one_cmd)):
            shutil.rmtree(new / "build", ignore_errors=True)  # cold: nothing generated yet
            runs[name].append(_timed(command, new))
            pages[name] = sum(1 for _ in (new / "site").rglob("*.html"))
    pages["old"] = sum(1 for _ in (old / "site").rglob("*.html"))
    wall = {name: statistics.median(w for w, _ in found) for name, found in runs.items()}
    cpu = {name: statistics.median(c for _, c in found) for name, found in runs.items()}
    return {"old_wall_s": wall["old"], "new_wall_s": wall["new"], "old_cpu_s": cpu["old"],
            "new_cpu_s": cpu["new"], "ratio": wall["new"] / wall["old"],
            "cpu_ratio": cpu["new"] / cpu["old"], "one_wall_s": wall["one"],
            "one_cpu_s": cpu["one"], "one_ratio": wall["one"] / wall["old"],
            "one_cpu_ratio": cpu["one"] / cpu["old"],
            "html_pages": pages, "target_ratio": COLD_TARGET, "runs": runs}


def no_change(project: Path, rounds: int) -> dict[str, object]:
    """``scaledown build-content`` in fresh processes when nothing changed since the last run."""
    command = [([sys.executable, "-m", "scaledown.cli", "build-content"], _env())]
    runs = [_timed(command, project) for _ in range(max(rounds, 1))]
    return {"wall_s": statistics.median(w for w, _ in runs),
            "cpu_s": statistics.median(c for _, c in runs), "runs": runs}


def device_change(project: Path) -> dict[str, object]:
    """Change one device; which units and files build-content regenerates, and how fast."""
    code = ("import json, sys, time\n"
            "from pathlib import Path\n"
            "from scaledown.site.content_build import build_content\n"
            "root = Path(sys.argv[1])\n"
            "build_content(root, strict=False)\n"
            "entry = root / 'hardware_catalog' / 'devices' / sys.argv[2]\n"
            "entry.write_text(entry.read_text().replace('summary: ', 'summary: Changed. ', 1))\n"
            "start = time.perf_counter()\n"
            "report = build_content(root, strict=False)\n"
            "took = time.perf_counter() - start\n"
            "print(json.dumps({'seconds': took, 'units': report.regenerated,\n"
            "                  'files': report.regenerated_files, 'written': report.written}))\n")
    result = subprocess.run([sys.executable, "-c", code, str(project), f"{DEVICE}.yaml"],
                            cwd=project, env=_env(), capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["device"] = DEVICE
    return figures


def serve_edit(project: Path, edits: int = 3, timeout: float = 600) -> dict[str, object]:
    """Serve with ``scaledown.site.serve``; seconds from saving a post to the page showing it."""
    port = free_port()
    post = sorted((project / "docs" / "blog" / "posts").glob("*.md"))[0]
    text = post.read_text()
    from scaledown.site.slugs import slugify

    title = next(line.split(":", 1)[1].strip().strip("\"'") for line in text.splitlines()
                 if line.startswith("title:"))
    url = f"http://127.0.0.1:{port}/scaledown/blog/{slugify(title, '-')}/"
    command = [sys.executable, "-m", "scaledown.site.serve", "--dev-addr", f"127.0.0.1:{port}"]
    times = []
    try:
        with live_server(command, project, _env()) as proc:
            first = wait_until_up(url, proc, timeout)
            for _ in range(edits):
                time.sleep(3)  # let both watchers settle
                times.append(edit_until_served(post, text, url, proc, timeout, poll=0.02))
    finally:
        post.write_text(text)
    return {"first_build_s": first, "edit_to_served_s": times,
            "median_s": statistics.median(times), "target_s": SERVE_TARGET_S,
            "engine": "mkdocs serve --dirty on build/docs, build-content by scaledown.site.serve"}


def zensical_note() -> str:
    """Why there is no Zensical figure (this bench times MkDocs only, so far)."""
    configs = sorted(p.name for p in REPO.glob("*") if "zensical" in p.name.lower())
    if not configs:
        return ("no Zensical figure: this checkout has no Zensical configuration yet (the "
                "Zensical work is not merged); serve it with python -m scaledown.site.serve "
                "--engine-command '<zensical serve ...>' once it is")
    return (f"no Zensical figure: Zensical configuration found ({', '.join(configs)}), but "
            "this bench does not drive it yet")


def run(rounds: int = 1, baseline: str = BASELINE, serve: bool = True) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sd-bench-content-") as tmp:
        folder = Path(tmp)
        old_tree = baseline_checkout(baseline, folder / "baseline-src")
        old = copy_site(old_tree, folder / "old", old_tree / "scaledown")
        # the baseline's own docs/ and catalogue, with this checkout's caches (Try-it output)
        new = copy_site(REPO, folder / "new", REPO / "scaledown")
        result: dict[str, object] = {"baseline": baseline}
        result["cold"] = cold_builds(old, new, rounds)
        result["no_change"] = no_change(new, rounds)
        result["device_change"] = device_change(new)
        if serve:
            result["serve"] = serve_edit(new)
        result["zensical"] = zensical_note()
    return result


def report(result: dict[str, object]) -> None:
    cold = result["cold"]
    assert isinstance(cold, dict)
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"cold build, old way (plugin, {result['baseline']}): {cold['old_wall_s']:.2f} s wall, "
          f"{cold['old_cpu_s']:.2f} s CPU")
    print(f"cold build, new way (make build: build-content, then render): "
          f"{cold['new_wall_s']:.2f} s wall, {cold['new_cpu_s']:.2f} s CPU")
    print(f"  new / old: {cold['ratio']:.2f} wall, {cold['cpu_ratio']:.2f} CPU "
          f"(target <= {COLD_TARGET}: {verdict(cold['ratio'] <= COLD_TARGET)} wall, "
          f"{verdict(cold['cpu_ratio'] <= COLD_TARGET)} CPU); HTML pages {cold['html_pages']}")
    print(f"cold build in one process (plain mkdocs build, the plugin runs build-content): "
          f"{cold['one_wall_s']:.2f} s wall, {cold['one_cpu_s']:.2f} s CPU; / old: "
          f"{cold['one_ratio']:.2f} wall, {cold['one_cpu_ratio']:.2f} CPU")
    same = result.get("no_change")
    if isinstance(same, dict):
        print(f"nothing changed, build-content in a fresh process: {same['wall_s']:.2f} s wall, "
              f"{same['cpu_s']:.2f} s CPU")
    change = result["device_change"]
    assert isinstance(change, dict)
    print(f"one device changed ({change['device']}): {len(change['units'])} unit(s) rerun, "
          f"{len(change['files'])} file(s) regenerated, {len(change['written'])} written, "
          f"in {change['seconds']:.2f} s (checks included)")
    for path in change["files"]:
        print(f"  {path}")
    serve = result.get("serve")
    if isinstance(serve, dict):
        times = ", ".join(f"{t:.2f}" for t in serve["edit_to_served_s"])
        print(f"edit one post while serving ({serve['engine']}): {times} s; median "
              f"{serve['median_s']:.2f} s (target <= {SERVE_TARGET_S}: "
              f"{verdict(serve['median_s'] <= SERVE_TARGET_S)})")
    print(result["zensical"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--no-serve", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.rounds, args.baseline, serve=not args.no_serve)
    report(result)
    out = REPO / "bench" / "results" / "site_content.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
