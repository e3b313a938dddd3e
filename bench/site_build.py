"""Benchmark: the project's site configuration against plain mkdocs-material.

Generates a synthetic blog of 300 posts into a temp project, then builds the
same Markdown twice per round, each time in a fresh process (as a user runs
``mkdocs build``):

* **full**: the project's ``mkdocs.yml`` (scaledown plugin with every
  registered content check, blog with all options, tags, RSS and JSON feeds,
  mkdocstrings, the Markdown extensions, theme overrides);
* **plain**: mkdocs-material with only the blog, search and tags plugins.

The full build runs every registered content check but adds no generated
sections (plugin option ``generate: false``), so both builds render the same
Markdown files; the HTML page counts are reported to show it. Every timed build
is cold: the generated docs tree and the compiled templates an earlier build
left in the project are removed first (the plain build leaves neither).

It then starts ``mkdocs serve`` with the full configuration, changes one post,
and measures the time until the served page shows the change (a full rebuild
by the live-reload server, observed over HTTP).

Target: full / plain <= 1.3. Prints a table and writes
``bench/results/site_build.json``.

With ``--breakdown`` it also builds the full configuration once per round with
one part switched off at a time (our plugin, which also tunes Python's cycle
collector for a one-off build and lets the blog convert only each post's excerpt
for its lists, once per post where the HTML allows; those excerpt shortcuts
alone; the RSS plugin, mkdocstrings,
author profile pages, the Markdown extensions, the theme options) and reports
how much wall and CPU time each part costs (full minus full-without-it; the
parts interact, so the figures need not add up to full - plain). This is
measurement detail only: the full/plain comparison above is unchanged.

Then, unless ``--no-content``, the generate-then-render figures on the real site
(:mod:`bench.site_content`): the cold build against the old plugin build of the
baseline commit (target <= 0.8), one catalogue device changed (what regenerates,
how long), and one post edited while ``make serve`` serves (target <= 1.5 s).

Run: ``python -m bench.site_build [--posts 300] [--rounds 2] [--breakdown] [--no-content]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench.results_json import write_results
from bench.serve_timing import edit_until_served, free_port, live_server, wait_until_up

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.3
CATEGORIES = ["Announcements", "Community", "Hardware", "Tutorials", "Research", "Deployment"]
TAGS = ["esp32", "cortex-m4", "quantization", "pruning", "keyword-spotting", "tflite-micro",
        "onnx", "openvino", "sensors", "study-group", "rp2040", "distillation"]
WORDS = ("model board flash memory sensor quantize prune accuracy latency kernel tensor arena "
         "interpreter microcontroller dataset calibration int8 float operator layer firmware "
         "power battery inference training export deploy benchmark").split()

PLAIN_CONFIG = """\
site_name: Plain
site_url: https://example.invalid/
theme:
  name: material
  font: false
plugins:
  - search
  - blog:
      post_url_format: "{slug}"
  - tags
"""


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def make_post(index: int, rng: random.Random, total: int) -> tuple[str, str]:
    """One synthetic post: (file name, text) with headings, lists, code and links."""
    day = 1 + index % 28
    month = 1 + (index // 28) % 12
    year = 2020 + index // (28 * 12)
    date = f"{year}-{month:02d}-{day:02d}"
    slug = f"synthetic-post-{index:04d}"
    title = f"Synthetic post {index:04d}"
    other = (index * 7 + 3) % total
    other_date = (f"{2020 + other // 336}-{1 + (other // 28) % 12:02d}-{1 + other % 28:02d}")
    paragraphs = "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(5))
    tags = rng.sample(TAGS, 3)
    body = f"""# {title}

{_sentence(rng)} {_sentence(rng)}

<!-- more -->

## Background

{paragraphs}

- {_sentence(rng)}
- {_sentence(rng)}
- {_sentence(rng)}

```python
import numpy as np
weights = np.random.default_rng({index}).normal(size=(16, 16))
scale = float(np.abs(weights).max()) / 127
print(np.round(weights / scale).astype(np.int8)[:2])
```

