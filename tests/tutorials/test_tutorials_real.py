"""Execute the repository's real tutorials once, through the command a contributor uses.

The import-aware cache (``.scaledown-cache/tutorials``) makes this cheap when
nothing they import changed; in a fresh clone it runs them all (a few minutes
on two cores). Failures print the notebook, cell, first lines and traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaledown.cli import main
from scaledown.tutorials import cache
from scaledown.tutorials.check import load_tutorials
from scaledown.tutorials.pages import generate

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_every_tutorial_runs_and_its_page_shows_real_outputs(capsys) -> None:
    tutorials, _ = load_tutorials(REPO)
    assert len(tutorials) >= 6
    code = main(["tutorials", "run", "--root", str(REPO), "--jobs", "2"])
    report = capsys.readouterr().err
    assert code == 0, report
    cache_dir = cache.default_cache_dir(REPO)
    for tutorial in tutorials:
        record = cache.load_record(cache_dir, tutorial.slug)
        assert record and record["status"] == "passed", tutorial.slug
        assert any("/scaledown/" in name for name in record["imports"]), tutorial.slug
    files = {f.path: f.content for f in generate(REPO)}
    for tutorial in tutorials:
        page = files[tutorial.page]
        assert "Last executed with scaledown" in page, tutorial.slug
        assert "Not executed in this build" not in page, tutorial.slug
        assert any(p.startswith(f"learn/tutorials/{tutorial.slug}_files/") for p in files), (
            f"{tutorial.slug} has no plot")
    models = REPO / ".scaledown-cache" / "tutorial-models"
    assert {p.name for p in models.glob("*.tflite")} >= {
        "first-model-cnn.tflite", "quantization-cnn-int8.tflite",
        "prune-and-distill-student-int8.tflite", "gestures-cnn-int8.tflite"}
