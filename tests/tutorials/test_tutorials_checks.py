"""Checks, learning paths, study groups, the .ics feed and the scaffold: no kernels here."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tutorials_testkit import write_tutorial

from scaledown.cli import main
from scaledown.errors import InputError
from scaledown.tutorials.check import check, load_tutorials
from scaledown.tutorials.codeblocks import CodeBlockError, extract_blocks, run_blocks
from scaledown.tutorials.ics import fold
from scaledown.tutorials.pages import generate
from scaledown.tutorials.paths import path_page
from scaledown.tutorials.scaffold import create_tutorial
from scaledown.tutorials.study_groups import load_sessions

REPO = Path(__file__).resolve().parents[2]


def _messages(root: Path) -> list[str]:
    return [str(p) for p in check(root)]


def test_committed_ipynb_with_outputs_fails_check_naming_the_file(project: Path) -> None:
    notebook = {"cells": [{"cell_type": "code", "source": "1", "execution_count": 1,
                           "outputs": [{"output_type": "execute_result", "data": {}}],
                           "metadata": {}}], "metadata": {}, "nbformat": 4,
                "nbformat_minor": 5}
    (project / "tutorials").mkdir()
    (project / "tutorials" / "03-old.ipynb").write_text(json.dumps(notebook))
    messages = _messages(project)
    assert any(m.startswith("tutorials/03-old.ipynb: error: notebooks are kept as jupytext")
               for m in messages)
    assert any("outputs are committed in cell(s) 1" in m for m in messages)
    assert main(["check", "--root", str(project), "--only", "tutorials"]) == 1


@pytest.mark.parametrize(("edit", "expected"), [
    (("summary: A synthetic tutorial for the tests.\n", ""),
     "tutorials/01-t.py:1: error: metadata key 'summary' is missing"),
    (("minutes: 2", "minutes: soon"), "tutorials/01-t.py:8: error: minutes must be a whole"),
    (("tracks: [newcomer]", "tracks: [astronaut]"),
     "tutorials/01-t.py:10: error: unknown track 'astronaut'"),
    (("prerequisites: []", "prerequisites: [frist-model]"),
     "tutorials/01-t.py:9: error: prerequisite 'frist-model' is not a tutorial slug"),
    (("#   scaledown:", "#   scaledwn:"), "tutorials/01-t.py:1: error: the header has no "),
    (("#     level: beginner", "#     level: [beginner"), "error: malformed YAML in the header"),
])
def test_invalid_metadata_is_reported_at_its_line(project: Path, edit, expected) -> None:
    path = write_tutorial(project, "01-t", "# %%\nx = 1\n")
    path.write_text(path.read_text().replace(*edit))
    assert any(expected in m for m in _messages(project)), _messages(project)


def test_missing_header_and_cell_markers_are_errors(project: Path) -> None:
    (project / "tutorials").mkdir()
    (project / "tutorials" / "01-plain.py").write_text("print('no header')\n")
    messages = " ".join(_messages(project))
    assert "tutorials/01-plain.py:1: error: no jupytext header" in messages
    assert "no '# %%' cell markers" in messages


def test_unknown_board_is_an_error_with_a_suggestion(project: Path) -> None:
    (project / "hardware_catalog").symlink_to(REPO / "hardware_catalog")
    from scaledown.tutorials.check import known_boards

    names, _ = known_boards(project)
    if not names:
        pytest.skip("the hardware catalogue has no devices yet")
    real = sorted(names)[0]
    path = write_tutorial(project, "01-t", "# %%\nx = 1\n")
    path.write_text(path.read_text().replace("boards: []", f"boards: [{real}, {real}x]"))
    messages = _messages(project)
    assert any(f"tutorials/01-t.py:11: error: board '{real}x' is not in the hardware "
               f"catalogue (did you mean '{real}'?)" in m for m in messages), messages
    assert not any(f"board '{real}' " in m for m in messages)


def test_the_repository_tutorials_pass_the_check() -> None:
    errors = [p for p in check(REPO) if p.severity == "error"]
    assert errors == [], "\n".join(map(str, errors))


def test_learning_path_orders_by_prerequisite_and_lists_what_to_skip(project: Path) -> None:
    write_tutorial(project, "01-advanced-thing", "# %%\nx = 1\n")
    write_tutorial(project, "02-basics", "# %%\nx = 1\n")
    write_tutorial(project, "03-for-embedded", "# %%\nx = 1\n")
    first = project / "tutorials" / "01-advanced-thing.py"
    first.write_text(first.read_text().replace("prerequisites: []", "prerequisites: [basics]"))
    third = project / "tutorials" / "03-for-embedded.py"
    third.write_text(third.read_text().replace("[newcomer]", "[embedded-engineer]"))
    tutorials, problems = load_tutorials(project, check_boards=False)
    assert not problems
    page = path_page("newcomer", tutorials, [])
    run_section = page.split("## Run these")[1].split("## Read")[0]
    assert run_section.index("basics.md") < run_section.index("advanced-thing.md")
    skip_section = page.split("## You can skip")[1]
    assert "for-embedded.md" in skip_section and "Embedded engineer" in skip_section


def test_repository_paths_include_reviews_by_difficulty() -> None:
    files = {f.path: f.content for f in generate(REPO)}
    assert {"learn/paths/ml-practitioner.md", "learn/paths/embedded-engineer.md",
            "learn/paths/newcomer.md", "learn/index.md", "learn/report.md",
            "learn/study-groups.md", "study-groups.ics"} <= set(files)
    # every session in the repository is an example: none is announced as upcoming
    assert "upcoming session" not in files["learn/index.md"]
    reviews = [p for p in sorted(REPO.glob("paper_reviews/*.md")) if p.name != "README.md"]
    if reviews:
        assert f"../../reviews/{reviews[0].stem}.md" in files["learn/paths/ml-practitioner.md"]


SESSION = """\
title: "Pruning, together; with questions"
start: "{start}"
timezone: Europe/Berlin
duration_minutes: 60
agenda: [Why prune, Run the tutorial]
materials:
  - {{title: Pruning tutorial, url: ../tutorials/prune-and-distill/}}
