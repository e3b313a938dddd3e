"""Builds of a small temp project: blog features work, bad content stops the build early.

The strict build of the real site runs once, in tests/e2e/test_e2e_site.py.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_testkit import SVG, build, make_project, post_text, write_post

from scaledown.site import pipeline, plugin

MINE = {"blog": "scaledown.site.blog_checks:check_blog",
        "links": "scaledown.site.links:check_links"}


@pytest.fixture()
def only_blog_content(monkeypatch: pytest.MonkeyPatch) -> None:
    # The temp project has only blog content; other kinds' generators read the repository.
    monkeypatch.setattr(pipeline, "CHECKERS", MINE)
    monkeypatch.setattr(pipeline, "GENERATORS", {})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "CHECKERS", MINE)
    patch.setattr(pipeline, "GENERATORS", {})
    root = make_project(tmp_path_factory.mktemp("proj"), copy_site=True)
    (root / "docs" / "assets" / "cover.svg").write_text(SVG)
    write_post(root, "2024-05-03-the-hero.md", post_text(
        "The hero", "2024-05-03",
        extra="tags: [sticky, esp32]\npin: true\nimage: assets/cover.svg\n"))
    write_post(root, "2024-05-04-a-featured-one.md", post_text(
        "A featured one", "2024-05-04", categories="[Tutorials]", extra="tags: [featured]\n"))
    write_post(root, "2024-05-05-secret-draft.md", post_text(
        "Secret draft", "2024-05-05", extra="draft: true\ntags: [featured]\n"))
    site = root / "site"
    try:
        build(root, site)
    finally:
        patch.undo()
    return site


def test_posts_categories_authors_archive_tags(built: Path) -> None:
    for page in ["blog/first-post", "blog/the-hero", "blog/category/hardware",
                 "blog/category/tutorials", "blog/author/ada", "blog/archive/2024", "blog/tags"]:
        assert (built / page / "index.html").is_file(), page
    tags = (built / "blog/tags/index.html").read_text()
    assert "esp32" in tags and "The hero" in tags


def test_drafts_are_not_published(built: Path) -> None:
    assert not (built / "blog/secret-draft").exists()
    everything = "".join(p.read_text(errors="ignore") for p in built.rglob("*.html"))
    assert "Secret draft" not in everything
    feed = json.loads((built / "feed_json_created.json").read_text())
    titles = [item["title"] for item in feed["items"]]
    assert "Secret draft" not in titles and "The hero" in titles
    assert "<title>The hero</title>" in (built / "feed_rss_created.xml").read_text()


def test_home_page_hero_and_featured_from_metadata(built: Path) -> None:
    home = (built / "index.html").read_text()
    hero = home.split('class="sd-hero"', 1)[1].split("</div>", 1)[0]
    assert "The hero" in hero and "First paragraph." in hero
    featured = home.split("Featured", 1)[1]
    assert "A featured one" in featured
    assert 'href="blog/the-hero/"' in home


def test_highlights_marker_quoted_on_another_page_stays_a_quote(built: Path) -> None:
    # docs/contribute/site-pipeline.md quotes the marker in inline code; only
    # the home page gets the hero, and the quote shows as written.
    page = (built / "contribute/site-pipeline/index.html").read_text()
    assert "sd-hero" not in page and "The hero" not in page
    assert "&lt;!-- scaledown:highlights --&gt;" in page


def test_cover_image_pinned_post_and_readtime(built: Path) -> None:
    post = (built / "blog/the-hero/index.html").read_text()
    assert 'class="sd-cover"' in post and "../../assets/cover.svg" in post
    assert "min read" in post
    index = (built / "blog/index.html").read_text()
    assert index.index("The hero") < index.index("A featured one")  # pinned goes first
    excerpt = index.split('class="md-post md-post--excerpt"')[1]
    assert excerpt.count(">The hero<") == 1  # the cover does not push out the title
    assert excerpt.index(">The hero<") < excerpt.index("sd-cover")


def test_bad_content_stops_the_build_before_anything_is_written(
    tmp_path: Path, only_blog_content: None
) -> None:
    from mkdocs.exceptions import Abort

    root = make_project(tmp_path / "proj", copy_site=True)
    write_post(root, "2024-05-03-bad.md", post_text("Bad", categories="[Hardwear]"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    with pytest.raises(Abort):
        build(root, site)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"


def test_build_error_message_lists_file_and_line(
    tmp_path: Path, only_blog_content: None, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    root = make_project(tmp_path / "proj", copy_site=True)
    write_post(root, "2024-05-03-bad.md", post_text("Bad", authors="[nobody]"))
    with pytest.raises(Abort):
        build(root, tmp_path / "site")
    assert "docs/blog/posts/2024-05-03-bad.md:4: error: unknown author 'nobody'" in caplog.text
    assert not (tmp_path / "site").exists()


@pytest.fixture()
def gc_state() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("gc_state")
def test_a_one_off_build_collects_young_objects_less_often() -> None:
    gc.set_threshold(700, 10, 10)
    built = plugin.ScaleDownPlugin()
    built.on_startup(command="build", dirty=False)
    built._freeze_heap()
    assert gc.get_threshold() == (plugin.YOUNG_GC_THRESHOLD, plugin.MIDDLE_GC_THRESHOLD, 10)
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("gc_state")
def test_serve_keeps_the_collector_as_it_was() -> None:
    gc.set_threshold(700, 10, 10)
    served = plugin.ScaleDownPlugin()
    served.on_startup(command="serve", dirty=False)
    served._freeze_heap()
    assert gc.get_threshold() == (700, 10, 10)
