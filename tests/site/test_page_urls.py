"""A page's URL worked out without an engine: the same as MkDocs names it; posts by their slug."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote

import pytest

from scaledown.site.page_urls import (
    UrlRules,
    is_post,
    is_unpublished_draft,
    output_file,
    page_url,
    post_url,
    url_rules,
)

REPO = Path(__file__).resolve().parents[2]
PATHS = ["index.md", "about.md", "learn/index.md", "learn/README.md", "a/b/c.md",
         "blog/posts/2024-05-01-x.md", "dots.in.name.md", "a b/ção.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_url_is_the_url_mkdocs_gives(tmp_path: Path, directory_urls: bool) -> None:
    from mkdocs.structure.files import File

    rules = UrlRules(directory_urls=directory_urls)
    for path in PATHS:
        file = File(path, str(tmp_path), str(tmp_path / "site"), directory_urls)
        # the home page is "" as its pages say; MkDocs quotes URLs, the redirect pages too
        mkdocs_url = "" if file.url == "./" else unquote(file.url)
        assert page_url(path, rules) == mkdocs_url, path
        assert output_file(page_url(path, rules)) == file.dest_uri, path


def test_the_sites_own_rules() -> None:
    rules = url_rules(REPO)
    assert rules.directory_urls and rules.posts_dir == "blog/posts"
    assert rules.post_url_format == "{slug}" and not rules.drafts_published
    assert set(rules.view_dirs) == {"archive", "category", "page", "author"}
    assert post_url("blog/posts/2024-05-01-hello.md", {"title": "Quantização em 8 bits — ESP32"},
                    rules) == "blog/quantizacao-em-8-bits-esp32/"


def test_rules_from_a_config(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nuse_directory_urls: false\ntheme: {name: material, language: de}\n"
        "plugins:\n  - material/blog:\n      blog_dir: news\n      draft: true\n"
        "      archive_url_format: 'years/{date}'\n")
    rules = url_rules(tmp_path)
    assert (rules.directory_urls, rules.posts_dir, rules.blog_dir, rules.language) == (
        False, "news/posts", "news", "de")
    assert rules.drafts_published and "years" in rules.view_dirs
    assert post_url("news/posts/a.md", {"title": "Hi", "date": dt.date(2024, 1, 2)},
                    rules) == "news/2024/01/02/hi.html"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert url_rules(tmp_path).posts_dir is None  # no blog: no page is a post


@pytest.mark.parametrize(("form", "meta", "url"), [
    ("{slug}", {"title": "Hi there"}, "blog/hi-there/"),
    ("{slug}", {"title": "Hi", "slug": "own"}, "blog/own/"),
    ("{date}/{slug}", {"title": "Hi", "date": {"created": dt.datetime(2024, 3, 9, 10, 0)}},
     "blog/2024/03/09/hi/"),
    ("posts/{file}", {"title": "Hi"}, "blog/posts/2024-05-01-hi/"),
])
def test_post_url_formats(form: str, meta: dict, url: str) -> None:
    rules = UrlRules(posts_dir="blog/posts", post_url_format=form)
    assert post_url("blog/posts/2024-05-01-hi.md", meta, rules) == url


@pytest.mark.parametrize(("form", "meta", "message"), [
    ("{slug}", {"date": dt.date(2024, 1, 1)}, "no title"),
    ("{date}/{slug}", {"title": "Hi"}, "no date"),
    ("{categories}/{slug}", {"title": "Hi"}, "names a field other than"),
])
def test_post_url_that_cannot_be_worked_out(form: str, meta: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        post_url("blog/posts/a.md", meta, UrlRules(posts_dir="blog/posts", post_url_format=form))


def test_drafts_and_posts() -> None:
    rules = UrlRules(posts_dir="blog/posts")
    assert is_post("blog/posts/2024/a.md", rules) and not is_post("blog/posts/a.png", rules)
    assert not is_post("blog/posts/a.md", UrlRules())
    assert is_unpublished_draft({"draft": True}, rules)
    assert not is_unpublished_draft({"draft": False}, rules)
    future = {"date": dt.date.today() + dt.timedelta(days=30)}
    assert not is_unpublished_draft(future, rules)
    assert is_unpublished_draft(future, UrlRules(drafts_if_future_date=True))


def test_the_offline_plugin_turns_directory_urls_off(tmp_path: Path) -> None:
    from scaledown.site.page_urls import offline_copy

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - offline:\n      enabled: true\n")
    assert not url_rules(tmp_path).directory_urls
    # the site's own switch (an !ENV tag) is off unless the offline tree is being made
    config.write_text("site_name: x\nplugins:\n  - offline:\n"
                      "      enabled: !ENV [SCALEDOWN_OFFLINE, false]\n")
    assert url_rules(tmp_path).directory_urls
    with offline_copy():
        assert page_url("about.md", url_rules(tmp_path)) == "about.html"
