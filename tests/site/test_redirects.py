"""The redirect map becomes static pages in the generated tree, published by both engines.

``scaledown build-content`` writes a page for every entry of
``docs/.redirects.yml`` (folder-style ``old/`` as ``old/index.html``, file-style
as named) that sends the reader on to the target's published URL; MkDocs and
Zensical copy them as they are. A bad entry stops the build with the map's
file and line before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from site_testkit import build, build_on_both_engines, make_project, post_text, write_post

from scaledown.errors import ContentError
from scaledown.site import pipeline
from scaledown.site.content_build import MANIFEST, build_content
from scaledown.site.redirects import REDIRECTS_FILE, check_redirects, redirect_file

CHECKS = {"blog": "scaledown.site.blog_checks:check_blog",
          "links": "scaledown.site.links:check_links",
          "redirects": "scaledown.site.redirects:check_redirects"}
ONLY_REDIRECTS = {"redirects": "scaledown.site.redirects:generate"}
# old path -> (target under docs/, the URL path it must reach, the target page's title)
MAP = {
    "welcome/": ("blog/posts/2024-05-01-first-post.md", "blog/first-post/", "First post"),
    "2019/05/04/second.html": ("blog/posts/2024-05-02-second-post.md", "blog/second-post/",
                               "Second post"),
    "old-setup": ("guide/setup.md", "guide/setup/", "Setup"),
    "about-us.html": ("guide/über uns.md", "guide/über uns/", "Über uns"),  # quoted in the link
    "start.html": ("index.md", "", "ScaleDown"),  # the home page is titled after the site
    "2019/06/01/renamed.html": ("blog/posts/2024-05-03-renamed.md", "blog/my-own-slug/",
                                "Quantização em 8 bits — ESP32"),
}


def map_text(entries: dict[str, str]) -> str:
    return "redirects:\n" + "".join(f"  {old}: {new}\n" for old, new in entries.items())


def project_with_map(root: Path, entries: dict[str, str] | None = None) -> Path:
    root = make_project(root)
    (root / "docs" / "guide").mkdir()
    (root / "docs" / "guide" / "setup.md").write_text("# Setup\n\nSteps.\n")
    (root / "docs" / "guide" / "über uns.md").write_text("# Über uns\n\nWho we are.\n")
    (root / "docs" / "index.md").write_text(
        "# Home\n\nSee [the blog](blog/index.md) and [setup](guide/setup.md).\n")
    write_post(root, "2024-05-03-renamed.md",
               post_text("Quantização em 8 bits — ESP32", "2024-05-03",
                         extra="slug: my-own-slug\n"))
    entries = entries if entries is not None else {old: new for old, (new, _, _) in MAP.items()}
    (root / REDIRECTS_FILE).write_text(map_text(entries))
    return root


@pytest.fixture()
def only_redirects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHECKERS", CHECKS)
    monkeypatch.setattr(pipeline, "GENERATORS", ONLY_REDIRECTS)


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project built by MkDocs --strict (its plugin runs build-content), then by Zensical."""
    root = project_with_map(tmp_path_factory.mktemp("redirects") / "project")
    sites = build_on_both_engines(root, checkers=CHECKS, generators=ONLY_REDIRECTS)
    return {"tree": root / "build" / "docs", **sites}


def refresh_target(page: Path) -> str:
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"',
                      page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1)


def title_of(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("old", list(MAP))
def test_each_redirect_reaches_its_page_on_both_engines(both_engines: dict[str, Path],
                                                        engine: str, old: str) -> None:
    site = both_engines[engine]
    _, url, title = MAP[old]
    page = site / redirect_file(old)
    assert page.is_file(), f"{engine} did not publish {redirect_file(old)}"
    # the engine copied the generated page as it is: no theme, no repairs
    assert page.read_bytes() == (both_engines["tree"] / redirect_file(old)).read_bytes()
    reached = unquote(urljoin(f"/{redirect_file(old)}", refresh_target(page)).lstrip("/"))
    assert reached == url
    target = site / reached / "index.html"
    assert target.is_file(), f"{engine}: {old} -> {reached}, which is no page"
    assert title_of(target).startswith(title)


def test_redirect_pages_are_generated_files_not_engine_output(both_engines: dict[str, Path]
                                                              ) -> None:
    tree = both_engines["tree"]
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.html")) == sorted(
        redirect_file(old) for old in MAP)
    indexes = {"mkdocs": "search/search_index.json", "zensical": "search.json"}
    for engine, index in indexes.items():
        site = both_engines[engine]
        assert not (site / ".redirects.yml").exists()  # the map itself stays unpublished
        # a redirect is no page of the site: not searched, not in the sitemap
        assert "This page has moved" not in (site / index).read_text(encoding="utf-8")
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
        assert not any(f"/{redirect_file(old)}" in sitemap or f"/{old}<" in sitemap
                       for old in MAP)


