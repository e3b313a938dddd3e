"""A writer's build: with only the ``site`` extra, the hand-written site and the blog build.

Installing a fresh venv with only the site extra downloads hundreds of MB, so
the test simulates it: a child process makes the tutorial and framework
packages unimportable, then runs ``mkdocs build --strict`` on a copy of the
project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scaledown.site.blog import load_posts, published

REPO = Path(__file__).resolve().parents[2]
BLOCKED = ("jupytext", "nbformat", "nbclient", "nbconvert", "tensorflow", "keras", "tf_keras",
           "tflite_micro", "onnxruntime", "onnx", "openvino", "ai_edge_litert")
SUMMARY = "preview build: tutorials pages are placeholders"

# Runs in the child: every import of a blocked package fails as if it were not installed.
BLOCKER = textwrap.dedent(f"""
    import runpy, sys

    BLOCKED = {set(BLOCKED)!r}

    class NotInstalled:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, NotInstalled())
    sys.argv = ["mkdocs", *sys.argv[1:]]
    runpy.run_module("mkdocs", run_name="__main__")
""")


def _copy_project(dest: Path) -> Path:
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("docs", "overrides", "scaledown", "tutorials", "paper_reviews",
                   "hardware_catalog", "study_groups"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def writers_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, int]:
    root = _copy_project(tmp_path_factory.mktemp("writer"))
    site = root / "site"
    env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", BLOCKER, "build", "--strict", "-d", str(site)],
                          cwd=root, env=env, capture_output=True, text=True)
    return root, site, done.stdout + done.stderr, done.returncode


def _built_page(site: Path, page: str) -> Path:
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


def test_build_passes_strict_without_the_framework(writers_build) -> None:
    _, _, output, code = writers_build
    assert code == 0, output
    assert "ModuleNotFoundError" not in output


def test_every_hand_written_page_and_post_is_built(writers_build) -> None:
    root, site, output, _ = writers_build
    docs = root / "docs"
    posts_dir = docs / "blog" / "posts"
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
             if posts_dir not in p.parents]
    assert "index.md" in pages and "contribute/index.md" in pages
    missing = [p for p in pages if not _built_page(site, p).is_file()]
    assert not missing, output
    posts = published(load_posts(root)[0])
    assert posts
    for post in posts:
        assert (site / "blog" / post.slug / "index.html").is_file(), post.slug


def test_tutorial_pages_are_placeholders_naming_the_extra(writers_build) -> None:
    _, site, _, _ = writers_build
    for page in ("learn/index.html", "learn/tutorials/first-model/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "Not part of this preview build" in html, page
        assert "jupytext" in html and "[tutorials]" in html, page


def test_the_build_says_once_which_extra_gives_the_full_site(writers_build) -> None:
    _, _, output, _ = writers_build
    assert output.count(SUMMARY) == 1, output
    line = next(line for line in output.splitlines() if SUMMARY in line)
    assert '".[all]"' in line


def test_api_reference_builds_from_the_light_core(writers_build) -> None:
    _, site, _, _ = writers_build
    html = (site / "framework/api/index.html").read_text(encoding="utf-8")
    assert "scaledown.errors" in html or "InputError" in html


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_preview_installs_only_the_site_extra_in_its_own_venv() -> None:
    plan = subprocess.run(["make", "-n", "-B", "preview"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line and "-e" in line]
    assert installs == [line for line in installs if "-c constraints.txt" in line]
    assert len(installs) == 1 and '".[site]"' in installs[0], plan
    assert ".venv-preview/bin/python -m mkdocs serve" in plan
    assert ".venv/" not in plan


def test_every_generator_need_names_a_generator_an_extra_and_its_pages() -> None:
    import tomllib

    from scaledown.site import pipeline

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    for name, (extra, modules, planned) in pipeline.GENERATOR_NEEDS.items():
        assert name in pipeline.GENERATORS, name
        assert extra in extras and modules, name
        pages = pipeline._resolve(planned)(REPO)
        generated = {f.path for f in pipeline._resolve(pipeline.GENERATORS[name])(REPO)
                     if f.is_page}
        assert pages and set(pages) == generated, name  # a stand-in for every real page
