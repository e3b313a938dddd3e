"""The repository's reviews: every Try-it block runs and states our figures beside the paper's.

Runs through the command a contributor uses, with the cache in
``.scaledown-cache/reviews`` (``make test`` fills it first, so this is cheap
there; in a fresh clone it runs every block, a few minutes on two cores).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaledown.cli import main
from scaledown.site.review_pages import generate
from scaledown.site.tryit import check_tryit, load_result, review_tryits

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_every_try_it_runs_states_a_claim_and_shows_a_table(capsys) -> None:
    jobs = review_tryits(REPO)
    assert len(jobs) >= 8
    code = main(["reviews", "run", "--root", str(REPO), "--jobs", "2"])
    assert code == 0, capsys.readouterr().err
    problems = check_tryit(REPO)
    assert problems == [], "\n".join(map(str, problems))
    pages = {f.path: f.content for f in generate(REPO)}
    for job in jobs:
        result = load_result(REPO, job)
        assert result.status == "passed" and result.claims, job.slug
        page = pages[f"reviews/{job.slug}.md"]
        assert "| What | Ours | Paper | Difference |" in page, job.slug
        assert "Not executed yet" not in page, job.slug
