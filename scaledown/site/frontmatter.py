"""Read and write Markdown files that start with YAML front matter.

Every content kind (blog posts, paper reviews, tutorials' pages) reads its
metadata through :func:`read_markdown`, so every checker can point at the
exact line of a bad field, and malformed YAML is reported the same way
everywhere: as a :class:`~scaledown.errors.ContentError` with file and line.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_markdown(folder / "hello.md", {"title": "Hello", "authors": ["ada"]}, "Hi!\\n")
    >>> doc = read_markdown(folder / "hello.md")
    >>> doc.meta["title"], doc.line_of("authors"), doc.body_line
    ('Hello', 3, 6)
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from ..vocabulary.problem import Problem

_FENCE = "---"
# libyaml's parser when PyYAML was built with it: same results, several times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A Markdown file split into its front matter and its body.

    Attributes:
        path: The file read.
        meta: The front matter as a dict (empty when the file has none).
        body: Everything after the closing ``---``.
        body_line: 1-based line number where the body starts.
        key_lines: 1-based line of each top-level front-matter key.
    """

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """Line of ``key`` in the file, or line 1 (the opening fence) if absent.

        Example:
            >>> Document(Path("a.md"), {"title": "x"}, "", 4, {"title": 2}).line_of("date")
            1
        """
        return self.key_lines.get(key, 1)

    def line_in_body(self, offset: int) -> int:
        """File line of the character at ``offset`` in :attr:`body`.

        Example:
            >>> Document(Path("a.md"), {}, "one\\ntwo\\n", 5).line_in_body(5)
            6
        """
        return self.body_line + self.body.count("\n", 0, offset)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split text into (front-matter YAML or None, body, body's 1-based line).

    Example:
        >>> split_front_matter("---\\ntitle: A\\n---\\nBody")
        ('title: A\\n', 'Body', 4)
        >>> split_front_matter("No front matter")
        (None, 'No front matter', 1)
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    return None, text, 1  # no closing fence: treat the whole file as body


def front_matter_mapping(text: str) -> tuple[str | None, dict[str, Any] | None, str]:
    """Split ``text`` and read its front matter, never raising: (YAML, mapping, body).

    For code that edits a page and leaves a page it cannot read alone (``scaledown
    check`` reports what is wrong with it). The mapping is ``None`` when there is no
    front matter, or it is malformed YAML, holds an impossible value (a date such as
    2024-02-30) or is not a mapping; the YAML text is ``None`` without front matter.

    Args:
        text: A whole Markdown file.

    Returns:
        The front-matter YAML text (or None), its mapping (or None), and the body.

    Example:
        >>> front_matter_mapping("---\\ntitle: A\\n---\\nBody")
        ('title: A\\n', {'title': 'A'}, 'Body')
        >>> front_matter_mapping("---\\ndate: 2024-02-30\\n---\\nBody")[1] is None
        True
        >>> front_matter_mapping("No front matter")
        (None, None, 'No front matter')
    """
    front, body, _ = split_front_matter(text)
    if front is None:
        return None, None, body
    try:
        meta = yaml.load(front, Loader=_Loader)  # safe: libyaml's SafeLoader when built
    except (yaml.YAMLError, ValueError):
        return front, None, body
    return front, meta if isinstance(meta, dict) else None, body


def _yaml_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    # +1: marks are 0-based, +1 again: the YAML starts after the opening fence.
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(
        path,
        line,
        f"malformed YAML front matter: {reason}",
        fix="check indentation and quoting; values containing ':' or '#' need quotes",
    )


def _value_problem(path: Path, node: yaml.Node | None, exc: ValueError) -> Problem:
    line = 2
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            try:
                yaml.safe_load(yaml.serialize(value_node))
            except ValueError:
                line = key_node.start_mark.line + 2
                break
    return Problem(
        path,
        line,
        f"impossible value in front matter: {exc}",
        fix="dates are written YYYY-MM-DD and must exist in the calendar",
    )


def parse_front_matter(yaml_text: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse front-matter YAML into (mapping, line of each top-level key).

    Lines are numbered as in the file, i.e. the line after the opening ``---``
    is line 2.

    Raises:
        ContentError: the YAML is malformed or is not a mapping.

    Example:
        >>> parse_front_matter("title: A\\ntags: [x]\\n", Path("p.md"))
        ({'title': 'A', 'tags': ['x']}, {'title': 2, 'tags': 3})
    """
    node = None
    loader = _Loader(yaml_text)
    try:
        # one parse: compose (keeps line marks), then construct from the same nodes
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ContentError([_yaml_problem(path, exc)]) from None
    except ValueError as exc:  # e.g. "date: 2024-02-30" looks like a date but is not one
        raise ContentError([_value_problem(path, node, exc)]) from None
    finally:
        loader.dispose()
    if meta is None:
        return {}, {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(
            [
                Problem(
                    path,
                    2,
                    "front matter must be a mapping of 'key: value' lines, "
                    f"got {type(meta).__name__}",
                    fix="write one 'key: value' per line between the two '---' lines",
                )
            ]
        )
    key_lines = {
        str(key_node.value): key_node.start_mark.line + 2 for key_node, _ in node.value
    }
    return meta, key_lines


def read_markdown(path: str | Path) -> Document:
    """Read a Markdown file with optional YAML front matter.

    Args:
        path: The ``.md`` file.

    Returns:
        The :class:`Document`; ``meta`` is empty when there is no front matter.

    Raises:
        ContentError: malformed YAML, with the file and the YAML error's line.

    Example:
        >>> import tempfile
        >>> bad = Path(tempfile.mkdtemp()) / "bad.md"
        >>> _ = bad.write_text("---\\ntitle: [oops\\n---\\n")
        >>> try:
        ...     read_markdown(bad)
        ... except ContentError as err:
        ...     print(err.problems[0].line)
        3
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return Document(path, {}, body, body_line, {})
    meta, key_lines = parse_front_matter(yaml_text, path)
    return Document(path, meta, body, body_line, key_lines)


def render_markdown(meta: dict[str, Any], body: str) -> str:
    """Render front matter and body as one Markdown string.

    Example:
        >>> print(render_markdown({"title": "A"}, "Body"), end="")
        ---
        title: A
        ---
        Body
    """
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False)
    if not body.endswith("\n"):
        body += "\n"
    return f"{_FENCE}\n{front}{_FENCE}\n{body}"


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename.

    A crash or error never leaves a half-written file behind.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "sub" / "x.txt"
        >>> atomic_write_text(target, "ok")
        >>> target.read_text()
        'ok'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_markdown(path: str | Path, meta: dict[str, Any], body: str) -> None:
    """Atomically write a Markdown file with YAML front matter.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "post.md"
        >>> write_markdown(target, {"title": "T"}, "Text")
        >>> read_markdown(target).body
        'Text\\n'
    """
    atomic_write_text(path, render_markdown(meta, body))
