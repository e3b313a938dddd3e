"""Fuzzing the study-group loader: any session file gives sessions or located problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from fuzz_kit import FUZZ, any_text, assert_located, dump, yaml_values
from hypothesis import example, given
from hypothesis import strategies as st

from scaledown.tutorials.study_groups import load_sessions

REPO = Path(__file__).resolve().parents[2]
GOOD_FILE = REPO / "study_groups" / "2026-12-09-quantization.yml"
GOOD = yaml.safe_load(GOOD_FILE.read_text(encoding="utf-8"))
ROOT = Path(tempfile.mkdtemp(prefix="fuzz-study-groups-"))
SESSION = ROOT / "study_groups" / "2026-12-09-quantization.yml"
SESSION.parent.mkdir()


def load(text: str) -> None:
    SESSION.write_text(text, encoding="utf-8")
    sessions, problems = load_sessions(ROOT)
    for problem in problems:
        assert_located(problem, "study_groups/2026-12-09-quantization.yml")
    assert len(sessions) + bool(problems) == 1


def test_the_good_session_loads() -> None:
    load(GOOD_FILE.read_text(encoding="utf-8"))
    assert load_sessions(ROOT)[1] == []


@FUZZ
@given(any_text)
@example("\x1f")                                   # a character YAML refuses to read
@example("title: x\nmaterials: 5\n")
@example("timezone: " + "A" * 300 + "\n")           # a zone name longer than a file name
@example("timezone: Europe\n")                     # a folder of the zone database
@example("timezone: ../../etc/passwd\n")
@example("a: &a [*a]\n")
def test_arbitrary_session_file(text: str) -> None:
    load(text)


@FUZZ
@given(st.sampled_from(sorted(GOOD)), yaml_values)
@example("materials", 5)
@example("materials", [{"title": "t", "url": 5}])
@example("timezone", "\x00")
@example("start", "2026-12-09T18:00:00+25:00")
@example("duration_minutes", 1e400)
def test_one_session_field_replaced(key: str, value: object) -> None:
    load(dump({**GOOD, key: value}))