See also [post {other:04d}]({other_date}-synthetic-post-{other:04d}.md).

| Board | Flash | RAM |
| --- | --- | --- |
| A | {rng.randint(256, 2048)} KB | {rng.randint(64, 512)} KB |
"""
    front = (f"---\ntitle: {title}\ndate: {date}\nauthors: [bench]\n"
             f"categories: [{rng.choice(CATEGORIES)}]\ntags: [{', '.join(tags)}]\n---\n")
    return f"{date}-{slug}.md", front + body


def make_docs(docs: Path, posts: int, seed: int = 0) -> list[str]:
    """Write the shared Markdown tree; returns the post file names."""
    rng = random.Random(seed)
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "assets").mkdir()
    (docs / "assets" / "bench.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
        '<rect width="2" height="2"/></svg>')
    (docs / "index.md").write_text("# Home\n\n<!-- scaledown:highlights -->\n")
    (docs / "blog" / "index.md").write_text("# Blog\n")
    (docs / "blog" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    (docs / "blog" / ".authors.yml").write_text(
        "authors:\n  bench:\n    name: Bench\n    description: Synthetic author\n"
        "    avatar: assets/bench.svg\n")
    names = []
    for index in range(posts):
        name, text = make_post(index, rng, posts)
        (docs / "blog" / "posts" / name).write_text(text)
        names.append(name)
    return names


def make_projects(folder: Path, posts: int) -> tuple[Path, Path, list[str]]:
    """Two projects over identical docs: (full, plain, post names)."""
    full, plain = folder / "full", folder / "plain"
    full.mkdir()
    names = make_docs(full / "docs", posts)
    shutil.copytree(full / "docs", plain / "docs")
    config = (REPO / "mkdocs.yml").read_text().split("\nnav:", 1)[0]  # nav names real pages
    # Same Markdown in both builds: no generated sections (hardware, learn, reviews, API);
    # every content check still runs.
    config = config.replace("\n  - scaledown ", "\n  - scaledown:\n      generate: false\n  #", 1)
    assert "generate: false" in config, "the scaledown plugin line in mkdocs.yml changed"
    (full / "mkdocs.yml").write_text(config + "\n")
    shutil.copytree(REPO / "overrides", full / "overrides")
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG)
    return full, plain, names


def _drop_block(config: str, first_line: str) -> str:
    """``config`` without the line starting with ``first_line`` and the lines nested under it."""
    lines = config.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    indent = len(first_line) - len(first_line.lstrip(" -")) if first_line.startswith(" ") else 0
    end = start + 1
    while end < len(lines):
        line = lines[end]
        depth = len(line) - len(line.lstrip())
        if line.strip() and (depth < indent or (depth == indent and line.lstrip().startswith("- "))
                             or (indent == 0 and depth == 0)):
            break
        end += 1
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def breakdown_variants(config: str) -> dict[str, str]:
    """The full configuration with one part switched off at a time (name -> mkdocs.yml text)."""
    theme_start, theme_end = config.index("\ntheme:\n"), config.index("\nextra_css:")
    minimal_theme = "\ntheme:\n  name: material\n  custom_dir: overrides\n  font: false\n"
    return {
        "scaledown plugin (checks, home highlights, short excerpts, GC freeze)":
            _drop_block(config, "  - scaledown:"),
        "the plugin's short excerpts only": config.replace(
            "generate: false", "generate: false\n      short_excerpts: false", 1),
        "rss plugin (RSS + JSON feeds)": _drop_block(config, "  - rss:"),
        "mkdocstrings plugin (+ autorefs)": _drop_block(config, "  - mkdocstrings:"),
        "blog author profile pages": config.replace("authors_profiles: true",
                                                    "authors_profiles: false"),
        "Markdown extensions (highlight, admonition, emoji, ...)":
            _drop_block(config, "markdown_extensions:"),
        "theme options (palette, features, icons, social)":
            config[:theme_start] + minimal_theme + config[theme_end:],
    }


def run_breakdown(full: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Wall and CPU cost of each part of the full configuration (see the module docstring)."""
    config = (full / "mkdocs.yml").read_text()
    variants = breakdown_variants(config)
    times: dict[str, list[tuple[float, float]]] = {"(full)": [], **{name: [] for name in variants}}
    try:
        for _ in range(rounds):
            for name in times:
                (full / "mkdocs.yml").write_text(variants.get(name, config))
                times[name].append(timed_build(full))
    finally:
        (full / "mkdocs.yml").write_text(config)
    base_wall = statistics.median(w for w, _ in times["(full)"])
    base_cpu = statistics.median(c for _, c in times["(full)"])
    return {name: {"wall_s": statistics.median(w for w, _ in runs),
                   "cpu_s": statistics.median(c for _, c in runs),
                   "cost_wall_s": base_wall - statistics.median(w for w, _ in runs),
                   "cost_cpu_s": base_cpu - statistics.median(c for _, c in runs)}
            for name, runs in times.items()}


