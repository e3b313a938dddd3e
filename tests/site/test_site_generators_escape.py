"""Issue 11's cases, one generator at a time: metadata text reaches the Markdown escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scaledown.site.escape import markdown_text

SCRIPT = "<script>alert(1)</script> Hello"
LINK = "*bold* [link](javascript:alert(1))"


@pytest.mark.parametrize("title", [SCRIPT, LINK])
def test_post_title_in_home_latest_posts(title: str) -> None:
    from scaledown.site.blog import Post
    from scaledown.site.frontmatter import Document
    from scaledown.site.home import render_highlights

    doc = Document(Path("/r/docs/blog/posts/2024-01-01-a.md"), {}, "Intro.\n<!-- more -->\n")
    post = Post(doc, "docs/blog/posts/2024-01-01-a.md", title, dt.date(2024, 1, 1), (), (),
                (), False, False, None, description=title)
    hero = Post(doc, "docs/blog/posts/2024-01-01-a.md", title, dt.date(2024, 1, 1), (), (),
                ("featured",), False, False, None, description=title)
    page = render_highlights([post, hero])
    assert title not in page
    assert f"- [{markdown_text(title)}](blog/posts/2024-01-01-a.md)" in page
    assert f": {markdown_text(title)}" in page  # the featured post's description


@pytest.mark.parametrize("title", [SCRIPT, LINK])
def test_titles_on_learning_paths(title: str) -> None:
    from scaledown.tutorials.metadata import Tutorial
    from scaledown.tutorials.paths import Article, path_page

    tutorial = Tutorial(Path("01-a.py"), "a", 1, title, title, "beginner", 5, (),
                        ("newcomer",), ())
    other = Tutorial(Path("02-b.py"), "b", 2, title, title, "beginner", 5, (),
                     ("ml-practitioner",), ())
    post = Article(title, "blog/posts/a.md", "post", title, ())
    page = path_page("newcomer", [tutorial, other], [post])
    assert title not in page
    assert page.count(markdown_text(title)) >= 4  # run, read, skip and the summary


def test_device_name_on_tutorial_page_and_tutorial_title_on_learn_index() -> None:
    import nbformat

    from scaledown.tutorials.metadata import Tutorial
    from scaledown.tutorials.pages import index_page, tutorial_page

    t = Tutorial(Path("01-a.py"), "a", 1, SCRIPT, LINK, "beginner", 5, (SCRIPT,), ("newcomer",),
                 ("esp32",))
    page, _ = tutorial_page(t, nbformat.v4.new_notebook(), None, False, {"esp32": SCRIPT})
    body = page.split("\n---\n", 1)[1]  # front matter holds plain (HTML-escaped) values
    assert SCRIPT not in page and LINK not in body
    assert f"[{markdown_text(SCRIPT)}](../../hardware/devices/esp32.md)" in page
    assert page.startswith('---\ntitle: "&lt;script&gt;alert(1)&lt;/script&gt; Hello"\n')
    learn = index_page([t], 0)
    assert SCRIPT not in learn and LINK not in learn
    assert f"[{markdown_text(SCRIPT)}](tutorials/a.md)<br>{markdown_text(LINK)}" in learn


def test_agenda_items_on_the_study_group_page() -> None:
    from scaledown.tutorials.study_groups import Link, Session
    from scaledown.tutorials.study_groups_page import study_groups_page

    url = 'https://example.org/"><img/src=x/onerror=alert(1)>'
    session = Session("s", SCRIPT, dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC), 60,
                      (SCRIPT, LINK), host=LINK, materials=(Link(SCRIPT, url),), recording=url)
    page = study_groups_page([session], dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert SCRIPT not in page and LINK not in page and url not in page
    assert f"1. {markdown_text(SCRIPT)}" in page and f"1. {markdown_text(LINK)}" in page
    assert "%22%3E%3Cimg/src=x/onerror=alert%281%29%3E" in page
