"""The theme's markup is accessible as both engines render it, with no repair afterwards.

A small blog is built with MkDocs (strict, the real ``mkdocs.yml`` and
``overrides/``) and with Zensical from the same ``build/docs/``. On both:

- task-list checkboxes are named after their item (``scaledown.site.task_labels``),
  in a post and in its excerpt on the blog's lists;
- the search dialog has a name (``overrides/partials/search.html``);
- a pinned post's marker is an item of its metadata list (``overrides/partials/post.html``);
- ``scroll-regions.js`` loads only on pages with a table, also a list whose excerpt
  has one, and mkdocstrings' stylesheet only on a page that shows documented objects
  (``overrides/main.html``; Zensical styles those itself and writes no such file).

Each check fails when its template or the extension is taken out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_testkit import (
    BLOG_CHECKS,
    REPO,
    build,
    build_on_both_engines,
    make_project,
    post_text,
    write_post,
)

from scaledown.site import pipeline

TASKS = "- [x] Wrote the *tests*\n- [ ] Asked `<someone>` to review\n"
TABLE = "| board | RAM |\n| --- | --- |\n| Pico | 264 KB |\n"
ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = make_project(tmp_path_factory.mktemp("theme"))
    write_post(root, "2024-05-03-pinned-checklist.md", post_text(
        "Pinned checklist", "2024-05-03", extra="pin: true\n",
        body=f"# Pinned checklist\n\n{TASKS}\n{TABLE}\n<!-- more -->\n\nThe rest.\n"))
    scripts = root / "docs" / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    shutil.copy(REPO / "docs" / "assets" / "javascripts" / "scroll-regions.js", scripts)
    (root / "docs" / "boards.md").write_text(f"# Boards\n\n{TABLE}", encoding="utf-8")
    (root / "docs" / "api.md").write_text("# API\n\n::: scaledown.site.escape.html_text\n",
                                          encoding="utf-8")
    return build_on_both_engines(root, checkers=BLOG_CHECKS)


def _page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def _checkbox_names(html: str) -> list[str | None]:
    names = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        if 'type="checkbox"' in tag and "md-toggle" not in tag:  # not the theme's own toggles
            found = re.search(r'aria-label="([^"]*)"', tag)
            names.append(found.group(1) if found else None)
    return names


@pytest.mark.parametrize("engine", ENGINES)
def test_task_checkboxes_are_named_in_the_post_and_its_excerpt(sites: dict[str, Path],
                                                               engine: str) -> None:
    expected = ["Wrote the tests", "Asked &lt;someone&gt; to review"]
    assert _checkbox_names(_page(sites[engine], "blog/pinned-checklist/index.html")) == expected
    assert _checkbox_names(_page(sites[engine], "blog/index.html")) == expected  # the excerpt


@pytest.mark.parametrize("engine", ENGINES)
def test_the_search_dialog_has_a_name_on_every_page(sites: dict[str, Path], engine: str) -> None:
    pages = sorted(sites[engine].rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        dialogs = re.findall(r'<div class="md-search"[^>]*role="dialog"[^>]*>',
                             page.read_text(encoding="utf-8"))
        assert len(dialogs) == 1, page
        assert re.search(r'aria-label="[^"]+"', dialogs[0]), (page, dialogs[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_the_pin_is_an_item_of_the_metadata_list(sites: dict[str, Path], engine: str) -> None:
    index = _page(sites[engine], "blog/index.html")
    assert '<span class="md-pin">' not in index
    [meta] = [m for m in re.findall(r'<ul class="md-meta__list">(.*?)</ul>', index, re.S)
              if "md-pin" in m]
    assert re.search(r'<li class="md-pin"><span class="sd-visually-hidden">Pinned</span></li>',
                     meta)
    assert re.sub(r"<li\b.*?</li>", "", meta, flags=re.S).strip() == ""  # nothing but items


@pytest.mark.parametrize("engine", ENGINES)
def test_scroll_regions_script_only_where_a_table_is(sites: dict[str, Path], engine: str) -> None:
    site = sites[engine]
    with_script = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if "scroll-regions.js" in p.read_text(encoding="utf-8")}
    with_table = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "<table" in p.read_text(encoding="utf-8")}
    assert {"boards/index.html", "blog/index.html",
            "blog/pinned-checklist/index.html"} <= with_table
    assert with_script == with_table
    assert (site / "assets/javascripts/scroll-regions.js").is_file()


@pytest.mark.parametrize("engine", ENGINES)
def test_mkdocstrings_styles_only_on_the_page_with_documented_objects(
        sites: dict[str, Path], engine: str) -> None:
    site = sites[engine]
    linking = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if "_mkdocstrings.css" in p.read_text(encoding="utf-8")}
    assert 'class="doc doc-' in _page(site, "api/index.html")
    if engine == "mkdocs":
        assert linking == {"api/index.html"}
        assert (site / "assets/_mkdocstrings.css").is_file()
    else:  # Zensical's own stylesheet covers mkdocstrings' objects
        assert linking == set() and not (site / "assets/_mkdocstrings.css").exists()


def test_without_the_overrides_the_theme_markup_is_not_accessible(
        sites: dict[str, Path], tmp_path: Path) -> None:
    # What the checks above catch: the theme's own partials, rendered without ours.
    root = sites["mkdocs"].parent
    partials, aside = root / "overrides" / "partials", tmp_path / "aside"
    aside.mkdir()
    ours = ("post.html", "search.html")
    for name in ours:
        shutil.move(partials / name, aside / name)
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "CHECKERS", {})
    patch.setattr(pipeline, "GENERATORS", {})
    try:
        build(root, tmp_path / "plain")
    finally:
        patch.undo()
        for name in ours:
            shutil.move(aside / name, partials / name)
    index = _page(tmp_path / "plain", "blog/index.html")
    assert '<span class="md-pin"></span>' in index
    assert not re.search(r'role="dialog"[^>]*aria-label', index)
