"""Fuzzing the front-matter parser: arbitrary text gives a Document or a located ContentError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_kit import FUZZ, any_text, assert_scaledown_error, dump, yaml_values
from hypothesis import example, given
from hypothesis import strategies as st

from scaledown.site.frontmatter import read_markdown, split_front_matter

FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-frontmatter-"))
PAGE = FOLDER / "post.md"


def read(text: str) -> None:
    PAGE.write_text(text, encoding="utf-8")
    try:
        doc = read_markdown(PAGE)
    except Exception as exc:  # the property: nothing else escapes
        assert_scaledown_error(exc, PAGE)
        return
    assert isinstance(doc.meta, dict)
    assert all(isinstance(line, int) and line >= 1 for line in doc.key_lines.values())
    assert doc.body_line >= 1


@FUZZ
@given(st.one_of(any_text, any_text.map(lambda t: f"---\n{t}\n---\nBody\n")))
@example("---\n&a [*a]\n---\n")                 # a list that contains itself
@example("---\n? [a, b]\n: c\n---\n")            # a key that is a list
@example("---\ndate: 2024-02-30\n---\n")          # a date that looks right but is not
@example("---\n<<: 3\n---\n")                     # a merge key on a number
@example("---\n" + "[" * 200 + "\n---\n")         # deep nesting, never closed
@example("---\n!!python/object:os.system x: 1\n---\n")
@example("\ufeff---\ntitle: A\n---\n")
def test_arbitrary_text(text: str) -> None:
    read(text)
    _, body, line = split_front_matter(text)
    assert line >= 1 and isinstance(body, str)


@FUZZ
@given(st.dictionaries(st.text(max_size=10), yaml_values, max_size=6), st.text(max_size=50))
def test_arbitrary_front_matter_values(meta: dict, body: str) -> None:
    read(f"---\n{dump(meta)}---\n{body}")
