"""What a review page shows under its Try-it block: the output and our figures beside the paper's.

:func:`output_markdown` renders one :class:`~scaledown.site.tryit.TryItResult`:
the text the block printed, then a table "What | Ours | Paper | Difference"
from the claims it stated. A block that has not run yet, or failed, gets a
clear note instead (the strict build stops before that, see
:func:`scaledown.site.tryit.check_tryit`). :func:`insert_output` puts that
Markdown right after the block's closing fence.

Example:
    >>> from scaledown.reviews import Claim
    >>> from scaledown.site.tryit import TryItResult
    >>> result = TryItResult("passed", "acc 0.97\\n", [Claim("accuracy", 97.0, 98.2, "%")])
    >>> print(output_markdown(result))  # doctest: +ELLIPSIS
    **Output** of the block above, ...
    <BLANKLINE>
    ```text
    acc 0.97
    ```
    <BLANKLINE>
    | What | Ours | Paper | Difference |
    | --- | --- | --- | --- |
    | accuracy | 97.00% | 98.20% | -1.20 percentage points |
    <BLANKLINE>
"""

from __future__ import annotations

from .escape import markdown_text
from .tryit import RUN_FIX, TryItResult


def _cell(text: str) -> str:
    # claims come from the block's output: shown as written, never markup (nor a new column)
    return markdown_text(" ".join(str(text).split()))


def _signed_cell(text: str) -> str:
    # a leading sign is a number's, not a list marker: keep it readable in the Markdown
    if text[:1] in ("-", "+"):
        return text[0] + _cell(text[1:])
    return _cell(text)


def claims_table(result: TryItResult) -> str:
    """The Markdown table of the claims, or "" when the block stated none.

    Example:
        >>> from scaledown.reviews import Claim
        >>> table = claims_table(TryItResult("passed", "", [Claim("errors", 9, 74,
        ...     source="Section 3", note="digits, not MNIST", comparable=False)]))
        >>> table.splitlines()[-1]
        '| errors<br>*digits, not MNIST* | 9 | 74 (Section 3) | not comparable |'
    """
    from ..reviews import format_value, with_unit

    if not result.claims:
        return ""
    rows = ["| What | Ours | Paper | Difference |", "| --- | --- | --- | --- |"]
    for claim in result.claims:
        what = _cell(claim.what) + (f"<br>*{_cell(claim.note)}*" if claim.note else "")
        ours = with_unit(format_value(claim.ours), claim.unit)
        paper = (claim.paper if isinstance(claim.paper, str)
                 else with_unit(format_value(claim.paper), claim.unit))
        paper = _signed_cell(paper) + (f" ({_cell(claim.source)})" if claim.source else "")
        rows.append(f"| {what} | {_signed_cell(ours)} | {paper} "
                    f"| {_signed_cell(claim.difference_text())} |")
    return "\n".join(rows) + "\n"


def _stamp(record: dict) -> str:
    started = str(record.get("started") or "")
    when = started.replace("T", " ").replace("+00:00", " UTC") if started else ""
    version = record.get("scaledown_version")
    ran = ", ".join(x for x in (f"scaledown {version}" if version else "", when) if x)
    return f"**Output** of the block above, as it last ran ({ran}):" if ran else \
        "**Output** of the block above, as it last ran:"


def output_markdown(result: TryItResult) -> str:
    """Markdown shown under the Try-it block for this result.

    Example:
        >>> print(output_markdown(TryItResult("missing", reason="it has never run")))
        !!! warning "Not executed yet: run make serve"
        <BLANKLINE>
            The output of this block and the table of our figures beside the paper's
            appear here once the block has run (it has never run): run `make serve`, or
            `scaledown reviews run`, then rebuild.
        <BLANKLINE>
    """
    if result.status == "missing":
        return ('!!! warning "Not executed yet: run make serve"\n\n'
                "    The output of this block and the table of our figures beside the paper's\n"
                f"    appear here once the block has run ({result.reason}): run `make serve`, "
                "or\n    `scaledown reviews run`, then rebuild.\n")
    if result.status == "failed":
        failure = result.failure or {}
        what = ("timed out" if failure.get("timed_out")
                else f"raised `{failure.get('ename', 'an error')}`")
        return ('!!! failure "This block failed when it last ran"\n\n'
                f"    It {what}. {RUN_FIX[0].upper()}{RUN_FIX[1:]} to see the traceback.\n")
    parts = [_stamp(result.record) + "\n"]
    if result.output.strip():
        parts.append("```text\n" + result.output.rstrip("\n").replace("```", "'''") + "\n```\n")
    table = claims_table(result)
    if table:
        parts.append(table)
    return "\n".join(parts)


def insert_output(body: str, body_line: int, end_line: int, markdown: str) -> str:
    """``body`` with ``markdown`` placed after file line ``end_line`` (the closing fence).

    Example:
        >>> insert_output("# T\\n```python\\nx\\n```\\nafter\\n", 5, 8, "OUT\\n")
        '# T\\n```python\\nx\\n```\\n\\nOUT\\n\\nafter\\n'
    """
    lines = body.splitlines(keepends=True)
    cut = end_line - body_line + 1  # lines of the body up to and including the fence
    if not 0 < cut <= len(lines):
        return body
    head = "".join(lines[:cut])
    if not head.endswith("\n"):
        head += "\n"
    return head + "\n" + markdown.rstrip("\n") + "\n\n" + "".join(lines[cut:])