def _env() -> dict[str, str]:
    # the builds run in temp projects: import the scaledown plugin of this checkout
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore",
            "PYTHONPATH": path}


# What a build leaves in its project for the next one: the generated docs tree with its
# manifest (build-content writes only what changed) and the compiled theme templates.
# The plain build keeps nothing between builds, so each timed build starts without them.
LEFT_BETWEEN_BUILDS = ("build", ".scaledown-cache")


def timed_build(project: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for ``mkdocs build --strict`` in a fresh process.

    Every build is cold: what an earlier build left in the project
    (:data:`LEFT_BETWEEN_BUILDS`) is removed first, so neither configuration
    is timed with a cache. CPU time (user + system of the child) is reported
    beside wall time because it is far less disturbed by other work on a
    shared machine.
    """
    for name in LEFT_BETWEEN_BUILDS:
        shutil.rmtree(project / name, ignore_errors=True)
    out = project / "site"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-d", str(out)], cwd=project, env=_env(), capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"build of {project.name} failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _read_yaml_key(path: Path, key: str) -> str | None:
    for line in path.read_text().splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    return None


def serve_rebuild(project: Path, post: str, timeout: float = 600,
                  extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Start ``mkdocs serve``, change one post, time until the served page shows it."""
    port = free_port()
    slug = post[11:-3]
    # mkdocs serve mounts the site under the path of site_url (here /scaledown/)
    site_url = str(_read_yaml_key(project / "mkdocs.yml", "site_url") or "/")
    mount = "/" + urllib.parse.urlsplit(site_url).path.strip("/")
    url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/blog/{slug}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *extra]
    with live_server(command, project, _env()) as proc:
        first = wait_until_up(url, proc, timeout, name="mkdocs serve")
        time.sleep(2)  # let the file watcher settle after the first build
        path = project / "docs" / "blog" / "posts" / post
        rebuild = edit_until_served(path, path.read_text(), url, proc, timeout, poll=0.1)
    return {"first_build_s": first, "rebuild_after_change_s": rebuild}


