"""Paper reviews' Try-it blocks: find them, run them like tutorials, read what they printed.

Each review's ``## Try it`` section holds one python block. :class:`TryIt`
turns that block into a one-cell notebook that the tutorials runner
(:mod:`scaledown.tutorials.runner`) executes with its import-aware cache,
keyed on the block's own source, so editing the prose around it re-runs
nothing. ``scaledown reviews run`` (and ``make serve``/``build``/``test``)
run them; the cache lives in ``.scaledown-cache/reviews/<slug>/``.

:func:`load_result` reads the last run back: the printed text and the claims
the block stated with :func:`scaledown.reviews.claim`.
:func:`check_tryit`, registered in :data:`scaledown.site.pipeline.CHECKERS`
as ``"tryit"``, reports a Try-it that has not run yet, or that failed, with
the review's file and the line of its block. The strict build treats those
as errors; a plain ``mkdocs build``/``serve`` (:func:`lenient`) as warnings,
and the page says the block has not run yet.

Example:
    >>> body = "# T\\n\\n## Try it\\n\\nText.\\n\\n```python\\nprint(1)\\n```\\n"
    >>> job = find_tryit(Path("paper_reviews/t.md"), "t", body, body_line=12)
    >>> job.line, job.end_line, job.code
    (19, 20, 'print(1)\\n')
    >>> find_tryit(Path("t.md"), "t", "## Try it\\n```python\\n# a comment\\nx = 1\\n```\\n").code
    '# a comment\\nx = 1\\n'
    >>> job.cell_line(0, "Cell In[1], line 1\\n----> 1 print(1)")
    19
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..reviews import MIME_TYPE, Claim
from ..vocabulary.problem import Problem

_TRY_IT = re.compile(r"^##\s+Try it\b.*$", re.MULTILINE)
_NEXT_SECTION = re.compile(r"^#{1,2}\s")
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
# TensorFlow's Python logging (retracing notices) lands in stdout; it is not the block's output.
_LOG_LINE = re.compile(r"^(WARNING|INFO):tensorflow:")
CACHE_ENV = "SCALEDOWN_REVIEWS_CACHE_DIR"
RUN_FIX = "run 'scaledown reviews run' (make serve, make build and make test do it for you)"


@dataclass(frozen=True)
class TryIt:
    """The Try-it block of one review, as a job for the tutorials runner.

    ``line`` is the file line of the block's first code line and ``end_line``
    the line of its closing fence; ``path`` is the review file.
    """

    path: Path
    slug: str
    code: str
    line: int
    end_line: int
    source_name: ClassVar[str] = "Try-it block"  # in the runner's reasons: "... changed"

    def notebook(self) -> Any:
        """A one-cell notebook holding the block (what the runner executes).

        Example:
            >>> TryIt(Path("r.md"), "r", "print(2)\\n", 5, 6).notebook().cells[0].source
            'print(2)\\n'
        """
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(self.code))
        nb.metadata["scaledown_review"] = {"path": self.path.name, "line": self.line}
        return nb

    def source_hash(self) -> str:
        """SHA-256 of the block's code: the part of the cache key that is the source.

        Example:
            >>> TryIt(Path("a.md"), "a", "x = 1\\n", 3, 4).source_hash()[:12]
            '9e26bf369911'
        """
        return hashlib.sha256(self.code.encode("utf-8")).hexdigest()

    def cell_line(self, index: int, traceback: str = "") -> int:
        """The file line to blame for a failure: the raising line of the block if known.

        Example:
            >>> TryIt(Path("a.md"), "a", "x = 1\\n1 / 0\\n", 30, 33).cell_line(
            ...     0, "Cell In[1], line 2\\n----> 2 1 / 0")
            31
        """
        found = _CELL_LINE.findall(traceback)
        offset = int(found[-1]) - 1 if found else 0
        return self.line + offset if 0 <= offset < max(1, self.code.count("\n")) else self.line


def find_tryit(path: Path, slug: str, body: str, body_line: int = 1) -> TryIt | None:
    """The first python block of the body's ``## Try it`` section, or None.

    Blocks marked ``<!-- scaledown: skip -->`` are passed over.

    Example:
        >>> find_tryit(Path("r.md"), "r", "# T\\n\\nNo section.\\n") is None
        True
    """
    from ..tutorials.codeblocks import extract_blocks

    heading = _TRY_IT.search(body)
    if heading is None:
        return None
    start = body.count("\n", 0, heading.start())  # 0-based line of the heading in the body
    section = _section(body.splitlines()[start:])
    try:
        blocks = extract_blocks(section)
    except ValueError:  # an unknown marker: the code-block test reports it
        return None
    for block in blocks:
        if block.skip:
            continue
        first = body_line + start + block.line - 1
        return TryIt(Path(path), slug, block.code, first, first + block.code.count("\n"))
    return None


def _section(lines: list[str]) -> str:
    """The lines from a heading up to the next heading of level 1 or 2 outside code fences."""
    fence = ""
    for index, line in enumerate(lines[1:], 1):
        match = _FENCE.match(line)
        if match and (not fence or match["fence"].startswith(fence)):
            fence = "" if fence else match["fence"]
        elif not fence and _NEXT_SECTION.match(line):
            return "\n".join(lines[:index]) + "\n"
    return "\n".join(lines) + "\n"


def review_tryits(root: Path) -> list[TryIt]:
    """The Try-it block of every valid review under ``root``.

    Example:
        >>> review_tryits(Path("/nonexistent"))
        []
    """
    from .reviews import load_reviews

    reviews, _ = load_reviews(Path(root))
    found = (find_tryit(r.path, r.slug, r.body, r.body_line) for r in reviews)
    return [job for job in found if job is not None]


def cache_dir(root: Path) -> Path:
    """``$SCALEDOWN_REVIEWS_CACHE_DIR`` if set, else ``<root>/.scaledown-cache/reviews``.

    Example:
        >>> cache_dir(Path("/repo")).as_posix()  # doctest: +SKIP
        '/repo/.scaledown-cache/reviews'
    """
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(root) / ".scaledown-cache" / "reviews"


def run_tryits(root: Path, jobs_to_run: Sequence[TryIt] | None = None, *,
               cache: Path | None = None, jobs: int | None = None, timeout: float = 180,
               force: bool = False, env: dict[str, str] | None = None,
               on_start: Callable[[Any, str], None] | None = None,
               on_done: Callable[[Any], None] | None = None) -> list[Any]:
    """Execute the Try-it blocks whose cache is stale, with the tutorials runner.

    Returns:
        One :class:`scaledown.tutorials.runner.RunResult` per block.

    Example:
        >>> run_tryits(Path("/nonexistent"))
        []
    """
    from ..tutorials.runner import run

    root = Path(root)
    chosen = review_tryits(root) if jobs_to_run is None else list(jobs_to_run)
    if not chosen:
        return []
    return run(chosen, root, cache_dir=cache or cache_dir(root), jobs=jobs, timeout=timeout,
               force=force, env=env, on_start=on_start, on_done=on_done)


@dataclass
class TryItResult:
    """What the last run of one Try-it left: ``passed``, ``failed`` or ``missing``."""

    status: str
    output: str = ""
    claims: list[Claim] = field(default_factory=list)
    reason: str = ""
    failure: dict[str, Any] | None = None
    record: dict[str, Any] = field(default_factory=dict)


def load_result(root: Path, job: TryIt, cache: Path | None = None) -> TryItResult:
    """The last run of ``job``, if it ran on the block as it is now.

    Example:
        >>> job = TryIt(Path("a.md"), "a", "print(1)\\n", 3, 4)
        >>> load_result(Path("/nonexistent"), job).status
        'missing'
    """
    from ..tutorials import cache as run_cache

    folder = cache or cache_dir(Path(root))
    record = run_cache.load_record(folder, job.slug)
    if not record:
        return TryItResult("missing", reason="it has never run")
    if record.get("source_hash") != job.source_hash():
        return TryItResult("missing", reason="the block changed since it last ran",
                           record=record)
    if record.get("status") != "passed":
        return TryItResult("failed", reason="it failed when it last ran",
                           failure=record.get("failure") or {}, record=record)
    executed = run_cache.executed_path(folder, job.slug)
    if not executed.is_file():
        return TryItResult("missing", reason="its executed notebook is missing", record=record)
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    output, claims = read_outputs(nb.cells[0].get("outputs", []) if nb.cells else [])
    return TryItResult("passed", output, claims, record=record)


def read_outputs(outputs: Sequence[dict[str, Any]]) -> tuple[str, list[Claim]]:
    """The printed text (stdout and shown values) and the claims of one cell's outputs.

    Example:
        >>> text, claims = read_outputs([
        ...     {"output_type": "stream", "name": "stdout",
        ...      "text": "hi\\nWARNING:tensorflow:5 out of the last 9 calls ...\\n"},
        ...     {"output_type": "display_data", "data": {"text/plain": "acc: ours 1",
        ...      MIME_TYPE: {"what": "acc", "ours": 1, "paper": 2}}}])
        >>> text, claims[0].paper
        ('hi\\n', 2)
    """
    from ..tutorials.render import clean_stream

    text: list[str] = []
    claims: list[Claim] = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            printed = clean_stream(_text(output.get("text", "")))
            text.append("".join(line for line in printed.splitlines(keepends=True)
                                if not _LOG_LINE.match(line)))
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            if isinstance(data.get(MIME_TYPE), dict):  # its line is in the table already
                claims.append(Claim.from_json(data[MIME_TYPE]))
            elif "text/plain" in data:
                line = _text(data["text/plain"])
                text.append(line if line.endswith("\n") else line + "\n")
    return "".join(text), claims


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class TryItProblem(Problem):
    """A Try-it that did not run or failed: an error in the strict build, else a warning."""


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def check_tryit(root: Path) -> list[Problem]:
    """The ``"tryit"`` checker: every review's Try-it ran on its current code and passed.

    Example:
        >>> check_tryit(Path("/nonexistent"))
        []
    """
    root = Path(root)
    problems: list[Problem] = []
    for job in review_tryits(root):
        rel = _rel(root, job.path)
        result = load_result(root, job)
        if result.status == "missing":
            problems.append(TryItProblem(
                rel, job.line, f"the Try it block has not been executed: {result.reason}",
                fix=RUN_FIX))
        elif result.status == "failed":
            failure = result.failure or {}
            where = str(failure.get("notebook", ""))
            line = int(where.rsplit(":", 1)[1]) if re.search(r":\d+$", where) else job.line
            what = ("timed out" if failure.get("timed_out") else
                    f"raised {failure.get('ename', 'an error')}: {failure.get('evalue', '')}")
            problems.append(TryItProblem(
                rel, line, f"the Try it block {what}".rstrip(": "),
                fix=f"correct the block; 'scaledown reviews run {job.slug}' runs it again and "
                "prints the traceback"))
        elif not result.claims:
            problems.append(Problem(
                rel, job.line, "the Try it block states no claim, so its page shows no table "
                "of our figure beside the paper's", severity="warning",
                fix="call sd.reviews.claim(what=..., ours=..., paper=..., unit=...) for each "
                "figure it compares (see paper_reviews/README.md)"))
    return problems


def lenient(problems: Sequence[Problem]) -> list[Problem]:
    """Turn Try-it errors into warnings (for builds that are not strict).

    Example:
        >>> [p.severity for p in lenient([TryItProblem("r.md", 3, "not run")])]
        ['warning']
    """
    return [dataclasses.replace(p, severity="warning")
            if isinstance(p, TryItProblem) and p.severity == "error" else p for p in problems]
