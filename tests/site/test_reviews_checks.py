"""Paper reviews: the shipped reviews are valid, and bad front matter fails with file:line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scaledown.cli import main
from scaledown.site.frontmatter import read_markdown
from scaledown.site.reviews import (
    MIN_WORDS,
    arxiv_problem,
    bibtex,
    check_reviews,
    load_reviews,
    plain_citation,
    review_files,
    word_count,
)

ROOT = Path(__file__).resolve().parents[2]
AUTHORS = "authors:\n  ada:\n    name: Ada Lovelace\n    description: Reviewer\n" \
          "    avatar: assets/ada.svg\n"

GOOD = """\
---
title: "A Paper about Tiny Things"
authors:
  - Grace Hopper
  - Alan Turing
venue: MLSys 2021
year: 2021
arxiv: "2010.08678"
url: https://arxiv.org/abs/2010.08678
topics: [deployment, hardware]
reviewer: ada
difficulty: beginner
implemented_in: int8-ptq
---

# A paper about tiny things

## Try it

```python
print("hello")
```
"""


@pytest.fixture
def review_project(tmp_path: Path) -> Path:
    """A throwaway project: mkdocs.yml, one author ('ada'), an empty paper_reviews/."""
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (tmp_path / "docs/blog").mkdir(parents=True)
    (tmp_path / "docs/blog/.authors.yml").write_text(AUTHORS, encoding="utf-8")
    (tmp_path / "paper_reviews").mkdir()
    return tmp_path


def write(project: Path, text: str, name: str = "paper.md") -> Path:
    path = project / "paper_reviews" / name
    path.write_text(text, encoding="utf-8")
    return path


def errors(project: Path) -> list[tuple[str, int | None, str]]:
    return [(str(p.path), p.line, p.message) for p in check_reviews(project)
            if p.severity == "error"]


# --- the reviews in this repository ---------------------------------------------------------

def test_repository_reviews_have_no_errors_or_warnings() -> None:
    problems = check_reviews(ROOT)
    assert problems == [], "\n".join(map(str, problems))


def test_at_least_eight_reviews_of_600_words_with_a_runnable_try_it() -> None:
    reviews, _ = load_reviews(ROOT)
    assert len(review_files(ROOT)) == len(reviews) >= 8
    for review in reviews:
        assert word_count(review.body) >= MIN_WORDS, review.slug
        try_it = review.body.split("## Try it", 1)
        assert len(try_it) == 2 and "```python" in try_it[1], f"{review.slug}: no Try it block"
        assert "import scaledown as sd" in try_it[1], review.slug


def test_the_issue_paper_list_is_covered() -> None:
    ids = {r.arxiv for r in load_reviews(ROOT)[0]}
    # Deep Compression, Jacob et al., Hinton et al., MobileNets, Hello Edge, MCUNet,
    # MLPerf Tiny, Lottery Ticket, TFLite Micro
    assert {"1510.00149", "1712.05877", "1503.02531", "1704.04861", "1711.07128",
            "2007.10319", "2106.07597", "1803.03635", "2010.08678"} <= ids


# --- bad input: one error, on the right line -------------------------------------------------

def test_a_good_review_passes(review_project: Path) -> None:
    write(review_project, GOOD)
    assert errors(review_project) == []
    assert main(["check", "--root", str(review_project), "--only", "reviews"]) == 0


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("venue: MLSys 2021\n", "", 1, "missing required field 'venue'"),
        ("year: 2021", "year: 1900", 7, "year 1900 is impossible"),
        ("year: 2021", f"year: {dt.date.today().year + 1}", 7, "is impossible"),
        ("year: 2021", "year: soon", 7, "year must be a whole number"),
        ('arxiv: "2010.08678"', 'arxiv: "2010.8678"', 8, "has 4 digits after the dot"),
        ('arxiv: "2010.08678"', 'arxiv: "arxiv-2010"', 8, "is not an arXiv id"),
        ('arxiv: "2010.08678"', "arxiv: 2010.08678", 8, "was read as a number"),
        ('arxiv: "2010.08678"', 'arxiv: "2013.08678"', 8, "has month 13"),
        ("reviewer: ada", "reviewer: adda", 11, "unknown reviewer 'adda' (did you mean 'ada'?)"),
        ("implemented_in: int8-ptq", "implemented_in: int8-qat", 13,
         "implemented_in 'int8-qat' is not a registered scaledown method"),
        ("topics: [deployment, hardware]", "topics: [deployment, hardwear]", 10,
         "unknown topic 'hardwear' (did you mean 'hardware'?)"),
        ("difficulty: beginner", "difficulty: expert", 12, "unknown difficulty 'expert'"),
        ("authors:\n  - Grace Hopper\n  - Alan Turing\n", "authors: Grace Hopper\n", 3,
         "'authors' must be a list of names"),
    ],
)
def test_bad_field_is_an_error_with_its_line(review_project: Path, old: str, new: str,
                                             line: int, message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert old in GOOD
    write(review_project, GOOD.replace(old, new, 1))
    found = errors(review_project)
    assert len(found) == 1, found
    path, got_line, got_message = found[0]
    assert path == "paper_reviews/paper.md"
    assert message in got_message
    assert got_line == line
    # the command line fails and prints file:line
    assert main(["check", "--root", str(review_project), "--only", "reviews"]) == 1
    assert f"paper_reviews/paper.md:{got_line}: error:" in capsys.readouterr().err


def test_missing_arxiv_and_doi(review_project: Path) -> None:
    write(review_project, GOOD.replace('arxiv: "2010.08678"\n', ""))
    assert [m for *_, m in errors(review_project)] == ["the review needs an 'arxiv' id or a 'doi'"]
    write(review_project, GOOD.replace('arxiv: "2010.08678"', "doi: 10.1109/CVPR.2018.00286"))
    assert errors(review_project) == []
    write(review_project, GOOD.replace('arxiv: "2010.08678"', "doi: https://doi.org/10.1/x"))
    assert "is not a DOI" in errors(review_project)[0][2]


def test_malformed_yaml_names_the_line(review_project: Path) -> None:
    write(review_project, GOOD.replace("topics: [deployment, hardware]", "topics: [deployment"))
    (path, line, message), = errors(review_project)
    assert path == "paper_reviews/paper.md" and "malformed YAML" in message
    assert line is not None and 10 <= line <= 12


def test_unknown_field_and_short_review_are_warnings(review_project: Path) -> None:
    write(review_project, GOOD.replace("difficulty: beginner", "difficulty: beginner\ntopic: x"))
    problems = check_reviews(review_project)
    assert errors(review_project) == []
    messages = [p.message for p in problems if p.severity == "warning"]
    assert any("unknown field 'topic' (did you mean 'topics'?)" in m for m in messages)
    assert any("reviews have at least 600" in m for m in messages)


def test_duplicate_paper_is_an_error(review_project: Path) -> None:
    write(review_project, GOOD, "one.md")
    write(review_project, GOOD, "two.md")
    assert [(p, m) for p, _, m in errors(review_project)] == [
        ("paper_reviews/two.md", "arXiv 2010.08678 is already reviewed in paper_reviews/one.md")]


def test_invalid_review_is_left_out_of_the_site(review_project: Path) -> None:
    write(review_project, GOOD, "good.md")
    write(review_project, GOOD.replace("2010.08678", "2106.07597").replace("year: 2021",
                                                                           "year: 3000"), "bad.md")
    reviews, _ = load_reviews(review_project)
    assert [r.slug for r in reviews] == ["good"]


@pytest.mark.parametrize(("value", "ok"), [
    ("1510.00149", True), ("0704.0001", True), ("1412.7024v2", True), ("arXiv:2106.07597", True),
    ("1510.0149", False), ("1412.70241", False), ("0612.0001", False), ("2106.07597v0", False),
    ("hep-th/9901001", False), ("", False),
])
def test_arxiv_id_format(value: str, ok: bool) -> None:
    assert (arxiv_problem(value) is None) is ok


# --- citations -----------------------------------------------------------------------------

def test_citations_are_generated_from_front_matter(review_project: Path) -> None:
    write(review_project, GOOD.replace("A Paper about Tiny Things", "Tiny & Fast: 100% on_MCU"))
    (review,), _ = load_reviews(review_project)
    entry = bibtex(review)
    assert entry.startswith("@inproceedings{hopper2021tiny,\n")
    assert entry.count("{") == entry.count("}")
    assert r"title = {{Tiny \& Fast: 100\% on\_MCU}}" in entry
    assert "author = {Hopper, Grace and Turing, Alan}" in entry
    assert "booktitle = {MLSys 2021}" in entry and "eprint = {2010.08678}" in entry
    assert plain_citation(review) == (
        "Hopper, G., & Turing, A. (2021). Tiny & Fast: 100% on_MCU. MLSys 2021. "
        "arXiv:2010.08678. https://arxiv.org/abs/2010.08678")


def test_preprints_are_misc_entries() -> None:
    reviews = {r.slug: r for r in load_reviews(ROOT)[0]}
    entry = bibtex(reviews["mobilenets"])
    assert entry.startswith("@misc{howard2017mobilenets,")
    assert "howpublished = {arXiv preprint}" in entry


def test_every_repository_review_cites_cleanly() -> None:
    for review in load_reviews(ROOT)[0]:
        entry = bibtex(review)
        assert entry.count("{") == entry.count("}"), review.slug
        assert re.match(r"@\w+\{[a-z]+\d{4}[a-z]*,\n", entry), entry.splitlines()[0]
        assert str(review.year) in plain_citation(review)
        assert read_markdown(review.path).meta["title"] in plain_citation(review)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        # GOOD's body starts on line 15 (a blank line); a '## Try it' heading here is on line 18
        ("# A paper about tiny things\n\nNo example here.\n", 15,
         "the review has no '## Try it' section"),
        ("# A paper about tiny things\n\n## Try it\n\nRun it yourself.\n", 18,
         "the '## Try it' section has no ```python block"),
        ("# T\n\n## Try it\n\nSoon.\n\n## Notes\n\n```python\nprint(1)\n```\n", 18,
         "the '## Try it' section has no ```python block"),
    ],
)
def test_review_without_its_try_it_block_is_an_error(review_project: Path, body: str, line: int,
                                                      message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    write(review_project, GOOD.split("# A paper about tiny things", 1)[0] + body)
    assert errors(review_project) == [("paper_reviews/paper.md", line, message)]
    assert main(["check", "--root", str(review_project), "--only", "reviews"]) == 1
    assert f"paper_reviews/paper.md:{line}: error: " in capsys.readouterr().err
