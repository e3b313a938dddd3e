"""The links and nav checkers: what MkDocs --strict refuses, located to file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_testkit import make_project

from scaledown.errors import ContentError
from scaledown.site.links import check_links
from scaledown.site.nav import check_nav, nav_entries


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def found(problems) -> list[tuple[str, int | None, str]]:
    return [(str(p.path), p.line, p.message.split(" (")[0]) for p in problems]


def test_a_generated_pages_link_is_reported_where_it_was_written(project: Path) -> None:
    (project / "paper_reviews").mkdir()
    page = "# KD\n\nIntro.\n\nSee [the faq](../faq.md).\n"
    (project / "paper_reviews" / "kd.md").write_text(page)
    problems = check_links(project, generated={"reviews/kd.md": page})
    assert found(problems) == [("paper_reviews/kd.md", 5, "broken link: ../faq.md")]
    assert "on the generated page reviews/kd.md" in problems[0].message


def test_a_generated_link_with_no_source_names_the_generated_page(project: Path) -> None:
    problems = check_links(project, generated={"learn/x.md": "# X\n\n[y](#nowhere)\n"})
    assert found(problems) == [("learn/x.md (generated page)", 3,
                                "link to a missing anchor: #nowhere")]


def test_anchors_on_generated_pages_are_known(project: Path) -> None:
    (project / "docs" / "index.md").write_text("[a](learn/x.md#part-two) [b](learn/x.md#three)\n")
    problems = check_links(project, generated={"learn/x.md": "# X\n\n## Part two\n"})
    assert found(problems) == [("docs/index.md", 1, "link to a missing anchor: learn/x.md#three")]
    # a generated path given without content: its anchors cannot be judged, so none is refused
    assert check_links(project, generated={"learn/x.md"}) == []


def test_a_folder_link_suggests_the_page(project: Path) -> None:
    (project / "docs" / "index.md").write_text("# Home\n\nSee [the blog](blog/).\n")
    (problem,) = check_links(project, generated=set())
    assert (problem.line, problem.message) == (3, "broken link: blog/")
    assert "did you mean 'blog/index.md'?" in (problem.fix or "")


def test_close_anchor_is_suggested(project: Path) -> None:
    (project / "docs" / "index.md").write_text(
        "# Home\n\n## Getting started\n\n[go](#getting-startd)\n")
    (problem,) = check_links(project, generated=set())
    assert "did you mean '#getting-started'?" in (problem.fix or "")


NAV = """site_name: x
plugins:
  - search
nav:
  - index.md
  - Blog:
      - blog/index.md
      - Old: blog/old.md
  - Generated: learn/x.md
  - Elsewhere: https://example.org/
  - Root: /absolute.md
  - Part: index.md#part
"""


def test_nav_entries_and_their_lines() -> None:
    assert list(nav_entries(NAV)) == [
        (None, "index.md", 5), (None, "blog/index.md", 7), ("Old", "blog/old.md", 8),
        ("Generated", "learn/x.md", 9), ("Elsewhere", "https://example.org/", 10),
        ("Root", "/absolute.md", 11), ("Part", "index.md#part", 12)]


def test_nav_to_a_missing_page_is_an_error_with_its_line(project: Path) -> None:
    (project / "mkdocs.yml").write_text(NAV)
    problem, with_part = check_nav(project, generated={"learn/x.md"})
    assert (str(with_part.path), with_part.line) == ("mkdocs.yml", 12)  # MkDocs refuses it too
    assert (str(problem.path), problem.line) == ("mkdocs.yml", 8)
    assert problem.message == ("the nav entry 'Old' names blog/old.md, "
                               "which is not a page of the site")
    assert "did you mean 'blog/index.md'?" in (problem.fix or "")


def test_nav_check_does_not_import_the_yaml_tags(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:no.such.module.index\nnav:\n  - index.md\n")
    assert check_nav(project, generated=set()) == []


def test_malformed_mkdocs_yml_is_a_located_error(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: x\nnav:\n  - [index.md\n")
    with pytest.raises(ContentError) as err:
        check_nav(project, generated=set())
    (problem,) = err.value.problems
    assert str(problem.path) == "mkdocs.yml" and problem.line == 4


def test_links_are_found_as_a_full_parse_finds_them() -> None:
    # the checker parses inline text only where a link can be ("[" or "<"): same links
    import random

    from markdown_it import MarkdownIt

    from scaledown.site.links import iter_links

    full = MarkdownIt("commonmark")

    def reference(text: str) -> list[str]:
        found = []
        for token in full.parse(text):
            for child in token.children or []:
                if child.type == "link_open":
                    found.append(str(child.attrGet("href")))
                elif child.type == "image":
                    found.append(str(child.attrGet("src")))
        return found

    bits = ["[a](b.md)", "![i](x.png)", "[r][ref]", "\n[ref]: y.md\n", "<https://e.org>",
            "`[c](d.md)`", "\n```\n[e](f.md)\n```\n", "\\[g](h.md)", "&#91;i](j.md)",
            "\n> [q](q.md)\n", "\n- [l](l.md)\n", "\n\n", " text ", "*[em](m.md)*", "[ref][]"]
    rng = random.Random(14)
    for _ in range(500):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(1, 12)))
        assert [target for target, _ in iter_links(text)] == reference(text), text


def test_a_page_checked_again_after_each_save_shows_its_new_links(project: Path) -> None:
    # make serve checks every page after each save, in one process (links are
    # remembered per text): each check must see the page as it is now
    page = project / "docs" / "about.md"
    page.write_text("# About\n\n[gone](missing.md)\n")
    assert found(check_links(project)) == [("docs/about.md", 3, "broken link: missing.md")]
    page.write_text("# About\n\nFixed.\n")
    assert found(check_links(project)) == []
    page.write_text("# About\n\nMoved down.\n\n[gone](missing.md)\n")
    assert found(check_links(project)) == [("docs/about.md", 5, "broken link: missing.md")]
    page.write_text("# About\n\n[gone](missing.md)\n")  # a text seen before
    assert found(check_links(project)) == [("docs/about.md", 3, "broken link: missing.md")]
