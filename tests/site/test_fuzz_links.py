"""Fuzzing the links and anchors check: any Markdown gives located problems, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_kit import FUZZ, any_text, assert_located
from hypothesis import example, given
from hypothesis import strategies as st

from scaledown.site.anchors import page_anchors
from scaledown.site.links import check_links

ROOT = Path(tempfile.mkdtemp(prefix="fuzz-links-"))
(ROOT / "docs").mkdir()
PIECES = ["#", "## ", "[a](", "b.md", "#x", ")", "{#", "}", "{: ", "<div markdown>", "</div>",
          '!!! note "N"', "??? tip", "\n", "    ", "```", "<a name='", "'>", 'id="', '"', "![i](",
          "[r]: ", "[a][r]", ":smile:", "`", "\\", "&amp;", "..", "/", "%20", "mailto:", "http://"]
markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)),
                    max_size=40).map("".join)


@FUZZ
@given(st.one_of(markdown, any_text))
@example('<div markdown>\n!!! note "x"\n    ## [h](#h)\n</div>\n')
@example("[a](b.md#%zz) [c](<b.md#>) [d](#)\n")
def test_arbitrary_markdown(text: str) -> None:
    page_anchors(text)
    for name in ("index.md", "b.md"):
        (ROOT / "docs" / name).write_text(text, encoding="utf-8")
    for problem in check_links(ROOT, generated={"gen/page.md": text}):
        assert_located(problem)
