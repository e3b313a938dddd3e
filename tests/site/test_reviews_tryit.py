"""Reviews' Try-it blocks run at build time and show our figures beside the paper's.

A tiny fake review in a temp project (its block only imports the light
``scaledown.reviews``, so a kernel starts in about a second): the claim helper,
the run through ``scaledown reviews run`` and its cache, the table on the
generated page, and a failing block that stops ``scaledown check`` and the
strict build with file:line.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from scaledown.cli import main
from scaledown.errors import InputError
from scaledown.reviews import MIME_TYPE, Claim, claim
from scaledown.site import pipeline
from scaledown.site.review_pages import generate
from scaledown.site.tryit import check_tryit, lenient, load_result, review_tryits

AUTHORS = ("authors:\n  ada:\n    name: Ada Lovelace\n    description: Reviewer\n"
           "    avatar: assets/ada.svg\n")
FRONT = """\
---
title: "{title}"
authors: [Grace Hopper]
venue: MLSys 2021
year: 2021
arxiv: "{arxiv}"
url: https://arxiv.org/abs/{arxiv}
topics: [quantization]
reviewer: ada
difficulty: beginner
---

# {title}

## What the paper reports

Some prose that never types a measured number.

## Try it

The block prints our figure beside the paper's.

```python
{code}
```

## Afterwards

More prose.
"""
GOOD_CODE = """\
# A comment line, which is not a Markdown heading inside the block.
from scaledown.reviews import claim

