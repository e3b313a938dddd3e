"""The real site on both engines: the same pages, titles, meta descriptions and article text.

MkDocs with Material (the primary engine: ``mkdocs build --strict``, the
``scaledown`` plugin generating pages) and Zensical (``zensical build
--strict`` of the generated docs tree, :mod:`scaledown.site.zensical_build`)
must publish the same set of pages. A page only one engine has fails the test;
what Zensical lacks is skipped below by name, each with its reason, and listed
on the contributor page ``docs/contribute/engines.md``. The browser tests run
against the MkDocs build only (tests/e2e/).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines_testkit import external_loads, html_pages, page_differences

from scaledown.site import zensical_build
from scaledown.site.content_build import build_content

REPO = Path(__file__).resolve().parents[2]

# Pages whose title or article text is not compared, and why.
SKIP_TITLES: dict[str, str] = {}  # none today
SKIP_TEXT: dict[str, str] = {}  # none today
SKIP_DESCRIPTIONS: dict[str, str] = {}  # none today: build-content writes them, the theme escapes
# Files other than pages that only one engine writes, and why.
ONE_ENGINE_FILES = {
    "search/search_index.json": "MkDocs' search index; Zensical has its own (search.json)",
    "search.json": "Zensical's search index; MkDocs has its own (search/search_index.json)",
    "tags.json": "Material's tags plugin exports tags as JSON; Zensical's tags do not export",
    "sitemap.xml.gz": "MkDocs also writes a gzipped sitemap; Zensical only sitemap.xml",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """One generated docs tree (build-content), rendered by MkDocs --strict and by Zensical."""
    # Zensical keeps its input and output inside the project folder; a folder of our own
    # keeps this test apart from build/docs/. A fixed name, as Zensical's cache (.cache/)
    # keeps one entry per config path.
    work = REPO / "build" / "engines-test"
    config = REPO / f".{work.name}.mkdocs.yml"  # mkdocs.yml with docs_dir pointing at the tree
    kept = tmp_path_factory.mktemp("engines")
    try:
        tree = build_content(REPO, work / "docs").out
        config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {tree.relative_to(REPO)}\n",
                          encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCALEDOWN_BUILD_CONTENT": "false"}
        env.pop("SCALEDOWN_OFFLINE", None)
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
             "--site-dir", str(kept / "mkdocs")],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            pytest.fail(f"MkDocs strict build failed:\n{result.stdout}\n{result.stderr}")
        zensical_site = zensical_build.build(REPO, tree, work / "zensical")
        shutil.copytree(zensical_site, kept / "zensical")
        shutil.copytree(tree, kept / "tree")
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    yield {"mkdocs": kept / "mkdocs", "zensical": kept / "zensical", "tree": kept / "tree"}


def test_same_pages_titles_descriptions_and_article_text(sites: dict[str, Path]) -> None:
    # The redirect pages of docs/.redirects.yml are files of the generated tree, which
    # both engines copy: no page is MkDocs' alone (tests/site/test_redirects.py follows them).
    problems = page_differences(sites["mkdocs"], sites["zensical"], skip_titles=SKIP_TITLES,
                                skip_text=SKIP_TEXT, skip_descriptions=SKIP_DESCRIPTIONS)
    assert problems == [], "\n".join(problems)
    assert len(html_pages(sites["zensical"])) > 50  # the whole site, not an empty build


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and p.suffix != ".html"}


def test_same_data_files_and_docs_assets(sites: dict[str, Path]) -> None:
    # Theme assets differ by engine (their own bundles); files from the docs tree
    # and the generators (feeds, GeoJSON, the study-group calendar) must not.
    def ours(site: Path) -> set[str]:
        return {rel for rel in _files(site) - ONE_ENGINE_FILES.keys()
                if not rel.startswith(("assets/", "search/")) or (sites["tree"] / rel).exists()}

    assert ours(sites["mkdocs"]) ^ ours(sites["zensical"]) == set()


def test_zensical_pages_load_nothing_from_other_hosts(sites: dict[str, Path]) -> None:
    assert external_loads(sites["zensical"]) == {}
    # our header partial (overrides/partials/source.html) keeps the GitHub API call out
    asking = [rel for rel, page in html_pages(sites["zensical"]).items()
              if 'data-md-component="source"' in page.read_text(encoding="utf-8")]
    assert asking == []
    # Zensical's script fetches Mermaid, GLightbox or Pyodide from unpkg.com for pages
    # that use them; ours use none.
    lazy = [rel for rel, page in html_pages(sites["zensical"]).items()
            if re.search(r'class="mermaid"|glightbox|pyodide', page.read_text(encoding="utf-8"))]
    assert lazy == []


def test_the_comparison_fails_on_a_page_missing_from_one_engine(tmp_path: Path) -> None:
    one, two = tmp_path / "mkdocs", tmp_path / "zensical"
    for site in (one, two):
        (site / "a").mkdir(parents=True)
        (site / "a" / "index.html").write_text("<title>A</title><article><h1>A</h1>x</article>")
    (one / "b.html").write_text("<title>B</title><article>b</article>")
    (two / "a" / "index.html").write_text('<title>A</title><meta name="description" '
                                          'content="R&amp;D"><article><h1>A</h1>y</article>')
    assert page_differences(one, two, skip_titles={}, skip_text={}) == [
        "only in mkdocs: b.html",
        "a/index.html: meta description [] != ['R&D']",
        "a/index.html: article text differs at character 2: 'A x' != 'A y'",
    ]
    assert page_differences(one, two, skip_titles={}, skip_text={"a/index.html": "why"},
                            only_in_first={"b.html": "why"},
                            skip_descriptions={"a/index.html": "why"}) == []
    assert external_loads(one) == {}
    (two / "c.html").write_text('<script src="https://cdn.example/x.js"></script>')
    assert external_loads(two) == {"https://cdn.example/x.js": "c.html"}
