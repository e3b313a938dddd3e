"""Short excerpts: the blog converts only a post's excerpt when that gives the same HTML.

The rules of :func:`scaledown.site.excerpts.excerpt_source` are tested one by
one, then a blog of tricky posts is built with the shortcut and without it and
every HTML page and the search index must be byte for byte the same. An
excerpt that links only to its post is converted once and its HTML reused for
the other lists with the post's address filled in: the same build covers it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_testkit import build, make_project, post_text, write_post

from scaledown.site import pipeline, plugin
from scaledown.site.excerpts import (
    excerpt_source,
    only_post_links,
    post_link_template,
    with_post_link,
)

MORE = "<!-- more -->"


@pytest.mark.parametrize(("markdown", "expected"), [
    ("# T\n\nIntro.\n\n<!-- more -->\n\nBody.\n", "# T\n\nIntro.\n\n<!-- more -->\n"),
    # a one-line comment and a reference defined before the separator are fine
    ("<!-- note -->\n[a]: https://x.org\n\nSee [a].\n\n<!-- more -->\n\nBody.\n",
     "<!-- note -->\n[a]: https://x.org\n\nSee [a].\n\n<!-- more -->\n"),
    # the separator inside a code fence does not count; the one after it does
    ("```\n<!-- more -->\n```\n\n<!-- more -->\n\nBody.\n",
     "```\n<!-- more -->\n```\n\n<!-- more -->\n"),
    ("~~~~md\n```\n<!-- more -->\n```\n~~~~\n\nx\n\n<!-- more -->\n\nBody.\n",
     "~~~~md\n```\n<!-- more -->\n```\n~~~~\n\nx\n\n<!-- more -->\n"),
])
def test_excerpt_source_cuts_at_a_standalone_separator(markdown: str, expected: str) -> None:
    assert excerpt_source(markdown, MORE) == expected


@pytest.mark.parametrize("markdown", [
    "Intro.\n\nBody without a separator.\n",
    "Intro.\n\n<!-- more -->\n",                                   # nothing after it
    "Intro.\n<!-- more -->\n\nBody.\n",                             # no blank line before
    "- item\n\n    <!-- more -->\n\nBody.\n",                      # indented: inside the list
    "```\n<!-- more -->\n```\n",                                    # only inside a fence
    '<div markdown="1">\n\nIntro.\n\n<!-- more -->\n\nBody.\n</div>\n',  # HTML block open
    "<!--\nlong comment\n-->\n\nIntro.\n\n<!-- more -->\n\nBody.\n",  # multi-line comment
    "See [the docs][d].\n\n<!-- more -->\n\n[d]: https://x.org\n",   # reference defined later
    "Uses HTML.\n\n<!-- more -->\n\n*[HTML]: Hyper Text Markup Language\n",  # abbreviation
    "A claim[^1].\n\n<!-- more -->\n\nBody.\n\n[^1]: Source.\n",    # footnotes
    'Intro.\n\n<!-- more -->\n\n=== "Tab"\n\n    In a tab.\n',            # tabs after it
])
def test_excerpt_source_declines_when_unsure(markdown: str) -> None:
    assert excerpt_source(markdown, MORE) is None


TRICKY_BODIES = {
    "links-and-images": "# Links and images\n\nSee [the other post]"
                        "(2024-05-01-first-post.md#first-post) and "
                        "![a picture](../../assets/ada.svg).\n\n!!! note \"An admonition\"\n\n"
                        "    With *text*.\n\n<!-- more -->\n\n## Later\n\n```python\nx = 1\n```\n",
    "headings-and-code": "# Headings and code\n\n## Before the cut {: #custom-id }\n\n"
                         "```python\nprint('<!-- more -->')\n```\n\n- [x] done\n- [ ] to do\n\n"
                         "<!-- more -->\n\n## Before the cut\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    "reference-later": "# Reference later\n\nRead [the guide][guide].\n\n<!-- more -->\n\n"
                       "Body.\n\n[guide]: 2024-05-01-first-post.md\n",
    "html-block": '# HTML block\n\n<div class="grid" markdown>\n\nInside.\n\n<!-- more -->\n\n'
                  "Still inside.\n\n</div>\n",
    "inline-separator": "# Inline separator\n\nText with `<!-- more -->` in code and an emoji "
                        ":material-chip:.\n\n<!-- more -->\n\nBody.\n",
    # no links of their own: converted once, reused on the other lists
    "words-only": "# Words only\n\nJust *words* and `code`.\n\n## A heading\n\n!!! tip\n\n"
                  "    Inside.\n\n<!-- more -->\n\n## Later\n\nBody.\n",
    "quoted-href": '# Quoted href\n\nCode: `href="quoted-href/"` stays text.\n\n<!-- more -->\n\n'
                   "Body.\n",
    # content tabs number their ids across the blog's conversions: never frozen
    "tabs-in-excerpt": '# Tabs in excerpt\n\nWords.\n\n=== "One"\n\n    First.\n\n'
                       '=== "Two"\n\n    Second.\n\n<!-- more -->\n\nBody.\n',
    "tabs-both-sides": '# Tabs both sides\n\n=== "One"\n\n    First.\n\n<!-- more -->\n\n'
                       '=== "Later"\n\n    After the cut.\n',
}


@pytest.fixture()
def tricky_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pipeline, "CHECKERS", {})
    monkeypatch.setattr(pipeline, "GENERATORS", {})
    root = make_project(tmp_path / "proj")
    for day, (slug, body) in enumerate(TRICKY_BODIES.items(), start=10):
        write_post(root, f"2024-05-{day}-{slug}.md",
                   post_text(slug, f"2024-05-{day}", categories="[Tutorials]", body=body))
    return root


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.suffix == ".html" or p.name == "search_index.json"}


def test_short_excerpts_give_the_same_site(tricky_project: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []

    def spy(markdown: str, separator: str) -> str | None:
        head = excerpt_source(markdown, separator)
        used.append(head is not None)
        return head

    reused: list[str] = []

    def filled(template: str, link: str) -> str | None:
        html = with_post_link(template, link)
        reused.append(link)
        return html

    monkeypatch.setattr(plugin, "excerpt_source", spy)
    monkeypatch.setattr(plugin, "with_post_link", filled)
    build(tricky_project, tricky_project / "short")
    config = tricky_project / "mkdocs.yml"
    text = config.read_text()
    off = text.replace("\n  - scaledown ", "\n  - scaledown:\n      short_excerpts: false\n  #", 1)
    assert off != text, "the scaledown plugin line in mkdocs.yml changed"
    config.write_text(off)
    build(tricky_project, tricky_project / "whole")

    # the shortcut was taken for some posts and declined for others
    assert any(used) and not all(used)
    # excerpts converted for the blog index (post/) were reused, with the address the
    # deeper lists need (blog/category/..., blog/archive/...: ../../post/)
    assert any(link.startswith("../../") for link in reused)
    short, whole = _pages(tricky_project / "short"), _pages(tricky_project / "whole")
    assert short.keys() == whole.keys()
    assert [name for name in short if short[name] != whole[name]] == []
    # every post with a body after the separator still gets its "Continue reading" link
    lists = [short[name].decode() for name in short
             if name == "blog/index.html" or name.startswith("blog/page/")]  # 10 a page
    assert sum(page.count("md-post__action") for page in lists) == len(TRICKY_BODIES) + 2


def test_only_post_links_refuses_links_images_and_html() -> None:
    assert only_post_links("# T\n\nWords, *more* words.\n\n<!-- more -->\n", MORE)
    for text in ("See [x](y.md).\n", "![p](p.png)\n", "Ref [x][y].\n", "<b>bold</b>\n",
                 "<https://example.org>\n"):
        assert not only_post_links(text + "\n" + MORE + "\n", MORE), text


@pytest.mark.parametrize("html", [
    '<p><a href="../../other/">x</a></p>',                            # a link elsewhere
    '<p><img alt="" src="../../p.png" /></p>',                       # a file it loads
    '<h2 id="t">T</h2><p><code>a href="../../post/"</code></p>',      # an href only in text
    '<h2 id="t" href="../../post/">T</h2>',                          # an href on another tag
])
def test_post_link_template_declines_what_depends_on_the_list_otherwise(html: str) -> None:
    assert post_link_template(html, "../../post/") is None


def test_post_link_template_round_trip() -> None:
    html = ('<h1 id="t"><a href="../../post/">T</a></h1>\n<p>Text.</p>\n'
            '<h2 id="h">H<a class="headerlink" href="../../post/#h" title="Permanent link">'
            '&para;</a></h2>')
    template = post_link_template(html, "../../post/")
    assert template is not None and with_post_link(template, "../../post/") == html
    assert with_post_link(template, "post/") == html.replace("../../post/", "post/")
    assert with_post_link(template, 'a"b/') is None  # would need escaping: convert instead
