"""Every ``scaledown`` sub-command, fed bad flags, paths and values.

Each case runs the CLI in-process from the case's folder and asserts: the exit
code (1 for a scaledown error, 2 for a usage error); that stderr names the
offending flag, file or value and gives a fix, with no traceback
(:func:`badkit.assert_explains`); that stdout stays empty; and that nothing
was created, changed or deleted in the case's folder or its project copy. Two
cases also run as real processes, where backend log lines would show.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from badkit import Snapshot, assert_explains
from cli_cases import CLI_CASES, CliCase

from scaledown.cli import main

REPO = Path(__file__).resolve().parents[2]
BY_ID = {c.id: c for c in CLI_CASES}
LOG_LINES = ("fully_quantize", "XNNPACK", "I0000", "W0000", "E0000", "absl::", "oneDNN")


@pytest.fixture
def cli_work(work: SimpleNamespace, project: Path, tmp_path: Path) -> SimpleNamespace:
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    return SimpleNamespace(**{**work.__dict__, "project": copy, "top": tmp_path})


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse's usage errors
        return int(stop.code or 0)


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_bad_input(case: CliCase, cli_work: SimpleNamespace, monkeypatch, capsys) -> None:
    if case.setup is not None:
        case.setup(cli_work)
    before = Snapshot.take(cli_work.top)
    monkeypatch.chdir(cli_work.dir)
    code = _run(case.argv(cli_work))
    out, err = capsys.readouterr()
    assert code == case.code, err
    assert out == ""
    assert "Traceback" not in err
    assert_explains(err, case.names)
    before.assert_unchanged()


@pytest.mark.parametrize("case_id", ["inspect-renamed-file", "fit-float-model"])
def test_cli_bad_input_in_a_real_process(case_id: str, cli_work: SimpleNamespace) -> None:
    case = BY_ID[case_id]
    if case.setup is not None:
        case.setup(cli_work)
    before = Snapshot.take(cli_work.top)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "SCALEDOWN_"))}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "scaledown.cli", *case.argv(cli_work)], cwd=cli_work.dir,
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == case.code, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if any(s in line for s in LOG_LINES)] == []
    assert_explains(done.stderr, case.names)
    before.assert_unchanged()


def test_cli_case_ids_are_unique() -> None:
    assert len(BY_ID) == len(CLI_CASES)
