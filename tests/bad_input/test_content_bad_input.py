"""Broken posts, reviews, tutorial headers, study groups and catalogue entries.

Each case breaks one file of a temp copy of the project's content and runs
``scaledown check --root COPY --only CHECKER`` in-process. It asserts the exit
code, that stderr names the file and gives a fix with no traceback, that stdout
stays empty, and that checking changed nothing in the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from badkit import Snapshot, assert_explains
from content_cases import CONTENT_CASES, Edit

from scaledown.cli import main


@pytest.mark.parametrize("checker", sorted({c.checker for c in CONTENT_CASES}))
def test_the_unbroken_copy_checks_clean(project: Path, checker: str, capsys) -> None:
    assert main(["check", "--root", str(project), "--only", checker]) == 0, capsys.readouterr()


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[c.id for c in CONTENT_CASES])
def test_content_bad_input(case: Edit, project: Path, tmp_path: Path, capsys) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    case.apply(root)
    before = Snapshot.take(root)
    code = main(["check", "--root", str(root), "--only", case.checker])
    out, err = capsys.readouterr()
    assert code == case.exit_code, err
    assert out == ""
    assert "Traceback" not in err
    assert_explains(err, case.file_names)
    severity = "error" if case.exit_code else "warning"
    assert f": {severity}: " in err
    before.assert_unchanged()


def test_content_case_ids_are_unique() -> None:
    ids = [c.id for c in CONTENT_CASES]
    assert len(ids) == len(set(ids))
