"""tag_lines finds what a leading ``[ \\t]*`` pattern finds, without its cost on long pages."""

from __future__ import annotations

import random
import re

from scaledown.site import page_fixes
from scaledown.site.tag_lines import remove_tags, tag_spans

LINK = re.compile(r'<link rel="alternate" type="application/(?:rss\+xml|feed\+json)"'
                  r'[^>]*?href="(?P<href>[^"]*)"[^>]*>\n?', re.S)
WITH_BLANKS = re.compile(r"[ \t]*" + LINK.pattern, re.S)
TAGS = ['<link rel="alternate" type="application/rss+xml" title="RSS" href="feed_rss_created.xml">',
        '<link rel="alternate" type="application/rss+xml" href="feed_rss_updated.xml">',
        '<link rel="alternate" type="application/feed+json" href="feed_json_created.json">',
        '<link rel="stylesheet" href="../assets/_mkdocstrings.css">',
        '<script src="../assets/javascripts/scroll-regions.js"></script>',
        "<table>", "<p>text</p>"]


def random_pages(count: int) -> list[str]:
    """Pages of tags in random order, each after random blanks, newlines and text."""
    rng = random.Random(14)
    pages = []
    for _ in range(count):
        parts = [rng.choice(["", " ", "\t", "    ", " \t ", "\n", "x", " y "]) + rng.choice(TAGS)
                 + rng.choice(["", "\n", " ", "\t\n"]) for _ in range(rng.randint(0, 12))]
        pages.append("".join(parts))
    return pages


def test_spans_are_those_of_the_pattern_with_leading_blanks() -> None:
    for page in random_pages(400):
        expected = [(m.start(), m.end(), m.group("href")) for m in WITH_BLANKS.finditer(page)]
        found = [(start, end, m.group("href")) for start, end, m in tag_spans(LINK, page)]
        assert found == expected, page
        assert remove_tags(LINK, page) == WITH_BLANKS.sub("", page)


def test_blanks_before_a_tag_are_not_taken_from_the_previous_one() -> None:
    page = "\t<b> \t<b>"
    assert [(s, e) for s, e, _ in tag_spans(re.compile("<b>"), page)] == [(0, 4), (4, 9)]
    assert remove_tags(re.compile("<b>"), "keep <i>me") == "keep <i>me"


def test_the_page_repairs_keep_removing_indented_tags_as_before() -> None:
    old_assets = [re.compile(r'[ \t]*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">'
                             r"\n?"),
                  re.compile(r'[ \t]*<script src="[^"]*assets/javascripts/scroll-regions\.js">'
                             r"</script>\n?")]
    for page in random_pages(400):
        expected = page
        for pattern, needed in zip(old_assets, ('class="doc doc-', "<table"), strict=True):
            if needed not in expected:
                expected = pattern.sub("", expected)
        assert page_fixes.drop_unused_assets(page) == expected
