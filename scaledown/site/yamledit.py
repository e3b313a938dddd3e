"""Add entries to a hand-edited YAML file without touching what is already there.

``docs/blog/.authors.yml`` and the redirect map are edited by people, with
comments. :func:`add_entries` inserts new entries as text at the end of one
top-level mapping, so every existing line (comments included) stays as it
was; values are written by PyYAML, so any text is quoted safely. The result
is parsed again and compared before it is returned.

Example:
    >>> text = "# people\\nauthors:\\n  ada:\\n    name: Ada\\n"
    >>> print(add_entries(text, "authors", {"grace": {"name": "Grace: compilers"}}), end="")
    # people
    authors:
      ada:
        name: Ada
      grace:
        name: 'Grace: compilers'
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import ScaleDownError


def _dump(entries: dict[str, Any], indent: int) -> list[str]:
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    return [(" " * indent + line) if line else line for line in text.splitlines()]


def _last_end(node: yaml.Node) -> yaml.Mark:
    # the end of the innermost last value: comments after it stay where they are
    while True:
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            return node.end_mark


def _top_level(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if key_node.value == key:
            return key_node, value
    return None


def add_entries(text: str, key: str, entries: dict[str, Any]) -> str:
    """``text`` with ``entries`` added under its top-level ``key:`` mapping.

    Args:
        text: The YAML file's text ("" for a new file).
        key: The top-level mapping to extend (``authors``, ``redirects``).
        entries: New keys and their values; keys already present are an error.

    Raises:
        ScaleDownError: the file is not a mapping, or the result would not read back.

    Example:
        >>> print(add_entries("", "redirects", {"old/": "blog/posts/a.md"}), end="")
        redirects:
          old/: blog/posts/a.md
    """
    if not entries:
        return text
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
        before = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as exc:
        raise ScaleDownError(
            f"cannot add to malformed YAML: {exc}",
            fix="fix the file (scaledown check shows where), then re-run") from None
    if before is not None and not isinstance(before, dict):
        raise ScaleDownError(f"the file holds a {type(before).__name__}, not a '{key}:' mapping",
                             fix=f"start the file with '{key}:' and one entry per line under it")
    lines = text.splitlines()
    found = _top_level(root, key)
    if found is None:
        new_lines = [*lines, *_dump({key: entries}, 0)]
    else:
        key_node, value = found
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            indent = value.value[0][0].start_mark.column
            last = _last_end(value)
            at = last.line + 1 if last.column > 0 else last.line
            while at > 0 and at - 1 < len(lines) and not lines[at - 1].strip():
                at -= 1  # keep blank lines after the mapping where they were
            new_lines = [*lines[:at], *_dump(entries, indent), *lines[at:]]
        elif isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
            # 'key:' with nothing under it yet: put the entries right below
            row = key_node.start_mark.line
            head = lines[row][: value.end_mark.column if value.value else None].rstrip()
            if not head.endswith(":"):
                head = f"{key}:"
            new_lines = [*lines[:row], head, *_dump(entries, 2), *lines[row + 1:]]
        else:
            raise ScaleDownError(
                f"'{key}:' is written in a form the importer cannot extend line by line",
                fix=f"write '{key}:' as a block, one '  id:' per line under it, then re-run")
    result = "\n".join(new_lines) + "\n"
    after = yaml.safe_load(result) or {}
    old = dict((before or {}).get(key) or {})
    clash = set(old) & set(entries)
    if clash:
        raise ScaleDownError(f"'{key}' already has {', '.join(sorted(clash))}",
                             fix="leave those entries out; existing entries are never replaced")
    if after.get(key) != {**old, **entries} or {
            k: v for k, v in after.items() if k != key} != {
            k: v for k, v in (before or {}).items() if k != key}:
        raise ScaleDownError(f"adding to '{key}:' would change other entries of the file",
                             fix=f"write '{key}:' as a plain block mapping, then re-run")
    return result
