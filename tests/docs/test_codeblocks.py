"""Every python block in docs/**/*.md and paper_reviews/*.md runs, page by page.

One test per page (its id is the file path). Blocks of a page share one
namespace in order; ``<!-- scaledown: skip -->`` before a fence skips a block
and ``<!-- scaledown: new-session -->`` starts a fresh namespace. A failure
names the file and the line of the block. Blocks run in a temporary folder so
files they write do not land in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaledown.tutorials.codeblocks import extract_blocks, pages_with_blocks, run_blocks

ROOT = Path(__file__).resolve().parents[2]
PAGES = pages_with_blocks(ROOT)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rel = page.relative_to(ROOT).as_posix()
    try:
        blocks = extract_blocks(page.read_text(encoding="utf-8"))
    except ValueError as exc:
        pytest.fail(f"{rel}: {exc}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    run_blocks(blocks, str(page))
