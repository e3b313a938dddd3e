"""Fuzzing the Jekyll importer: any post converts, or fails with a located scaledown error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_kit import FUZZ, any_text, assert_located, assert_scaledown_error, dump, yaml_values
from hypothesis import example, given
from hypothesis import strategies as st

from scaledown.site.jekyll import convert_all, convert_post

FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-jekyll-"))
POST = FOLDER / "2020-01-02-a-post.md"
UNDATED = FOLDER / "notes.md"
KEYS = ["title", "date", "author", "authors", "categories", "category", "tags", "image",
        "description", "excerpt", "permalink", "published", "sticky", "featured", "comments",
        "layout"]
front_matter = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), yaml_values,
                               max_size=6)


def convert(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        post = convert_post(path, allowed=("Community", "Hardware"), authors={"ada": {}},
                            root=FOLDER)
    except Exception as exc:  # the property: only scaledown errors escape
        assert_scaledown_error(exc, path)
    else:
        assert post.filename.endswith(".md") and "/" not in post.filename
        for note in post.notes:
            assert_located(note, path)
    _, problems = convert_all([path])
    for problem in problems:
        assert_located(problem, path)


@FUZZ
@given(any_text)
@example("---\ntitle: [a, b]\ndate: 2020-13-45\n---\n{% highlight %}\n")
@example("---\nimage: {path: 3}\ncategories: {a: b}\n---\n")
@example("---\ntitle: '   '\n---\n{{ page.title }} {% endraw %}")
def test_arbitrary_post_text(text: str) -> None:
    convert(POST, text)
    convert(UNDATED, text)


@FUZZ
@given(front_matter, st.text(max_size=80) | any_text)
def test_arbitrary_front_matter_and_body(meta: dict, body: str) -> None:
    convert(POST, f"---\n{dump(meta)}---\n{body}")