recording: https://video.example.org/watch/1
example: true
"""


def test_study_groups_split_upcoming_and_past_and_link_videos_plainly(project: Path) -> None:
    folder = project / "study_groups"
    folder.mkdir()
    (folder / "a-past.yml").write_text(SESSION.format(start="2026-01-10T18:00:00+01:00"))
    (folder / "b-next.yml").write_text(SESSION.format(start="2026-12-10T18:00:00+01:00"))
    from scaledown.tutorials.study_groups_page import study_groups_page

    sessions, problems = load_sessions(project)
    assert problems == []
    page = study_groups_page(sessions, datetime(2026, 6, 1, tzinfo=UTC))
    upcoming, past = page.split("## Past sessions")
    assert "Thursday 10 December 2026, 18:00 Europe/Berlin (10 December, 17:00 UTC)" in upcoming
    assert "January 2026" in past
    assert "<iframe" not in page and "<video" not in page
    assert "[Watch the recording](https://video.example.org/watch/1)" in page
    assert page.count("(Example session)") == 2
    # an example session is listed as an example, never as a planned one
    planned = upcoming.split("## Upcoming sessions")[1].split("## Example sessions")[0]
    assert "No session is planned right now" in planned and "December 2026" not in planned
    assert "December 2026" in upcoming.split("## Example sessions")[1]


def test_session_without_utc_offset_is_reported_at_its_line(project: Path) -> None:
    folder = project / "study_groups"
    folder.mkdir()
    (folder / "s.yml").write_text(SESSION.format(start="2026-12-10 18:00"))
    _, problems = load_sessions(project)
    assert [str(p).split("\n")[0] for p in problems] == [
        "study_groups/s.yml:2: error: start '2026-12-10 18:00' is not an ISO 8601 time with a "
        "UTC offset"]


def test_ics_feed_follows_rfc5545(project: Path, monkeypatch) -> None:
    folder = project / "study_groups"
    folder.mkdir()
    (folder / "s.yml").write_text(SESSION.format(start="2026-12-10T18:00:00+01:00"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    feed = {f.path: f.content for f in generate(project)}["study-groups.ics"]
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert feed.endswith("END:VCALENDAR\r\n")
    assert "\n" not in feed.replace("\r\n", "")  # every line ends in CRLF
    physical = feed.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    unfolded = feed.replace("\r\n ", "")
    assert "DTSTART:20261210T170000Z\r\n" in unfolded
    assert "DTEND:20261210T180000Z\r\n" in unfolded
    assert "UID:s@study-groups.scaledown\r\n" in unfolded
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z\r\n", unfolded)
    assert "SUMMARY:[Example] Pruning\\, together\\; with questions\r\n" in unfolded
    assert "DESCRIPTION:Example session (not a scheduled meeting).\\n1. Why prune" in unfolded


def test_fold_never_splits_a_multibyte_character() -> None:
    line = "DESCRIPTION:" + "ü" * 100
    pieces = fold(line).split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(p.encode()) <= 75 for p in pieces[:1]) and all(
        len(p.encode()) <= 74 for p in pieces[1:])


def test_scaffold_writes_a_valid_tutorial_and_never_overwrites(project: Path) -> None:
    path = create_tutorial(project, "Sensor fusion basics", tracks=["newcomer"])
    assert path.name == "01-sensor-fusion-basics.py"
    tutorials, problems = load_tutorials(project, check_boards=False)
    assert [t.slug for t in tutorials] == ["sensor-fusion-basics"] and problems == []
    with pytest.raises(InputError, match="already exists"):
        create_tutorial(project, "Sensor fusion basics")
    assert sorted(p.name for p in (project / "tutorials").iterdir()) == [path.name]


def test_codeblocks_share_state_honour_markers_and_name_the_failing_line() -> None:
    text = ("```python\nx = 1\n```\n\n<!-- scaledown: skip -->\n```python\nraise SystemError\n"
            "```\n\n```python\nx += 1\nassert x == 2\n```\n\n<!-- scaledown: new-session -->\n"
            "```python\nprint(x)\n```\n")
    blocks = extract_blocks(text)
    assert [(b.line, b.skip, b.new_session) for b in blocks] == [
        (2, False, False), (7, True, False), (11, False, False), (17, False, True)]
    with pytest.raises(CodeBlockError) as info:
        run_blocks(blocks, "docs/page.md")
    message = str(info.value)
    assert message.startswith("docs/page.md:17: the python block starting on line 17 raised "
                              "NameError")
    assert 'File "docs/page.md", line 17' in message


def test_tutorial_missing_from_the_nav_is_a_warning(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - x: !!python/name:os.path.join\n"
        "nav:\n  - Learn:\n      - learn/index.md\n      - A: learn/tutorials/listed.md\n")
    write_tutorial(project, "01-listed", "# %%\nx = 1\n")
    write_tutorial(project, "02-unlisted", "# %%\nx = 1\n")
    problems = check(project)
    assert [(str(p.path), p.severity) for p in problems] == [
        ("tutorials/02-unlisted.py", "warning")]
    assert "not in the nav of mkdocs.yml" in problems[0].message


def test_new_tutorial_command_refuses_an_unknown_board_before_writing(project: Path,
                                                                      capsys) -> None:
    (project / "hardware_catalog").symlink_to(REPO / "hardware_catalog")
    code = main(["new", "tutorial", "Blink a model", "--root", str(project),
                 "--board", "raspberry-pi-picoo"])
    assert code == 1
    err = capsys.readouterr().err
    assert "unknown board(s): raspberry-pi-picoo (did you mean raspberry-pi-pico?)" in err
    assert not (project / "tutorials").exists() or not any((project / "tutorials").iterdir())
    code = main(["new", "tutorial", "Blink a model", "--root", str(project),
                 "--board", "raspberry-pi-pico"])
    assert code == 0
    assert (project / "tutorials" / "01-blink-a-model.py").is_file()
