"""Find and run the fenced ``python`` blocks of a Markdown page.

Every python block in ``docs/**/*.md`` and ``paper_reviews/*.md`` runs as a
test (``tests/docs/test_codeblocks.py``). The blocks of one page run in order
in one shared namespace, so a later block can use what an earlier one made.
Two HTML comments, each on the line right before a fence, change that:

* ``<!-- scaledown: skip -->``: do not run this block (an illustrative snippet);
* ``<!-- scaledown: new-session -->``: start this block with a fresh namespace.

Code is compiled with the Markdown file as its file name and padded so the
line numbers in a traceback are the lines of the ``.md`` file.

Example:
    >>> text = (
    ...     "Intro\\n\\n```python\\nx = 2\\n```\\n\\n<!-- scaledown: skip -->\\n"
    ...     "```python\\nimport not_a_module\\n```\\n\\n```py\\nassert x == 2\\n```\\n"
    ... )
    >>> [(b.line, b.skip) for b in extract_blocks(text)]
    [(4, False), (9, True), (13, False)]
    >>> run_blocks(extract_blocks(text), "page.md")
    2
"""

from __future__ import annotations

import re
import textwrap
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_MARKER = re.compile(r"^\s*<!--\s*scaledown:\s*(?P<what>[a-z-]+)\s*-->\s*$")
LANGUAGES = {"python", "py", "python3"}


@dataclass(frozen=True)
class CodeBlock:
    """One fenced block: ``line`` is the 1-based file line of its first code line."""

    code: str
    line: int
    skip: bool = False
    new_session: bool = False


class CodeBlockError(AssertionError):
    """A block raised; the message names the file and line."""


def extract_blocks(text: str) -> list[CodeBlock]:
    """Every fenced python block in Markdown text, with its markers.

    Unknown ``<!-- scaledown: ... -->`` markers raise ``ValueError`` so a typo
    does not silently run an illustrative snippet.

    Example:
        >>> extract_blocks("```bash\\nls\\n```\\n")
        []
        >>> extract_blocks("<!-- scaledown: skipp -->\\n```python\\n1\\n```\\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1: unknown marker 'skipp' (use 'skip' or 'new-session')
    """
    lines = text.splitlines()
    blocks: list[CodeBlock] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, indent = match["fence"], match["indent"]
        language = (match["info"].strip().split() or [""])[0].lstrip("{.").rstrip("}").lower()
        end = i + 1
        while end < len(lines) and not (lines[end].strip().startswith(fence[0] * len(fence))
                                         and lines[end].strip().strip(fence[0]) == ""):
            end += 1
        if language in LANGUAGES:
            markers = _markers_before(lines, i)
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip()
                    for line in lines[i + 1:end]]
            blocks.append(CodeBlock(textwrap.dedent("\n".join(body)) + "\n", i + 2,
                                    skip="skip" in markers, new_session="new-session" in markers))
        i = end + 1
    return blocks


def _markers_before(lines: list[str], fence_index: int) -> set[str]:
    found: set[str] = set()
    j = fence_index - 1
    while j >= 0:
        match = _MARKER.match(lines[j])
        if not match:
            break
        if match["what"] not in {"skip", "new-session"}:
            raise ValueError(f"line {j + 1}: unknown marker '{match['what']}' "
                             "(use 'skip' or 'new-session')")
        found.add(match["what"])
        j -= 1
    return found


def run_blocks(blocks: Iterable[CodeBlock], filename: str) -> int:
    """Run blocks in order in a shared namespace; return how many ran.

    Raises:
        CodeBlockError: a block raised; the message gives ``file:line`` of the
            block and the traceback with the Markdown file's line numbers.

    Example:
        >>> try:
        ...     run_blocks([CodeBlock("1 / 0\\n", 7)], "docs/x.md")
        ... except CodeBlockError as error:
        ...     print(str(error).splitlines()[0])
        docs/x.md:7: the python block starting on line 7 raised ZeroDivisionError: division by zero
    """
    namespace: dict[str, object] = {"__name__": "__main__"}
    ran = 0
    for block in blocks:
        if block.skip:
            continue
        if block.new_session:
            namespace = {"__name__": "__main__"}
        code = "\n" * (block.line - 1) + block.code
        try:
            exec(compile(code, filename, "exec"), namespace)  # running the docs is the point
        except Exception as exc:
            trace = "".join(traceback.format_exception(exc)[1:])  # drop this frame's header
            raise CodeBlockError(
                f"{filename}:{block.line}: the python block starting on line {block.line} "
                f"raised {type(exc).__name__}: {exc}\n{trace}"
                "fix: correct the block, or put <!-- scaledown: skip --> on the line before "
                "its fence if it is only an illustration") from None
        ran += 1
    return ran


def pages_with_blocks(root: Path) -> list[Path]:
    """Markdown pages under ``docs/`` and ``paper_reviews/`` holding a python block.

    Example:
        >>> pages_with_blocks(Path("/nonexistent"))
        []
    """
    candidates = [*sorted((root / "docs").rglob("*.md")),
                  *sorted((root / "paper_reviews").glob("*.md"))]
    found = []
    for path in candidates:
        text = path.read_text(encoding="utf-8")
        if re.search(r"^[ \t]*(`{3,}|~{3,})[ \t]*\{?\.?(python|py|python3)\b", text, re.M):
            found.append(path)
    return found
