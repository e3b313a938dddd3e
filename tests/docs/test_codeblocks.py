"""Every python block in docs/**/*.md and paper_reviews/*.md runs, page by page.

One test per page (its id is the file path). Blocks of a page share one
namespace in order; ``<!-- scaledown: skip -->`` before a fence skips a block
and ``<!-- scaledown: new-session -->`` starts a fresh namespace. A failure
names the file and the line of the block. Blocks run in a temporary folder so
files they write do not land in the repository. A review's Try-it block that
already passed in ``scaledown reviews run`` on its current code (``make test``
runs that first) is not run a second time here.
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
    if _ran_as_try_it(page, blocks):
        # its only block is the review's Try-it, which 'scaledown reviews run' executed and
        # passed on this very code (its cache record says so): running it again here would
        # only double the time; tests/site/test_reviews_tryit_real.py re-runs it if stale
        return
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    run_blocks(blocks, str(page))


def _ran_as_try_it(page: Path, blocks: list) -> bool:
    """A review whose one runnable block is its Try-it, executed and passed in its cache."""
    from scaledown.site.reviews import load_reviews
    from scaledown.site.tryit import find_tryit, load_result

    if page.parent != ROOT / "paper_reviews" or len([b for b in blocks if not b.skip]) != 1:
        return False
    review = next((r for r in load_reviews(ROOT)[0] if r.path == page), None)
    job = review and find_tryit(review.path, review.slug, review.body, review.body_line)
    return bool(job) and load_result(ROOT, job).status == "passed"
