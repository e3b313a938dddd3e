"""A post's URL is its file name's slug on both engines, also for a non-ASCII title.

Zensical accepts only Material's Unicode lowercase slug function, which keeps
accents (mkdocs.yml names it for both engines); the explicit ``slug:`` that
build-content writes into each post (site.post_slugs) keeps
``quantizacao-em-8-bits-esp32``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from site_testkit import (
    BLOG_CHECKS,
    build_on_both_engines,
    make_project,
    post_text,
    write_post,
)

from scaledown.site.content_build import build_content
from scaledown.site.frontmatter import split_front_matter
from scaledown.site.post_slugs import with_explicit_slug
from scaledown.site.slugs import post_filename

TITLE = "Quantização em 8 bits — ESP32"
SLUG = "quantizacao-em-8-bits-esp32"


def _meta(text: str) -> dict:
    return yaml.safe_load(split_front_matter(text)[0])


def test_slug_added_as_last_front_matter_line_and_body_kept() -> None:
    text = post_text(TITLE, body="# Título\n\nCorpo.\n")
    out = with_explicit_slug(text)
    assert _meta(out) == {**_meta(text), "slug": SLUG}
    assert out.endswith("---\n# Título\n\nCorpo.\n")


@pytest.mark.parametrize("text", [
    "\ufeff---\r\ntitle: A b\r\n---\r\nBody\r\n",   # byte-order mark, Windows line ends
    "---\ntitle: A b\n...\nBody\n",                 # YAML's other closing fence
])
def test_other_front_matter_spellings(text: str) -> None:
    out = with_explicit_slug(text)
    assert _meta(out)["slug"] == "a-b"
    assert out.endswith("Body\r\n" if "\r" in text else "Body\n")


def test_a_slug_that_looks_like_a_number_stays_text() -> None:
    assert _meta(with_explicit_slug(post_text("'2024'")))["slug"] == "2024"


@pytest.mark.parametrize("text", [
    post_text("Anything", extra="slug: my-own\n"),  # a writer's slug wins
    "---\ndate: 2024-05-01\n---\nNo title\n",        # the blog check reports it
    "---\ntitle: [unclosed\n---\n",                  # unreadable: the check reports it
    "# No front matter at all\n",
])
def test_left_alone(text: str) -> None:
    assert with_explicit_slug(text) == text


def test_build_content_writes_the_slug_into_each_post(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    name = post_filename("2024-05-03", TITLE)
    write_post(root, name, post_text(TITLE, "2024-05-03"))
    out = root / "build" / "docs"
    build_content(root, out, generators=(), checks=False)
    assert _meta((out / "blog" / "posts" / name).read_text(encoding="utf-8"))["slug"] == SLUG
    assert "slug" not in (root / "docs" / "blog" / "posts" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small blog with a non-ASCII post: MkDocs builds it (its plugin writes build/docs/
    first), then Zensical renders the same build/docs/."""
    root = make_project(tmp_path_factory.mktemp("slugs"))
    write_post(root, post_filename("2024-05-03", TITLE), post_text(TITLE, "2024-05-03"))
    return build_on_both_engines(root, checkers=BLOG_CHECKS)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_non_ascii_post_is_published_under_its_file_name(both_engines: dict[str, Path],
                                                         engine: str) -> None:
    site = both_engines[engine]
    assert (site / "blog" / SLUG / "index.html").is_file()
    assert TITLE in (site / "blog" / SLUG / "index.html").read_text(encoding="utf-8")


def test_both_engines_publish_the_same_post_urls(both_engines: dict[str, Path]) -> None:
    def posts(site: Path) -> set[str]:
        return {p.parent.name for p in (site / "blog").glob("*/index.html")}

    assert posts(both_engines["mkdocs"]) == posts(both_engines["zensical"])
    assert {SLUG, "first-post", "second-post"} <= posts(both_engines["zensical"])


@pytest.mark.parametrize("front", [
    "title: [oops\nimage: assets/c.svg",  # malformed YAML
    "title: A\ndate: 2024-02-30\nimage: assets/c.svg",  # no such day: the loader's ValueError
    "- title: A\n- image: assets/c.svg",  # not a mapping
])
def test_unreadable_front_matter_left_alone_by_both_edits(front: str) -> None:
    from scaledown.site.page_edits import with_cover

    text = f"---\n{front}\n---\n# A\n"
    assert with_explicit_slug(text) == text
    assert with_cover(text, "blog/posts/a.md") == text
