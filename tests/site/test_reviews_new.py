"""``scaledown new review --arxiv ID``: offline scaffold whose TODOs fail the check."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from scaledown.cli import main
from scaledown.site.frontmatter import read_markdown, write_markdown
from scaledown.site.reviews import OPTIONAL, REQUIRED, check_reviews

AUTHORS = ("authors:\n  ada:\n    name: Ada Lovelace\n    description: Reviewer\n"
           "    avatar: assets/ada.svg\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n")
    (tmp_path / "docs/blog").mkdir(parents=True)
    (tmp_path / "docs/blog/.authors.yml").write_text(AUTHORS)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("scaledown new review must not open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    return tmp_path


def new(project: Path, *args: str) -> int:
    return main(["new", "review", "--root", str(project), *args])


def test_scaffold_has_every_field_and_fails_the_check(project: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, "--arxiv", "2007.10319", "--title", "MCUNet: Tiny Deep Learning",
               "--reviewer", "ada", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["path"] == "paper_reviews/mcunet-tiny-deep-learning.md"
    assert out["todo_markers"] > 5
    doc = read_markdown(project / out["path"])
    assert set(REQUIRED + OPTIONAL) - {"doi"} <= set(doc.meta)
    assert doc.meta["arxiv"] == "2007.10319" and doc.meta["year"] == 2020
    assert doc.meta["url"] == "https://arxiv.org/abs/2007.10319"
    assert doc.meta["reviewer"] == "ada" and doc.meta["title"] == "MCUNet: Tiny Deep Learning"
    for section in ("## The problem", "## The key idea in plain words", "## What the paper reports",
                    "## Limitations", "## What it means on a microcontroller", "## Try it"):
        assert section in doc.body

    problems = [p for p in check_reviews(project) if p.severity == "error"]
    todo_fields = {p.message.split("'")[1] for p in problems if "still has a TODO" in p.message
                   and p.message.startswith("'")}
    assert todo_fields == {"authors", "venue", "topics", "difficulty", "implemented_in", "summary"}
    assert any(p.message == "the review text still has a TODO marker" for p in problems)
    assert all(p.line for p in problems)
    assert main(["check", "--root", str(project), "--only", "reviews"]) == 1


def test_filled_in_scaffold_passes(project: Path) -> None:
    assert new(project, "--arxiv", "1503.02531v1", "--reviewer", "ada") == 0
    path = project / "paper_reviews/arxiv-1503-02531.md"
    doc = read_markdown(path)
    meta = dict(doc.meta, title="Distilling the Knowledge in a Neural Network",
                authors=["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"],
                venue="NIPS 2014 Deep Learning Workshop", topics=["distillation"],
                difficulty="beginner", implemented_in="knowledge-distillation",
                summary="Small students learn from big teachers.")
    body = "# Distilling\n\n" + "Plain words about the paper. " * 130 + "\n\n## Try it\n\n" \
           "```python\nimport scaledown as sd\n```\n"
    write_markdown(path, meta, body)
    assert check_reviews(project) == []


def test_malformed_arxiv_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, "--arxiv", "2007.1031") == 1
    err = capsys.readouterr().err
    assert "'2007.1031' has 4 digits after the dot" in err and "(--arxiv)" in err
    assert "fix:" in err
    assert not (project / "paper_reviews").exists() or not any(
        (project / "paper_reviews").iterdir())


def test_unknown_reviewer_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, "--arxiv", "2007.10319", "--reviewer", "bob") == 1
    assert "unknown reviewer 'bob' (--reviewer)" in capsys.readouterr().err
    assert not list(project.rglob("*.md"))


def test_existing_review_is_not_overwritten(project: Path) -> None:
    assert new(project, "--arxiv", "2007.10319", "--title", "MCUNet") == 0
    path = project / "paper_reviews/mcunet.md"
    path.write_text("my work")
    assert new(project, "--arxiv", "2007.10319", "--title", "MCUNet") == 1
    assert path.read_text() == "my work"
    assert new(project, "--arxiv", "2007.10319", "--title", "MCUNet", "--force") == 0
    assert path.read_text() != "my work"
    assert [p.name for p in path.parent.iterdir()] == ["mcunet.md"]  # no temp files left


def test_paper_already_reviewed_is_refused(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, "--arxiv", "1803.03635", "--title", "Lottery") == 0
    assert new(project, "--arxiv", "1803.03635v5", "--title", "Another title") == 1
    err = capsys.readouterr().err
    assert "arXiv 1803.03635 is already reviewed in paper_reviews/lottery.md" in err
    assert new(project, "--arxiv", "1803.03635", "--title", "Another title", "--force") == 1
    assert not (project / "paper_reviews/another-title.md").exists()
