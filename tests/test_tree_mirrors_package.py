"""The test tree keeps mirroring the package (see tests/README.md).

Each test folder is named after a part of ``scaledown/`` (``tests/backends/<name>/``
after a backend), or is one of the few suites about the whole project. Test file
names are unique across the tree, because pytest imports test files by their
base name, and none is named after a milestone.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "scaledown"
# Suites about the whole project rather than one module, and the shared helpers.
WHOLE_PROJECT = {"bad_input", "e2e", "docs", "kits"}
MILESTONE_NAMES = re.compile(r"^test_(core|opt|framework|hw)_")


def folders_of_tests() -> list[Path]:
    """Every folder under tests/, without caches and hidden folders."""
    return sorted(p for p in TESTS.rglob("*") if p.is_dir() and not any(
        part == "__pycache__" or part.startswith(".") for part in p.relative_to(TESTS).parts))


def test_every_test_folder_is_a_part_of_the_package_or_a_whole_project_suite() -> None:
    strays = []
    for folder in folders_of_tests():
        rel = folder.relative_to(TESTS)
        if rel.parts[0] in WHOLE_PROJECT and len(rel.parts) == 1:
            continue
        if not (PACKAGE / rel).is_dir():
            strays.append(rel.as_posix())
    assert not strays, (
        f"tests/{', tests/'.join(strays)} mirror no folder of scaledown/: move the tests "
        "beside the module they test (tests/README.md), or add a whole-project suite to "
        "WHOLE_PROJECT with a line in tests/README.md"
    )


def test_test_file_names_are_unique_and_not_milestones() -> None:
    files = [p for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts]
    twice = [name for name, n in Counter(p.name for p in files).items() if n > 1]
    assert not twice, f"test file names used twice (pytest imports by base name): {twice}"
    milestones = sorted(p.relative_to(TESTS).as_posix() for p in files
                        if MILESTONE_NAMES.match(p.name))
    assert not milestones, f"name these after the module they test: {milestones}"


def test_the_guard_knows_a_stray_folder_and_a_milestone_name() -> None:
    assert (PACKAGE / "api").is_dir() and not (PACKAGE / "fit").is_dir()
    assert MILESTONE_NAMES.match("test_core_load.py")
    assert not MILESTONE_NAMES.match("test_load.py")
