"""The anchors `scaledown check` expects are the ids Python-Markdown really renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaledown.site.anchors import (
    default_slugify,
    flatten_admonitions,
    page_anchors,
    site_toc,
    toc_settings,
)
from scaledown.site.frontmatter import split_front_matter
from scaledown.site.links import generated_pages, site_files

markdown = pytest.importorskip("markdown")


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_default_slugify_is_the_toc_extensions(text: str) -> None:
    from markdown.extensions.toc import slugify

    assert default_slugify(text, "-") == slugify(text, "-")


def rendered_ids(body: str) -> set[str]:
    from material.extensions.emoji import to_svg, twemoji

    md = markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "admonition", "tables",
                    "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.emoji"],
        extension_configs={"pymdownx.emoji": {"emoji_index": twemoji,
                                              "emoji_generator": to_svg}})
    html = md.convert(body)
    return (set(re.findall(r'\sid="([^"]*)"', html))
            | set(re.findall(r'<a\s[^>]*\bname="([^"]*)"', html)))


def test_every_page_of_the_real_site_gets_the_ids_we_expect(repo_root: Path) -> None:
    pages = {rel: (repo_root / "docs" / rel).read_text(encoding="utf-8")
             for rel in site_files(repo_root / "docs") if rel.endswith(".md")}
    pages.update({rel: text for rel, text in generated_pages(repo_root).items()
                  if rel.endswith(".md") and isinstance(text, str)})
    slugify, separator, emoji = site_toc(repo_root)
    assert len(pages) > 30
    for rel, text in sorted(pages.items()):
        _, body, _ = split_front_matter(text)
        expected = page_anchors(body, slugify, separator, emoji=emoji)
        real = rendered_ids(body)
        assert {i for i in real if i not in expected} == set(), rel
        assert set(expected.ids) - real == set(), rel


CASES = {
    "repeated headings": ("## Setup\n\n## Setup\n\n## Setup\n", {"setup", "setup_1", "setup_2"}),
    "attribute list id": ("## Title {#mine}\n\nText.\n{: #para }\n", {"mine", "para"}),
    "dotted attribute id": ("## Load { #scaledown.load .big }\n", {"scaledown.load"}),
    "code and emphasis": ("## The `sd.fit` *call*\n", {"the-sdfit-call"}),
    "accents and symbols": ("## Ça & là: 8-bit!\n", {"ca-la-8-bit"}),
    "raw html": ('<span id="raw"></span> <a name="old"></a>\n', {"raw", "old"}),
    "heading in admonition": ('!!! note "N"\n\n    ## Inside\n', {"inside"}),
    "heading in markdown div": ("<div markdown>\n\n## In div\n\n</div>\n", {"in-div"}),
    "setext heading": ("Title here\n==========\n", {"title-here"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_ids_match_python_markdown(case: str) -> None:
    text, ids = CASES[case]
    assert set(page_anchors(text).ids) == ids == rendered_ids(text)


def test_configured_slugify_is_used() -> None:
    config = {"markdown_extensions": [
        {"toc": {"slugify": "tag:yaml.org,2002:python/name:scaledown.site.slugs.slugify",
                 "separator": "_"}}]}
    slugify, separator = toc_settings(config)
    assert separator == "_"
    assert page_anchors("## Hello World\n", slugify, separator).ids == {"hello_world"}


def test_a_slug_function_we_cannot_reproduce_leaves_anchors_unjudged(tmp_path: Path) -> None:
    from scaledown.site.links import check_links

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[x](#whatever)\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: "
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    assert site_toc(tmp_path)[0] is None
    assert check_links(tmp_path, generated=set()) == []
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert [p.message.split(" (")[0] for p in check_links(tmp_path, generated=set())] == [
        "link to a missing anchor: #whatever"]


def test_admonitions_keep_their_line_numbers() -> None:
    text = 'Top\n\n!!! tip "T"\n    One\n\n    ??? note\n        Two\n\nEnd\n'
    flat = flatten_admonitions(text)
    assert flat.count("\n") == text.count("\n")
    assert flat.splitlines()[3] == "One" and flat.splitlines()[6] == "Two"
