"""Front matter: key lines, body line, malformed YAML located, atomic writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scaledown.errors import ContentError
from scaledown.site.frontmatter import read_markdown, write_markdown


def test_key_lines_and_body_line(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: A\n\ntags:\n  - x\n  - y\ndate: 2024-01-02\n---\nBody\n")
    doc = read_markdown(path)
    assert doc.meta == {"title": "A", "tags": ["x", "y"], "date": dt.date(2024, 1, 2)}
    assert doc.key_lines == {"title": 2, "tags": 4, "date": 7}
    assert doc.body_line == 9 and doc.body == "Body\n"
    assert doc.line_of("missing") == 1


def test_no_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# Just a page\n")
    doc = read_markdown(path)
    assert doc.meta == {} and doc.body_line == 1 and doc.body == "# Just a page\n"


@pytest.mark.parametrize(
    ("yaml_lines", "line"),
    [
        ("title: A\nauthors: [ada\ndate: 2024-01-01\n", 4),  # unclosed list, found at next key
        ("title: A\n  bad: indent\n", 3),
        ("title: A\ndate: 2024-02-30\n", 3),  # looks like a date, is not one
    ],
)
def test_malformed_yaml_names_file_and_line(tmp_path: Path, yaml_lines: str, line: int) -> None:
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{yaml_lines}---\nBody\n")
    with pytest.raises(ContentError) as info:
        read_markdown(path)
    problem = info.value.problems[0]
    assert Path(problem.path) == path
    assert problem.line == line
    assert problem.fix


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("---\n- a\n- b\n---\n")
    with pytest.raises(ContentError, match="mapping"):
        read_markdown(path)


def test_write_round_trip_and_no_temp_left(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "p.md"
    meta = {"title": "Ünïcode: yes", "date": dt.date(2024, 1, 2), "tags": ["a"]}
    write_markdown(path, meta, "Body")
    assert read_markdown(path).meta == meta
    assert [p.name for p in path.parent.iterdir()] == ["p.md"]


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.md"
    write_markdown(path, {"title": "old"}, "Old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("scaledown.site.frontmatter.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_markdown(path, {"title": "new"}, "New")
    assert read_markdown(path).meta == {"title": "old"}
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]  # temp file removed
