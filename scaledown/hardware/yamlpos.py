"""Read a YAML file and remember the line of every value, for file:line errors.

PyYAML's ``compose`` keeps a start mark on every node; we walk the node tree
once, building the plain Python value and a table from each value's path
(a tuple of keys and list indexes) to its 1-based line. Dates stay strings
(``2026-01-31``) so the JSON Schemas can check them, and a key written twice
in one mapping is reported instead of silently overwritten.

Example:
    >>> doc = parse_yaml("id: pico\\nmemory:\\n  sram_kb: 264\\n", "pico.yaml")
    >>> doc.data["memory"]["sram_kb"], doc.line_of(("memory", "sram_kb"))
    (264, 3)
    >>> doc.line_of(("memory", "missing"))  # falls back to the nearest parent
    2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..vocabulary.problem import Problem

Key = tuple[str | int, ...]
# A catalogue entry holds a few hundred values; far more means *aliases run away.
MAX_VALUES = 100_000


# libyaml's parser when PyYAML was built with it (about 10x faster), else pure Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """A safe loader that leaves dates as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, the line of each value, and problems found."""

    path: Path | str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: Key) -> int:
        """The line of ``key``, or of its nearest ancestor that exists."""
        key = tuple(key)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)


class YamlSyntaxError(Exception):
    """Raised by :func:`parse_yaml` with a ready-made :class:`Problem`."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def yaml_error_line(exc: yaml.YAMLError, text: str) -> int:
    """The 1-based line of ``text`` a PyYAML error points at (1 when it points nowhere).

    Most errors carry a mark; a character PyYAML refuses to read (a control
    character, say) carries only its position in the text.

    Example:
        >>> try:
        ...     yaml.safe_load("a: 1\\nb: \\x1f\\n")
        ... except yaml.YAMLError as exc:
        ...     print(yaml_error_line(exc, "a: 1\\nb: \\x1f\\n"))
        2
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return 1


def yaml_error_reason(exc: yaml.YAMLError) -> str:
    """The short reason of a PyYAML error, without its "in <unicode string>" trailer.

    Example:
        >>> try:
        ...     yaml.safe_load("a: [1\\n")
        ... except yaml.YAMLError as exc:
        ...     print(yaml_error_reason(exc))
        expected ',' or ']', but got '<stream end>'
    """
    reason = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    return str(reason)


def parse_yaml(text: str, path: Path | str) -> YamlDoc:
    """Parse ``text``; raise :class:`YamlSyntaxError` with the error's line.

    Example:
        >>> try:
        ...     parse_yaml("name: [unclosed\\n", "x.yaml")
        ... except YamlSyntaxError as err:
        ...     print(err.problem.line, err.problem.message.split(":")[0])
        2 YAML syntax error
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        loader.dispose()
        raise YamlSyntaxError(
            Problem(
                path,
                yaml_error_line(exc, text),
                f"YAML syntax error: {yaml_error_reason(exc)}",
                fix="check indentation, colons and closing brackets or quotes near this line",
            )
        ) from None
    doc = YamlDoc(path, None)
    try:
        if node is not None:
            doc.data = _build(node, (), doc, loader)
    except yaml.YAMLError as exc:  # e.g. a value whose tag names no type
        raise YamlSyntaxError(Problem(
            path, yaml_error_line(exc, text), f"YAML syntax error: {yaml_error_reason(exc)}",
            fix="check the value on this line",
        )) from None
    finally:
        loader.dispose()
    return doc


def _build(node: yaml.Node, key: Key, doc: YamlDoc, loader: _Loader, line: int = 0,
           open_nodes: frozenset[int] = frozenset()) -> Any:
    # A mapping value is located at its key's line: for a block that is the
    # ``name:`` line a volunteer looks for, not the block's first child.
    doc.lines[key] = line or node.start_mark.line + 1
    if len(doc.lines) > MAX_VALUES:  # *aliases can repeat a block exponentially often
        raise YamlSyntaxError(Problem(
            doc.path, node.start_mark.line + 1,
            f"YAML syntax error: the file expands to more than {MAX_VALUES} values",
            fix="a catalogue entry is small; write the values out instead of repeating "
                "*aliases",
        ))
    if id(node) in open_nodes:  # an alias (*name) inside the block its anchor (&name) marks
        raise YamlSyntaxError(Problem(
            doc.path, node.start_mark.line + 1,
            "YAML syntax error: this block contains itself through an &anchor and *alias",
            fix="write the values out instead of using &anchor / *alias",
        ))
    inside = open_nodes | {id(node)}
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(Problem(
                    doc.path, key_node.start_mark.line + 1,
                    "YAML syntax error: a key must be a plain name, not a list or a block",
                    fix="write 'name: value'; a '?' or '[' before the colon makes a complex key",
                ))
            name = loader.construct_object(key_node, deep=True)
            if name in out:
                doc.problems.append(
                    Problem(
                        doc.path,
                        key_node.start_mark.line + 1,
                        f"the key {name!r} is written twice in the same block",
                        fix="keep one of them; YAML would silently use the last",
                    )
                )
            out[name] = _build(value_node, (*key, name), doc, loader, key_node.start_mark.line + 1,
                               inside)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*key, i), doc, loader, 0, inside)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse a YAML file (UTF-8).

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.yaml"
        >>> _ = f.write_text("a: 1\\n")
        >>> read_yaml(f).data
        {'a': 1}
    """
    return parse_yaml(path.read_text(encoding="utf-8"), path)
