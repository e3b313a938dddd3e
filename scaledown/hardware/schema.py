"""Validate catalogue files against their JSON Schemas, in words a volunteer reads.

The schemas (``hardware_catalog/schemas/<kind>.schema.json``, draft 2020-12)
are the single definition of each file's shape. ``jsonschema`` finds what is
wrong; this module turns each error into a :class:`Problem` with the file, the
line of the offending value (from :mod:`.yamlpos`) and a fix.

Example:
    >>> from scaledown.hardware.yamlpos import parse_yaml
    >>> doc = parse_yaml("id: bme688\\nname: BME688\\naxes: three\\n", "bme688.yaml")
    >>> for p in validate(doc, "sensor")[:2]:
    ...     print(p.line, p.message)
    1 missing required field(s) `vendor`, `type`, `measures`, `interface`, `datasheet`
    3 `axes` should be an integer or null, not the text 'three'
"""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import Any

from ..vocabulary.problem import Problem
from .yamlpos import YamlDoc

SCHEMA_DIR_NAME = "schemas"
KINDS = ("device", "sensor", "branch")

# Keys that would hold a borrower's personal data: refused with their own message.
PERSONAL_KEYS = frozenset(
    {"borrower", "borrower_name", "name", "email", "phone", "address", "github", "user", "student"}
)

_PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case letters, digits and single dashes, "
    "e.g. `raspberry-pi-pico`",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "write the date as YYYY-MM-DD, e.g. 2026-01-31",
    "^https?://[^\\s<>\"']+$": "use a full web address starting with https://",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    "^[A-Z]{2}$": "use the two-letter ISO 3166-1 code in capitals, e.g. GH, IN, BR",
    "^[A-Z]{3}$": "use the three-letter ISO 4217 currency code, e.g. EUR",
    "^[A-Z0-9]+(-[A-Z0-9]+)*$": "use capitals, digits and dashes, e.g. ACC-0001",
}

_TYPE_NAMES = {
    "number": "a number",
    "integer": "an integer",
    "string": "text",
    "object": "a block of fields",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}


@functools.cache
def load_schema(kind: str, schema_dir: Path) -> dict[str, Any]:
    """Load the JSON Schema of one kind of catalogue file.

    Example:
        >>> from scaledown.hardware.location import catalogue_dir
        >>> load_schema("branch", catalogue_dir() / "schemas")["title"]
        'Branch'
    """
    return json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(kind: str, schema_dir: Path) -> Any:
    import jsonschema

    schema = load_schema(kind, schema_dir)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _field(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _what(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _describe(error: Any) -> tuple[str, str | None, tuple[Any, ...]]:
    """Return (message, fix, path of the line to point at) for one schema error."""
    path = tuple(error.absolute_path)
    name = _field(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        fields = ", ".join(f"`{k}`" for k in missing)
        where = "" if not path else f" in `{name}`"
        return (
            f"missing required field(s) {fields}{where}",
            "add the field(s); `scaledown new device|branch ID` writes a template with every field",
            path,
        )
    if error.instance in (None, "") and kind in ("enum", "type", "minLength", "pattern"):
        if kind == "enum":
            hint = f"choose one of: {', '.join(str(v) for v in error.validator_value)}"
        else:
            hint = schema.get("x-fix") or _PATTERN_HINTS.get(schema.get("pattern", "")) or ""
        return f"`{name}` is empty", f"fill it in{': ' + hint if hint else ''}", path
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = extra[0] if extra else ""
        if key in PERSONAL_KEYS and "asset" in allowed:
            return (
                f"`{key}` would record a borrower's personal data, which the catalogue never holds",
                "remove it; refer to a loan only by its request number (`request: 123`)",
                (*path, key),
            )
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"allowed: {', '.join(allowed)}"
        return f"unknown field `{key}`" + (f" in `{name}`" if path else ""), hint, (*path, key)
    if kind == "type":
        wanted = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        fix = schema.get("x-fix")
        if fix is None and path and path[-1] == "value" and "number" in wanted:
            fix = "write a plain number without a unit, e.g. `value: 256`"
        return f"`{name}` should be {names}, not {_what(error.instance)}", fix, path
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(error.instance), options, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        return (
            f"`{name}` is {error.instance!r}, which is not one of the allowed values",
            f"{hint}allowed: {', '.join(options)}",
            path,
        )
    if kind == "pattern":
        return (
            f"`{name}` is {error.instance!r}, which is not in the expected form",
            _PATTERN_HINTS.get(error.validator_value),
            path,
        )
    if kind == "format":
        return (
            f"`{name}` is {error.instance!r}, which is not a real date",
            _PATTERN_HINTS["^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
            path,
        )
    if kind == "anyOf" and schema.get("x-fix"):
        return f"`{name}` gives no source", schema["x-fix"], path
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "exclusiveMinimum": "above", "maximum": "at most",
                 "exclusiveMaximum": "below"}[kind]
        fix = schema.get("x-fix") or (
            f"use a value {bound} {error.validator_value}; check the datasheet or the map "
            "for the right figure"
        )
        return f"`{name}` is {error.instance!r}: {error.message.split(' is ', 1)[-1]}", fix, path
    if kind == "minItems":
        return f"`{name}` needs at least {error.validator_value} item(s)", schema.get("x-fix"), path
    return (
        f"`{name}`: {error.message}",
        schema.get("x-fix") or f"see hardware_catalog/schemas/ for what `{name}` takes",
        path,
    )


def validate(doc: YamlDoc, kind: str, schema_dir: Path | None = None) -> list[Problem]:
    """Check one parsed file against the schema of ``kind``; return its problems.

    Example:
        >>> from scaledown.hardware.yamlpos import parse_yaml
        >>> doc = parse_yaml("- a list\\n", "x.yaml")
        >>> print(validate(doc, "sensor")[0].message)
        `the file` should be a block of fields, not a list
    """
    if schema_dir is None:
        from .location import catalogue_dir

        schema_dir = catalogue_dir() / SCHEMA_DIR_NAME
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    errors = sorted(
        _validator(kind, schema_dir).iter_errors(doc.data),
        key=lambda e: doc.line_of(tuple(e.absolute_path)),
    )
    for error in errors:
        message, fix, at = _describe(error)
        line = doc.line_of(at)
        if (line, message) not in seen:
            seen.add((line, message))
            problems.append(Problem(doc.path, line, message, fix=fix))
    return problems


def read_checked(path: Path, kind: str, folder: Path,
                 shown: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one catalogue file and check it against the schema of ``kind``.

    ``folder`` is the catalogue folder (its ``schemas/`` is used) and ``shown``
    the path problems name. Returns the parsed document (``None`` when the YAML
    cannot be read) and its problems: the reader's own first, then the schema's.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from scaledown.hardware.location import catalogue_dir
        >>> f = Path(tempfile.mkdtemp()) / "x.yaml"
        >>> _ = f.write_text("- a list\\n")
        >>> doc, problems = read_checked(f, "sensor", catalogue_dir(), "sensors/x.yaml")
        >>> problems[0].path, doc.path
        ('sensors/x.yaml', 'sensors/x.yaml')
    """
    import dataclasses

    from .yamlpos import YamlSyntaxError, read_yaml

    try:
        doc = read_yaml(path)
    except YamlSyntaxError as exc:
        return None, [dataclasses.replace(exc.problem, path=shown)]
    doc.path = shown
    found = [dataclasses.replace(p, path=shown) for p in doc.problems]
    return doc, found + validate(doc, kind, Path(folder) / "schemas")
