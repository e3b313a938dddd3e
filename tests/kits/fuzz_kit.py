"""Shared Hypothesis strategies and assertions for the fuzz tests (tests/**/test_fuzz_*.py).

The contract every parser and loader keeps: arbitrary text never raises
anything but a scaledown error, and every problem it reports names a file and
a line. Run with ``--hypothesis-show-statistics`` to see how many examples ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from scaledown.errors import ContentError, ScaleDownError

# Bounded so the suite stays fast; no example database is written into the checkout.
FUZZ = settings(max_examples=400, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# For targets that check a whole folder on each example (tens of milliseconds each).
FUZZ_FOLDER = settings(FUZZ, max_examples=300)

# Pieces of YAML and Markdown syntax: arbitrary text rarely gets past the first
# character of a parser; text stitched from these reaches its deeper paths.
YAML_PIECES = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "\n", "\n  ", "\n    ", "  ", "\t", "'", '"',
    "#", "---", "---\n", "...", "? ", "&a ", "*a", "<<: ", "!!str ", "!!python/object:os.system ",
    "!x ", "%YAML 1.1\n", "|", ">", "~", "null", "true", "no", "1e400", ".inf", "-0", "0x1F",
    "0o17", "12:30:00", "2024-02-30", "2024-05-01", "2024-05-01T25:61:00Z", "1_000",
    "title", "date", "authors", "author", "tags", "categories", "category", "image", "slug",
    "id", "name", "start", "timezone", "duration_minutes", "agenda", "materials", "source",
    "value", "\u00e9", "\u2028", "\ufeff", "\x00", "\x85", "\U0001f600", "{{ site.baseurl }}",
    "{% raw %}", "{% endraw %}", "{% highlight python %}", "{% include x.html %}", "<!--more-->",
    "](", "[a](", "/assets/x.png)", "```", "\\",
]

yaml_like_text = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)),
                          max_size=40).map("".join)
any_text = st.one_of(st.text(), yaml_like_text)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20), st.dates().map(str))
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)


def dump(data: Any) -> str:
    """YAML text of ``data`` (as a volunteer might write it)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def assert_located(problem: Any, where: str | Path | None = None) -> None:
    """``problem`` names a file (``where`` when given) and a line >= 1."""
    assert str(problem.path), problem
    if where is not None:
        assert str(problem.path).endswith(str(where)), (problem.path, where)
    assert isinstance(problem.line, int) and problem.line >= 1, f"no line: {problem}"
    assert problem.message.strip(), problem


def assert_scaledown_error(exc: BaseException, where: str | Path | None = None) -> None:
    """A raised error is a scaledown error and says where (file and line)."""
    assert isinstance(exc, ScaleDownError), f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ContentError):
        assert exc.problems, exc
        for problem in exc.problems:
            assert_located(problem, where)
    else:
        assert where is None or f"{where}:" in str(exc) or f"{Path(where).name}:" in str(exc), exc
