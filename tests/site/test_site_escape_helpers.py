"""scaledown.site.escape: each helper gives back exactly the text, as text, where it lands.

Markdown is rendered by Python-Markdown with the extensions and settings of the
real mkdocs.yml, in every place a generator puts text: a heading, a list item,
a table cell, link text, an HTML cell with ``markdown="span"``.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser

import pytest
from site_testkit import REPO

from scaledown.site.escape import (
    html_attr,
    html_text,
    markdown_code,
    markdown_text,
    markdown_url,
    one_line,
    theme_unsafe,
    yaml_text,
)

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "*bold* [link](javascript:alert(1))",
    "_under_ __strong__ `code` ~~del~~ ==mark==",
    "{: onclick=alert(1) } text {#id .class}",
    ":smile: :material-download: :)",
    "# heading? - item + item 1. one 2) two > quote",
    "- a list item",
    "1. an ordered item",
    "=== tab",
    "!!! warning admonition",
    "[ ] task [x] done",
    "a | table | row",
    "&lt;already escaped&gt; &amp; &#42; &#x27;",
    "back\\slash \\* escaped",
    "it's \"quoted\"",
    "line one\n\n    indented code\n```\nfence\n```\n<div>block</div>",
    "![image](x.png)",
    "<https://example.org> https://example.org/a_b_c",
    "2024-05-01 10:00 UTC, 10.1000/xyz",
    "trailing two spaces  \nnext",
]


class TextAndTags(HTMLParser):
    """The text of an HTML fragment and every element in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(fragment: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(fragment)
    parser.close()
    return parser


@functools.cache
def _site_markdown_settings() -> tuple[list[str], dict[str, dict]]:
    """The ``markdown_extensions`` of the real mkdocs.yml (its ``!!python/name`` tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    raw = yaml_load((REPO / "mkdocs.yml").read_text().split("\nnav:", 1)[0])
    names: list[str] = []
    configs: dict[str, dict] = {}
    for item in raw["markdown_extensions"]:
        name, config = (item, None) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def render(markdown_source: str) -> str:
    import markdown

    extensions, configs = _site_markdown_settings()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(
        markdown_source)


CONTEXTS = {
    "paragraph": ("{}", ["p"]),
    "heading": ("### {}", ["h3", "a"]),  # the a: toc's permalink, which shows a pilcrow
    "list item": ("- {}", ["ul", "li"]),
    "numbered item": ("1. {}", ["ol", "li"]),
    "emphasis": ("*{}*", ["p", "em"]),
    "link text": ("[{}](page.md)", ["p", "a"]),
    "table cell": ("| head |\n| --- |\n| {} |",
                   ["table", "thead", "tr", "th", "tbody", "tr", "td"]),
    "html cell": ('<table markdown="1"><tr><td markdown="span">{}</td></tr></table>',
                  ["table", "tr", "td"]),
}


@pytest.mark.parametrize("context", list(CONTEXTS))
@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_renders_as_exactly_the_text(text: str, context: str) -> None:
    template, tags = CONTEXTS[context]
    html = render(template.format(markdown_text(text)))
    parsed = parse(html)
    shown = " ".join(parsed.text.split())
    if context == "heading":
        shown = shown.removesuffix("\u00b6")
    if context == "table cell":
        shown = shown.removeprefix("head ")
    assert shown == one_line(text), html
    assert parsed.tags == tags, html
    made_by_us = {"id", "href", "class", "title"} if context == "heading" else {"href"}
    assert all(name in made_by_us for name, _ in parsed.attrs), html


@pytest.mark.parametrize("text", HOSTILE)
def test_html_helpers_round_trip(text: str) -> None:
    parsed = parse(f'<p title="{html_attr(text)}">{html_text(text)}</p>')
    assert parsed.tags == ["p"] and parsed.attrs == [("title", text)]
    assert parsed.text == text


@pytest.mark.parametrize("text", HOSTILE)
def test_code_span_shows_the_text(text: str) -> None:
    html = render(f"Core ({markdown_code(text)})")
    parsed = parse(html)
    assert parsed.tags == ["p", "code"], html
    assert parsed.text == f"Core ({one_line(text)})"


@pytest.mark.parametrize("url", ['https://example.org/"><img src=x onerror=alert(1)>',
                                 "https://example.org/a (b) [c]", "../x.md?a=1&b=2"])
def test_markdown_url_stays_one_link(url: str) -> None:
    parsed = parse(render(f"[text]({markdown_url(url)})"))
    assert parsed.tags == ["p", "a"] and parsed.text == "text"
    assert [name for name, _ in parsed.attrs] == ["href"]


def test_yaml_text_is_one_quoted_yaml_value() -> None:
    import yaml

    for text in HOSTILE:
        value = yaml.safe_load(f"title: {yaml_text(text)}\nnext: 1\n")
        assert value["next"] == 1
        assert parse(value["title"]).tags == [] and parse(value["title"]).text == one_line(text)


def test_theme_unsafe_names_each_character_once() -> None:
    assert theme_unsafe("<b>x</b>") == ["<", ">"]
    assert theme_unsafe('say "hi"') == [] and theme_unsafe('say "hi"', attribute=True) == ['"']
    assert theme_unsafe("Ada Lovelace", attribute=True, markdown=True) == []
