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
* **edit one post while serving**, with each engine through
  ``python -m scaledown.site.serve`` (``--engine mkdocs``: ``mkdocs serve
  --dirty``; ``--engine zensical``: ``zensical serve``), each on its own copy
  of the site, both running, the edits interleaved (the engine that goes first
  alternates): the time from writing the post in ``docs/blog/posts/`` until the
  page served over HTTP shows the change, build-content's regeneration
  included. Beside it, from serve's own log, the part until build-content had
  written the file (counted from the watcher's event), the rest being the
  engine's rebuild and the poll. Targets: the faster engine's median <= 1.0 s,
  MkDocs ``--dirty``'s <= 1.5 s.

Run: ``python -m bench.site_content [--rounds 1] [--baseline COMMIT] [--edits 5]
[--serve-only]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from bench.results_json import write_results
from bench.serve_timing import edit_until_served, free_port, live_server, wait_until_up

REPO = Path(__file__).resolve().parents[1]
BASELINE = "05f8e82"  # main when generate-then-render started: the plugin generated pages
COLD_TARGET = 0.8
SERVE_TARGET_S = 1.5  # MkDocs serve --dirty
FASTER_TARGET_S = 1.0  # the faster of the two engines
ENGINES = ("mkdocs", "zensical")
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


_WRITTEN = re.compile(r"^build-content: .* in [0-9.]+ s \(([0-9.]+) s after the change\)",
                      re.MULTILINE)
_CHECKED = re.compile(r"^build-content: checks done in ([0-9.]+) s", re.MULTILINE)


def _post_url(post: Path, port: int) -> str:
    from scaledown.site.slugs import slugify

    title = next(line.split(":", 1)[1].strip().strip("\"'") for line in
                 post.read_text().splitlines() if line.startswith("title:"))
    return f"http://127.0.0.1:{port}/scaledown/blog/{slugify(title, '-')}/"


def _wait_for_lines(log: Path, pattern: re.Pattern[str], count: int, proc: subprocess.Popen,
                    timeout: float) -> list[float]:
    """The figures of the first ``count`` lines of ``log`` matching ``pattern``, once there."""
    start = time.perf_counter()
    while True:
        found = [float(m) for m in pattern.findall(log.read_text(errors="replace"))]
        if len(found) >= count:
            return found
        if time.perf_counter() - start > timeout or proc.poll() is not None:
            raise RuntimeError(f"serve never logged {pattern.pattern!r} {count} times; "
                               f"see {log}")
        time.sleep(0.05)


def serve_edit(projects: dict[str, Path], edits: int = 5,
               timeout: float = 600) -> dict[str, object]:
    """Serve each project with ``scaledown.site.serve --engine NAME``; save a post, time it.

    Args:
        projects: Engine name -> its own copy of the site (both are served at once).
        edits: How many edits per engine; they alternate between the engines.
        timeout: Seconds to wait for a server or a change before giving up.

    Returns:
        Per engine: the first build, every edit's seconds from saving the post to
        the page served with it, the part until build-content wrote the file, the
        medians; then which engine was faster and the targets.
    """
    figures: dict[str, dict] = {}
    with contextlib.ExitStack() as stack:
        servers = {}
        for engine, project in projects.items():  # one after the other: first builds are heavy
            port = free_port()
            post = sorted((project / "docs" / "blog" / "posts").glob("*.md"))[0]
            text = post.read_text()
            stack.callback(post.write_text, text)
            url = _post_url(post, port)
            log = project.parent / f"serve-{engine}.log"
            command = [sys.executable, "-m", "scaledown.site.serve", "--engine", engine,
                       "--dev-addr", f"127.0.0.1:{port}"]
            proc = stack.enter_context(live_server(command, project, _env(), output=log))
            first = wait_until_up(url, proc, timeout, name=f"serve --engine {engine}",
                                  ready=lambda page: "</html>" in (page or ""))
            checks_seen = len(_wait_for_lines(log, _CHECKED, 1, proc, timeout))
            servers[engine] = (proc, post, text, url, log, checks_seen)
            figures[engine] = {"first_build_s": first, "edit_to_served_s": [],
                               "until_written_s": [], "post": post.name, "url_path":
                               url.split(str(port), 1)[1]}
        order = list(projects)
        for index in range(edits):
            for engine in order if index % 2 == 0 else order[::-1]:
                proc, post, text, url, log, checks_seen = servers[engine]
                time.sleep(1)  # let both watchers settle
                try:
                    took = edit_until_served(post, text, url, proc, timeout, poll=0.02)
                    written = _wait_for_lines(log, _WRITTEN, index + 1, proc, timeout)[index]
                    # the next edit starts after this one's checks, as a writer's next save
                    _wait_for_lines(log, _CHECKED, checks_seen + index + 1, proc, timeout)
                except RuntimeError as exc:
                    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
                    raise RuntimeError(f"{engine}, edit {index + 1}: {exc} (exit status "
                                       f"{proc.poll()}); serve's log ends:\n{tail}") from exc
                figures[engine]["edit_to_served_s"].append(took)
                figures[engine]["until_written_s"].append(written)
    for engine, result in figures.items():
        result["median_s"] = statistics.median(result["edit_to_served_s"])
        result["until_written_median_s"] = statistics.median(result["until_written_s"])
        result["checks_s"] = _CHECKED.findall(
            (projects[engine].parent / f"serve-{engine}.log").read_text(errors="replace"))
    faster = min(figures, key=lambda name: figures[name]["median_s"])
    return {"engines": figures, "edits": edits, "faster": faster,
            "faster_target_s": FASTER_TARGET_S, "mkdocs_target_s": SERVE_TARGET_S,
            "faster_met": figures[faster]["median_s"] <= FASTER_TARGET_S,
            "mkdocs_met": ("mkdocs" in figures
                           and figures["mkdocs"]["median_s"] <= SERVE_TARGET_S)}


def serve_projects(folder: Path, engines: tuple[str, ...] = ENGINES) -> dict[str, Path]:
    """One copy of this checkout's site per engine, in ``folder``."""
    return {engine: copy_site(REPO, folder / f"serve-{engine}", REPO / "scaledown")
            for engine in engines}


def run(rounds: int = 1, baseline: str = BASELINE, serve: bool = True, edits: int = 5,
        builds: bool = True) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sd-bench-content-") as tmp:
        folder = Path(tmp)
        result: dict[str, object] = {"baseline": baseline}
        if builds:
            old_tree = baseline_checkout(baseline, folder / "baseline-src")
            old = copy_site(old_tree, folder / "old", old_tree / "scaledown")
            # the baseline's own docs/ and catalogue, with this checkout's caches (Try-it output)
            new = copy_site(REPO, folder / "new", REPO / "scaledown")
            result["cold"] = cold_builds(old, new, rounds)
            result["no_change"] = no_change(new, rounds)
            result["device_change"] = device_change(new)
        if serve:
            result["serve"] = serve_edit(serve_projects(folder), edits)
    return result


def report(result: dict[str, object]) -> None:
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    cold = result.get("cold")
    if isinstance(cold, dict):
        print(f"cold build, old way (plugin, {result['baseline']}): {cold['old_wall_s']:.2f} s "
              f"wall, {cold['old_cpu_s']:.2f} s CPU")
        print(f"cold build, new way (make build: build-content, then render): "
              f"{cold['new_wall_s']:.2f} s wall, {cold['new_cpu_s']:.2f} s CPU")
        print(f"  new / old: {cold['ratio']:.2f} wall, {cold['cpu_ratio']:.2f} CPU "
              f"(target <= {COLD_TARGET}: {verdict(cold['ratio'] <= COLD_TARGET)} wall, "
              f"{verdict(cold['cpu_ratio'] <= COLD_TARGET)} CPU); HTML pages "
              f"{cold['html_pages']}")
        print(f"cold build in one process (plain mkdocs build, the plugin runs build-content): "
              f"{cold['one_wall_s']:.2f} s wall, {cold['one_cpu_s']:.2f} s CPU; / old: "
              f"{cold['one_ratio']:.2f} wall, {cold['one_cpu_ratio']:.2f} CPU")
    same = result.get("no_change")
    if isinstance(same, dict):
        print(f"nothing changed, build-content in a fresh process: {same['wall_s']:.2f} s wall, "
              f"{same['cpu_s']:.2f} s CPU")
    change = result.get("device_change")
    if isinstance(change, dict):
        print(f"one device changed ({change['device']}): {len(change['units'])} unit(s) rerun, "
              f"{len(change['files'])} file(s) regenerated, {len(change['written'])} written, "
              f"in {change['seconds']:.2f} s (checks included)")
        for path in change["files"]:
            print(f"  {path}")
    serve = result.get("serve")
    if isinstance(serve, dict):
        print(f"edit one post while serving (scaledown.site.serve, build-content included; "
              f"{serve['edits']} edits per engine, interleaved):")
        for engine, figures in serve["engines"].items():
            times = ", ".join(f"{t:.2f}" for t in figures["edit_to_served_s"])
            print(f"  {engine}: {times} s; median {figures['median_s']:.2f} s, of which "
                  f"{figures['until_written_median_s']:.2f} s until build-content had written "
                  f"the post (first build {figures['first_build_s']:.1f} s)")
        faster = serve["faster"]
        print(f"  faster: {faster} (target <= {FASTER_TARGET_S} s: "
              f"{verdict(serve['faster_met'])}); mkdocs --dirty target <= {SERVE_TARGET_S} s: "
              f"{verdict(serve['mkdocs_met'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the edit-to-served figures (no cold builds, no device change)")
    parser.add_argument("--edits", type=int, default=5, help="post edits per engine")
    args = parser.parse_args(argv)
    result = run(args.rounds, args.baseline, serve=not args.no_serve, edits=args.edits,
                 builds=not args.serve_only)
    report(result)
    write_results("site_content", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