print("measured on this computer")
claim("int8 accuracy", ours=97.5, paper=98.25, unit="%", source="Table 1")
claim("latency", ours=3.0, paper=40, unit="ms", note="a desktop, not the board",
      comparable=False)"""
BAD_CODE = """\
x = 1
raise ValueError("the block is broken")"""


def write_review(root: Path, slug: str, code: str, arxiv: str = "2101.00001") -> Path:
    path = root / "paper_reviews" / f"{slug}.md"
    path.write_text(FRONT.format(title=slug.title(), arxiv=arxiv, code=textwrap.dedent(code)),
                    encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reviews")
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (root / "constraints.txt").write_text("numpy==1.0\n", encoding="utf-8")
    (root / "docs/blog").mkdir(parents=True)
    (root / "docs/blog/.authors.yml").write_text(AUTHORS, encoding="utf-8")
    (root / "paper_reviews").mkdir()
    write_review(root, "tiny", GOOD_CODE)
    return root


def run_cli(root: Path, *names: str) -> tuple[int, list[dict]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["reviews", "run", "--root", str(root), "--jobs", "1", "--json",
                     "--timeout", "60", *names])
    return code, json.loads(out.getvalue())


# --- the claim helper ---------------------------------------------------------------------

def test_claim_prints_one_line_and_returns_the_row(capsys: pytest.CaptureFixture) -> None:
    row = claim("file size", ours=2.6, paper=4, unit="x", source="Section 2")
    assert capsys.readouterr().out == (
        "file size: ours 2.60x, paper 4x (Section 2): difference -1.40x\n")
    assert row == Claim("file size", 2.6, 4, "x", "Section 2")
    assert Claim.from_json(json.loads(json.dumps(row.to_json()))) == row


def test_claim_differences_read_as_a_beginner_expects() -> None:
    assert Claim("accuracy", 97.0, 95.5, "%").difference_text() == "+1.50 percentage points"
    assert Claim("accuracy", 97.0, 97.0, "%").difference_text() == "0.00 percentage points"
    assert Claim("speed", 2.0, 9.0, "ms", comparable=False).difference_text() == "not comparable"
    assert Claim("loss", 0.4, "no loss", "%").difference_text() == "no figure to subtract"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"what": "", "ours": 1, "paper": 2}, "'what' is empty"),
    ({"what": "acc", "ours": "97%", "paper": 2}, "'ours' must be a number"),
    ({"what": "acc", "ours": float("nan"), "paper": 2}, "'ours' is nan"),
    ({"what": "acc", "ours": 1, "paper": None}, "'paper' must be a number"),
])
def test_claim_rejects_bad_values_clearly(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        claim(**kwargs)
    assert "fix:" in str(caught.value)


# --- executed at build time ----------------------------------------------------------------

def test_the_block_runs_and_its_page_shows_the_output_and_the_table(project: Path) -> None:
    path = project / "paper_reviews" / "tiny.md"
    code, results = run_cli(project)
    assert code == 0, results
    assert [(r["slug"], r["status"]) for r in results] == [("tiny", "passed")]
    (job,) = review_tryits(project)
    result = load_result(project, job)
    assert result.status == "passed"
    assert [c.what for c in result.claims] == ["int8 accuracy", "latency"]
    # in the kernel the claim went out as machine-readable display data
    executed = json.loads((project / ".scaledown-cache/reviews/tiny/executed.ipynb").read_text())
    assert any(MIME_TYPE in o.get("data", {}) for o in executed["cells"][0]["outputs"])
    assert check_tryit(project) == []

    page = {f.path: f.content for f in generate(project)}["reviews/tiny.md"]
    table = "| int8 accuracy | 97.50% | 98.25% (Table 1) | -0.75 percentage points |"
    assert table in page
    assert ("| latency<br>*a desktop, not the board* | 3.00 ms | 40 ms | not comparable |"
            in page)
    assert "measured on this computer" in page and "Not executed yet" not in page
    assert "Claim(" not in page  # the claim returned by the last line is not echoed
    # the output sits right under the block, before the next section
    fence_end = page.index('comparable=False)\n```\n')
    assert fence_end < page.index("**Output** of the block above") < page.index(table) \
        < page.index("## Afterwards")
    assert line_of(path, "## Try it") > 0  # the source file itself is untouched
    assert "**Output**" not in path.read_text()


def _kernels_we_started() -> list[str]:
    children = [int(pid) for task in Path(f"/proc/{os.getpid()}/task").iterdir()
                for pid in (task / "children").read_text().split()]
    found = []
    for pid in children:
        try:
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:  # it ended meanwhile
            continue
    return [cmd for cmd in found if "ipykernel" in cmd]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux's /proc")
def test_no_kernel_is_left_running_after_a_run(project: Path) -> None:
    path = project / "paper_reviews" / "tiny.md"
    path.write_text(path.read_text().replace('print("measured', 'print("Measured'))
    assert run_cli(project)[1][0]["status"] == "passed"
    assert _kernels_we_started() == []
    path.write_text(path.read_text().replace('print("Measured', 'print("measured'))
    assert run_cli(project)[1][0]["status"] == "passed"


def test_an_unchanged_block_is_not_executed_again(project: Path) -> None:
    code, results = run_cli(project)
    assert code == 0 and [r["status"] for r in results] == ["cached"]
    path = project / "paper_reviews" / "tiny.md"
    path.write_text(path.read_text().replace("More prose.", "More prose, edited."))
    assert [r["status"] for r in run_cli(project)[1]] == ["cached"]  # prose is not the key


def test_an_edited_block_is_missing_until_it_runs_again(project: Path) -> None:
    path = project / "paper_reviews" / "tiny.md"
    path.write_text(path.read_text().replace("ours=97.5", "ours=96.5"))
    (job,) = review_tryits(project)
    assert load_result(project, job).status == "missing"
    page = {f.path: f.content for f in generate(project)}["reviews/tiny.md"]
    assert "Not executed yet: run make serve" in page and "97.50%" not in page
    (problem,) = check_tryit(project)
    assert (str(problem.path), problem.line, problem.severity) == (
        "paper_reviews/tiny.md", line_of(path, "# A comment line"), "error")
    assert "block changed since it last ran" in problem.message
    assert [p.severity for p in lenient([problem])] == ["warning"]
    code, results = run_cli(project, "tiny")
    assert code == 0 and results[0]["reason"] == "Try-it block changed"
    assert "96.50%" in {f.path: f.content for f in generate(project)}["reviews/tiny.md"]


def test_a_failing_block_fails_check_with_file_and_line(project: Path, capsys) -> None:
    bad = write_review(project, "broken", BAD_CODE, arxiv="2101.00002")
    try:
        code, results = run_cli(project, "broken")
        assert code == 1
        raising = line_of(bad, "raise ValueError")
        assert results[0]["failure"]["notebook"] == f"paper_reviews/broken.md:{raising}"
        capsys.readouterr()
        assert main(["check", "--root", str(project), "--only", "tryit"]) == 1
        report = capsys.readouterr().err
        assert (f"paper_reviews/broken.md:{raising}: error: the Try it block raised "
                "ValueError: the block is broken") in report
        assert "scaledown reviews run broken" in report
        page = {f.path: f.content for f in generate(project)}["reviews/broken.md"]
        assert "This block failed when it last ran" in page
    finally:
        bad.unlink()


def test_the_strict_build_stops_on_a_missing_run_and_the_plain_one_notes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = tmp_path
    (root / "mkdocs.yml").write_text("site_name: mini\nplugins:\n  - scaledown\n"
                                     "markdown_extensions:\n  - admonition\n"
                                     "  - pymdownx.superfences\n", encoding="utf-8")
    (root / "docs/blog").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    (root / "docs/blog/.authors.yml").write_text(AUTHORS)
    (root / "paper_reviews").mkdir()
    path = write_review(root, "tiny", GOOD_CODE)
    monkeypatch.setattr(pipeline, "CHECKERS", {"tryit": pipeline.CHECKERS["tryit"]})
    monkeypatch.setattr(pipeline, "GENERATORS", {"reviews": pipeline.GENERATORS["reviews"]})

    def mkdocs(strict: bool) -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"),
                             strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)

    with pytest.raises(Abort):
        mkdocs(strict=True)
    line = line_of(path, "# A comment line")
    assert (f"paper_reviews/tiny.md:{line}: error: the Try it block has not been executed"
            in caplog.text)
    assert not (root / "site").exists()
    mkdocs(strict=False)
    html = (root / "site/reviews/tiny/index.html").read_text()
    assert "Not executed yet: run make serve" in html

    # a block that fails stops the strict build at the line that raised
    bad = write_review(root, "tiny", BAD_CODE)
    assert run_cli(root)[0] == 1
    caplog.clear()
    with pytest.raises(Abort):
        mkdocs(strict=True)
    assert (f"paper_reviews/tiny.md:{line_of(bad, 'raise ValueError')}: error: the Try it "
            "block raised ValueError: the block is broken") in caplog.text


def test_claim_texts_are_shown_as_written_in_the_table() -> None:
    from scaledown.site.tryit import TryItResult
    from scaledown.site.tryit_pages import claims_table

    table = claims_table(TryItResult("passed", "", [Claim(
        "<b>bold</b> | split", -1.5, "a [link](http://x)", "ms", note="*not* emphasis")]))
    row = table.splitlines()[-1]
    assert row.count(" | ") == 3  # four cells: the '|' in the text did not add a column
    assert "<b>" not in row and "](http" not in row and "*not*" not in row
    assert "| -1.50 ms |" in row
