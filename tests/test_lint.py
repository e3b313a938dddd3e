"""The repository stays ruff-clean: ``ruff check`` over the whole tree finds nothing.

Lint findings pile up quietly when nothing runs the linter; this test makes every
``make test`` (and CI) run it with the rules in pyproject.toml. Ruff comes with
the ``dev`` extra (pinned in constraints.txt), which ``make test`` installs, so a
missing ruff is a broken environment: the test fails rather than skips, or CI
would pass without linting anything.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean() -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.fail(
            f"ruff is not installed for {sys.executable}; install the dev extra "
            "(make test, or pip install -c constraints.txt -e '.[dev]')"
        )
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", str(REPO_ROOT)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"ruff check found problems (exit code {result.returncode}); "
        "run 'ruff check .' to see them, 'ruff check --fix .' fixes some:\n"
        f"{result.stdout}{result.stderr}"
    )
