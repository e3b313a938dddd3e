"""The runner and its import-aware cache, on tiny synthetic notebooks in a temp folder.

Each test runs real Jupyter kernels (about a second each), never the real
tutorials. The tests of this file share one project and build on each other
in order: cold run, cache hit, a touched module, a changed pin.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tutorials_testkit import make_project, write_tutorial

from scaledown.cli import main
from scaledown.tutorials import cache
from scaledown.tutorials.check import load_tutorials
from scaledown.tutorials.pages import generate
from scaledown.tutorials.runner import run


def _run(root: Path, **kwargs):
    tutorials, problems = load_tutorials(root, check_boards=False)
    assert not [p for p in problems if p.severity == "error"], problems
    env = {"PYTHONPATH": str(root / "pkgs")}
    return {r.slug: r for r in run(tutorials, root, cache_dir=root / "cache", jobs=2,
                                    timeout=20, env=env, packages=("fakesd",), **kwargs)}


@pytest.fixture(scope="module")
def proj(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("proj"))
    write_tutorial(root, "01-uses-alpha", """\
        # %% [markdown]
        # # Alpha
        # Prints a value and draws a plot.

        # %%
        from fakesd.alpha import value
        print("alpha says", value())

        # %%
        import matplotlib.pyplot as plt
        plt.plot([0, 1], [0, value()])
        plt.show()
        """)
    write_tutorial(root, "02-uses-beta", """\
        # %%
        from fakesd import beta
        print("beta says", beta.value())
        """)
    return root


def test_cold_run_executes_everything_and_records_imports(proj: Path) -> None:
    results = _run(proj)
    assert {s: r.status for s, r in results.items()} == {"uses-alpha": "passed",
                                                         "uses-beta": "passed"}
    record = cache.load_record(proj / "cache", "uses-alpha")
    imported = {Path(p).name for p in record["imports"]}
    assert {"alpha.py", "__init__.py"} <= imported and "beta.py" not in imported
    executed = json.loads(cache.executed_path(proj / "cache", "uses-alpha").read_text())
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert any("alpha says 1" in "".join(o.get("text", "")) for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)
    # the runner's own recording cell is not part of the saved notebook
    assert all("_sd_json" not in "".join(c["source"]) for c in executed["cells"])


def test_rerun_with_nothing_changed_is_a_cache_hit(proj: Path) -> None:
    start = time.perf_counter()
    results = _run(proj)
    assert {r.status for r in results.values()} == {"cached"}
    assert time.perf_counter() - start < 5  # no kernel was started (a kernel alone takes ~1 s)


def test_touching_a_module_reruns_only_its_importers(proj: Path) -> None:
    beta = proj / "pkgs" / "fakesd" / "beta.py"
    beta.write_text("def value():\n    return 3\n")
    results = _run(proj)
    assert results["uses-alpha"].status == "cached"
    assert results["uses-beta"].status == "passed"
    assert "beta.py" in results["uses-beta"].reason
    executed = cache.executed_path(proj / "cache", "uses-beta").read_text()
    assert "beta says 3" in executed


def test_changing_the_source_or_the_pins_reruns(proj: Path) -> None:
    source = proj / "tutorials" / "02-uses-beta.py"
    source.write_text(source.read_text() + "\n# %%\nprint('more')\n")
    results = _run(proj)
    assert (results["uses-alpha"].status, results["uses-beta"].status) == ("cached", "passed")
    assert results["uses-beta"].reason == "tutorial source changed"
    (proj / "constraints.txt").write_text("numpy==2.0\n")
    results = _run(proj, )
    assert {r.status for r in results.values()} == {"passed"}
    assert {r.reason for r in results.values()} == {
        "locked dependencies (constraints.txt) changed"}


def test_an_upgraded_dependency_reruns_its_importers(proj: Path) -> None:
    record = cache.load_record(proj / "cache", "uses-alpha")
    assert "matplotlib" in record["dists"]  # imported by the plotting cell
    assert "matplotlib" not in cache.load_record(proj / "cache", "uses-beta")["dists"]
    record["dists"]["matplotlib"] = "0.0.1"  # as if it had been another version then
    cache.save_record(proj / "cache", "uses-alpha", record)
    results = _run(proj)
    assert results["uses-alpha"].status == "passed"
    assert results["uses-alpha"].reason.startswith("installed matplotlib changed: 0.0.1 -> ")
    assert results["uses-beta"].status == "cached"


def test_pages_render_outputs_images_and_stamp(proj: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCALEDOWN_CACHE_DIR", str(proj / "cache"))
    files = {f.path: f.content for f in generate(proj)}
    page = files["learn/tutorials/uses-alpha.md"]
    assert "alpha says 1" in page
    assert "Last executed with scaledown" in page
    assert "[:material-download: Download the notebook](uses-alpha.ipynb)" in page
    assert "pip install" in page and "jupyter lab uses-alpha.ipynb" in page
    images = [p for p in files if p.startswith("learn/tutorials/uses-alpha_files/")]
    assert images and all(p.endswith(".png") for p in images)
    assert all(Path(p).name in page for p in images)
    notebook = json.loads(files["learn/tutorials/uses-alpha.ipynb"])
    assert notebook["metadata"]["scaledown"]["title"] == "01-uses-alpha"
    report = files["learn/report.md"]
    assert "| passed |" in report and "uses-beta" in report


def test_list_json_says_what_would_run(proj: Path, capsys) -> None:
    code = main(["tutorials", "list", "--json", "--root", str(proj), "--cache-dir",
                 str(proj / "cache")])
    rows = {row["slug"]: row for row in json.loads(capsys.readouterr().out)}
    assert code == 0
    assert rows["uses-alpha"]["needs_run"] is False  # the fake package is unchanged since
    (proj / "pkgs" / "fakesd" / "alpha.py").write_text("def value():\n    return 5\n")
    main(["tutorials", "list", "--json", "--root", str(proj), "--cache-dir", str(proj / "cache")])
    rows = {row["slug"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["uses-alpha"]["needs_run"] is True
    assert "alpha.py" in rows["uses-alpha"]["reason"]
    assert rows["uses-beta"]["needs_run"] is False


def test_raising_cell_is_reported_with_file_cell_source_and_traceback(project: Path,
                                                                      capsys) -> None:
    write_tutorial(project, "01-raises", """\
        # %%
        x = 1

        # %%
        numbers = [1, 2]
        numbers[5]
        """)
    code = main(["tutorials", "run", "--root", str(project), "--cache-dir",
                 str(project / "cache"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "tutorials/01-raises.py:18: cell 2 raised IndexError: list index out of range" in err
    assert "| numbers = [1, 2]" in err  # the cell's first lines
    assert "----> 2 numbers[5]" in err  # the traceback
    record = cache.load_record(project / "cache", "raises")
    assert record["status"] == "failed"
    assert not cache.executed_path(project / "cache", "raises").exists()


def test_a_cell_that_never_ends_is_stopped_by_the_timeout(project: Path, capsys) -> None:
    write_tutorial(project, "01-forever", """\
        # %%
        import time
        while True:
            time.sleep(0.1)
        """)
    start = time.perf_counter()
    code = main(["tutorials", "run", "--root", str(project), "--cache-dir",
                 str(project / "cache"), "--timeout", "3"])
    err = capsys.readouterr().err
    assert code == 1
    assert "tutorials/01-forever.py:15: cell 1 timed out" in err
    assert time.perf_counter() - start < 60


def test_bad_metadata_stops_the_run_naming_the_file(project: Path, capsys) -> None:
    path = write_tutorial(project, "01-bad", "# %%\nx = 1\n")
    path.write_text(path.read_text().replace("level: beginner", "level: expert"))
    code = main(["tutorials", "run", "--root", str(project), "--cache-dir",
                 str(project / "cache")])
    err = capsys.readouterr().err
    assert code == 1
    assert "tutorials/01-bad.py:7: error: level 'expert' is not one of" in err
    assert not (project / "cache").exists()  # nothing ran, nothing written


def test_unknown_tutorial_name_suggests_a_close_one(project: Path, capsys) -> None:
    write_tutorial(project, "01-first-model", "# %%\nx = 1\n")
    code = main(["tutorials", "run", "--root", str(project), "first-modle"])
    assert code == 1
    assert "did you mean 'first-model'?" in capsys.readouterr().err


def test_run_json_reports_each_tutorial_for_scripts(project: Path, capsys) -> None:
    write_tutorial(project, "01-plain", "# %%\nprint('hello')\n")
    args = ["tutorials", "run", "--json", "--root", str(project), "--cache-dir",
            str(project / "cache")]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert [(r["slug"], r["status"], r["reason"]) for r in first] == [
        ("plain", "passed", "never ran")]
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert [(r["slug"], r["status"]) for r in second] == [("plain", "cached")]


def test_a_project_in_a_deep_folder_still_runs(tmp_path: Path) -> None:
    # Unix socket paths hold at most 107 bytes: the kernel's sockets must not live
    # under the project, or a learner's deeply nested checkout could not run at all.
    deep = tmp_path / ("a-long-folder-name-" * 4) / ("another-long-folder-" * 3)
    deep.mkdir(parents=True)
    root = make_project(deep)
    write_tutorial(root, "01-hello", """\
        # %%
        print("hello")
        """)
    tutorials, _ = load_tutorials(root, check_boards=False)
    cache_dir = root / ".scaledown-cache" / "tutorials"
    assert len(str(cache_dir / "01-hello" / "work" / "kernel-1")) > 107
    (result,) = run(tutorials, root, cache_dir=cache_dir, jobs=1, timeout=20)
    assert result.status == "passed", result.failure