def run(posts: int = 300, rounds: int = 2, serve: bool = True,
        breakdown: bool = False) -> dict[str, object]:
    """Run the benchmark and return its figures."""
    with tempfile.TemporaryDirectory(prefix="sd-bench-site-") as tmp:
        full, plain, names = make_projects(Path(tmp), posts)
        times: dict[str, list[float]] = {"full": [], "plain": [], "full_cpu": [], "plain_cpu": []}
        for _ in range(rounds):  # interleave, so machine load hits both alike
            for name, project in (("plain", plain), ("full", full)):
                wall, cpu = timed_build(project)
                times[name].append(wall)
                times[f"{name}_cpu"].append(cpu)
        pages = sum(1 for _ in (full / "site").rglob("*.html"))
        plain_pages = sum(1 for _ in (plain / "site").rglob("*.html"))
        result: dict[str, object] = {
            "posts": posts, "rounds": rounds,
            "full_s": times["full"], "plain_s": times["plain"],
            "full_median_s": statistics.median(times["full"]),
            "plain_median_s": statistics.median(times["plain"]),
            "html_pages_full": pages, "html_pages_plain": plain_pages,
        }
        result["full_cpu_s"] = times["full_cpu"]
        result["plain_cpu_s"] = times["plain_cpu"]
        full_cpu = statistics.median(times["full_cpu"])
        plain_cpu = statistics.median(times["plain_cpu"])
        result["full_cpu_median_s"], result["plain_cpu_median_s"] = full_cpu, plain_cpu
        result["ratio"] = result["full_median_s"] / result["plain_median_s"]  # type: ignore[operator]
        result["cpu_ratio"] = full_cpu / plain_cpu
        result["target_ratio"] = TARGET_RATIO
        result["meets_target"] = result["ratio"] <= TARGET_RATIO  # type: ignore[operator]
        result["meets_target_cpu"] = result["cpu_ratio"] <= TARGET_RATIO
        if breakdown:
            result["breakdown"] = run_breakdown(full, rounds)
        if serve:
            result["serve"] = serve_rebuild(full, names[len(names) // 2])
            result["serve_dirty"] = serve_rebuild(full, names[len(names) // 3], extra=("--dirty",))
            result["serve_method"] = ("mkdocs serve with its file watcher (full rebuild on "
                                      "change, not --dirty); time from writing the file until "
                                      "the page served over HTTP contains the change")
    return result


def report(result: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Site build, {result['posts']} synthetic posts "
                        f"(median of {result['rounds']} fresh-process builds)")
    table.add_column("configuration")
    table.add_column("wall (s)", justify="right")
    table.add_column("CPU (s)", justify="right")
    table.add_column("HTML pages", justify="right")
    table.add_row("plain mkdocs-material (blog, search, tags)", f"{result['plain_median_s']:.2f}",
                  f"{result['plain_cpu_median_s']:.2f}", str(result["html_pages_plain"]))
    table.add_row("ScaleDown full configuration", f"{result['full_median_s']:.2f}",
                  f"{result['full_cpu_median_s']:.2f}", str(result["html_pages_full"]))
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    table.add_row(f"ratio full / plain (target <= {TARGET_RATIO})",
                  f"{result['ratio']:.2f} {verdict(result['meets_target'])}",
                  f"{result['cpu_ratio']:.2f} {verdict(result['meets_target_cpu'])}", "")
    serve = result.get("serve")
    if isinstance(serve, dict):
        table.add_row("serve: first build", f"{serve['first_build_s']:.2f}", "", "")
        table.add_row("serve: rebuild after one post changed",
                      f"{serve['rebuild_after_change_s']:.2f}", "", "")
    dirty = result.get("serve_dirty")
    if isinstance(dirty, dict):
        table.add_row("serve --dirty: rebuild after one post changed",
                      f"{dirty['rebuild_after_change_s']:.2f}", "", "")
    Console().print(table)
    parts = result.get("breakdown")
    if isinstance(parts, dict):
        costs = Table(title="What each part of the full configuration costs "
                            "(full minus full without it; medians)")
        costs.add_column("switched off")
        costs.add_column("build wall (s)", justify="right")
        costs.add_column("build CPU (s)", justify="right")
        costs.add_column("cost wall (s)", justify="right")
        costs.add_column("cost CPU (s)", justify="right")
        for name, row in parts.items():
            costs.add_row(name, f"{row['wall_s']:.2f}", f"{row['cpu_s']:.2f}",
                          f"{row['cost_wall_s']:+.2f}", f"{row['cost_cpu_s']:+.2f}")
        Console().print(costs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve/rebuild figure")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time the full build with each part switched off in turn")
    parser.add_argument("--no-content", action="store_true",
                        help="skip the generate-then-render figures (bench/site_content.py)")
    args = parser.parse_args(argv)
    result = run(args.posts, args.rounds, serve=not args.no_serve, breakdown=args.breakdown)
    report(result)
    if not args.no_content:
        from bench import site_content

        content = site_content.run(rounds=args.rounds, serve=not args.no_serve)
        site_content.report(content)
        result["content"] = content
    write_results("site_build", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