def test_a_bad_entry_stops_the_build_with_its_line_and_nothing_is_written(
        tmp_path: Path, only_redirects: None) -> None:
    root = project_with_map(tmp_path / "p", {"welcome/": "blog/posts/2024-05-01-first-post.md",
                                             "gone.html": "blog/posts/nope.md"})
    out = root / "build" / "docs"
    with pytest.raises(ContentError) as err:
        build_content(root, out)
    assert f"{REDIRECTS_FILE}:3: error: redirect target blog/posts/nope.md does not exist" \
        in str(err.value)
    assert not out.exists()
    # after a good build, a bad edit leaves the tree as it was
    first = "blog/posts/2024-05-01-first-post.md"
    (root / REDIRECTS_FILE).write_text(map_text({"welcome/": first}))
    build_content(root, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    clash = {"welcome/": first, "blog/first-post/": "index.md"}  # the post's own address
    (root / REDIRECTS_FILE).write_text(map_text(clash))
    with pytest.raises(ContentError) as err:
        build_content(root, out)
    assert f"{REDIRECTS_FILE}:3: error: old path 'blog/first-post/' is where " \
           "docs/blog/posts/2024-05-01-first-post.md is published" in str(err.value)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_removing_an_entry_removes_its_page_and_only_map_or_target_changes_rerun(
        tmp_path: Path, only_redirects: None) -> None:
    root = project_with_map(tmp_path / "p")
    out = root / "build" / "docs"
    first = build_content(root, out)
    assert {redirect_file(old) for old in MAP} <= set(first.written)
    assert "redirects" in first.regenerated
    again = build_content(root, out)
    assert again.written == [] and "redirects" not in again.regenerated
    # an edit of a target's text is not an input: its URL stays
    post = root / "docs" / "blog" / "posts" / "2024-05-01-first-post.md"
    post.write_text(post.read_text() + "\nOne more line.\n")
    assert "redirects" not in build_content(root, out).regenerated
    # a new slug is: the redirect follows the post
    post.write_text(post.read_text().replace("title: First post\n",
                                             "title: First post\nslug: first-steps\n"))
    moved = build_content(root, out)
    assert "redirects" in moved.regenerated and "welcome/index.html" in moved.written
    assert refresh_target(out / "welcome/index.html") == "../blog/first-steps/"
    # an entry taken out of the map takes its page with it
    entries = {old: new for old, (new, _, _) in MAP.items() if old != "2019/05/04/second.html"}
    (root / REDIRECTS_FILE).write_text(map_text(entries))
    removed = build_content(root, out)
    assert removed.removed == ["2019/05/04/second.html"]
    assert not (out / "2019" / "05").exists()  # its empty folders went too
    assert "2019/05/04/second.html" not in (out / MANIFEST).read_text()
    (root / REDIRECTS_FILE).unlink()
    assert sorted(build_content(root, out).removed) == sorted(
        [".redirects.yml", *(redirect_file(old) for old in entries)])


@pytest.mark.parametrize(("entry", "message"), [
    ("  welcome/: blog/posts/2024-05-01-first-post.md\n",
     "old path 'welcome/' is listed twice (first on line 2)"),
    ("  welcome: index.md\n", "old path 'welcome' is the same address as 'welcome/' "
                              "(both welcome/index.html)"),
    ("  feed.xml: index.md\n", "old path 'feed.xml' ends in '.xml': a redirect is an HTML page"),
    ("  old.md: index.md\n", "old path 'old.md' ends in '.md'"),
    ("  a//b/: index.md\n", "old path 'a//b/' is not a site path"),
    ("  ../up/: index.md\n", "old path '../up/' is not a site path"),
    ("  pic/: assets/ada.svg\n", "redirect target assets/ada.svg is not a page (a .md file)"),
    ("  up/: ../mkdocs.yml\n", "redirect target '../mkdocs.yml' is not a path below docs/"),
    ("  start/: blog/posts/2024-05-09-draft.md\n",
     "redirect target blog/posts/2024-05-09-draft.md is a draft"),
    ("  index.html: about.md\n", "old path 'index.html' is where docs/index.md is published"),
    ("  guide/: index.md\n", None),  # a folder with pages but no index page of its own: fine
    ("  guide/setup/: index.md\n", "old path 'guide/setup/' is where docs/guide/setup.md"),
    ("  assets/ada.svg/: index.md\n",
     "old path 'assets/ada.svg/' is inside assets/ada.svg, where docs/assets/ada.svg is published"),
    ("  404.html: index.md\n", "old path '404.html' is where the theme's page-not-found page"),
    ("  blog/category/x/: index.md\n",
     "old path 'blog/category/x/' is inside blog/category/, where the blog writes pages"),
])
def test_each_bad_entry_is_reported_at_its_line(tmp_path: Path, entry: str,
                                                message: str | None) -> None:
    root = project_with_map(tmp_path / "p", {})
    write_post(root, "2024-05-09-draft.md", post_text("Draft", "2024-05-09", extra="draft: true\n"))
    (root / "docs" / "about.md").write_text("# About\n")
    (root / REDIRECTS_FILE).write_text(
        "redirects:\n  welcome/: blog/posts/2024-05-01-first-post.md\n" + entry)
    problems = [str(p) for p in check_redirects(root)]
    if message is None:
        assert problems == []
        return
    assert len(problems) == 1 and f"{REDIRECTS_FILE}:3: error: {message}" in problems[0], problems
    # the good entry still becomes a page; the bad one does not
    from scaledown.site.redirects import generate

    pages = [f.path for f in generate(root)]
    assert "welcome/index.html" in pages and len(pages) == 1 + (entry.startswith("  guide/:"))


def test_an_old_path_where_a_generator_publishes_a_page_fails_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project_with_map(tmp_path / "p", {"boards/": "index.md"})
    module = tmp_path / "boards_gen.py"
    module.write_text("from scaledown.vocabulary.generated import GeneratedFile\n"
                      "def generate(root):\n"
                      "    return [GeneratedFile('boards/index.md', '# Boards\\n')]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(pipeline, "CHECKERS", CHECKS)
    monkeypatch.setattr(pipeline, "GENERATORS", {**ONLY_REDIRECTS, "boards": "boards_gen:generate"})
    out = root / "build" / "docs"
    with pytest.raises(ContentError) as err:
        build_content(root, out)
    assert f"{REDIRECTS_FILE}:2: error: old path 'boards/' is where generated " \
           "boards/index.md is published" in str(err.value)
    assert not out.exists()


def test_a_malformed_map_is_reported_and_generates_nothing(tmp_path: Path,
                                                           only_redirects: None) -> None:
    root = project_with_map(tmp_path / "p", {})
    (root / REDIRECTS_FILE).write_text("redirects:\n  welcome/: [oops\n")
    assert [p.line for p in check_redirects(root)] == [3]
    with pytest.raises(ContentError, match=re.escape(f"{REDIRECTS_FILE}:3: error: malformed")):
        build_content(root, root / "build" / "docs")


def test_while_serving_a_bad_entry_is_listed_and_the_good_ones_still_work(
        tmp_path: Path, only_redirects: None) -> None:
    # make serve writes first and checks after (checks="after"): the edit shows at once
    root = project_with_map(tmp_path / "p", {"welcome/": "blog/posts/2024-05-01-first-post.md",
                                             "gone/": "blog/posts/nope.md"})
    out = root / "build" / "docs"
    report = build_content(root, out, checks="after")
    assert (out / "welcome" / "index.html").is_file() and not (out / "gone").exists()
    assert [(str(p.path), p.line) for p in report.problems if p.severity == "error"] == [
        (REDIRECTS_FILE, 3)]


def test_the_offline_copy_redirects_to_its_html_pages(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Material's offline plugin (make offline: SCALEDOWN_OFFLINE=true) publishes about.md
    # as about.html; the offline tree's redirect pages point there, the online tree's do not
    monkeypatch.setattr(pipeline, "CHECKERS", CHECKS)
    monkeypatch.setattr(pipeline, "GENERATORS", ONLY_REDIRECTS)
    monkeypatch.setenv("SCALEDOWN_OFFLINE", "true")
    root = project_with_map(tmp_path / "p")
    site = root / "offline-site"
    build(root, site)
    for old, (_, url, title) in MAP.items():
        page = site / redirect_file(old)
        reached = unquote(urljoin(f"/{redirect_file(old)}", refresh_target(page)).lstrip("/"))
        assert reached == (f"{url.rstrip('/')}.html" if url else "index.html"), old
        assert title_of(site / reached).startswith(title), old
    online = build_content(root, root / "build" / "docs").out
    assert refresh_target(online / "welcome" / "index.html") == "../blog/first-post/"
