"""Read a tutorial's metadata from its jupytext header and validate it.

A tutorial is a percent-format ``.py`` file that starts like this::

    # ---
    # jupyter:
    #   kernelspec: {display_name: Python 3, language: python, name: python3}
    #   scaledown:
    #     title: Your first TinyML model
    #     summary: Train a small CNN on digits and measure it.
    #     level: beginner
    #     minutes: 20
    #     prerequisites: []
    #     tracks: [ml-practitioner, embedded-engineer, newcomer]
    #     boards: [arduino-nano-33-ble-sense]
    # ---

    # %% [markdown]
    # # Your first TinyML model

The file name gives the order and the slug: ``01-first-model.py`` is the
first tutorial, published at ``learn/tutorials/first-model/``.

Example:
    >>> text = (
    ...     "# ---\\n# jupyter:\\n#   scaledown:\\n#     title: Hi\\n"
    ...     "#     summary: S\\n#     level: beginner\\n#     minutes: 5\\n"
    ...     "#     prerequisites: []\\n#     tracks: [newcomer]\\n#     boards: []\\n"
    ...     "# ---\\n\\n# %%\\nprint(1)\\n"
    ... )
    >>> header = parse_header(text, Path("tutorials/01-hi.py"))
    >>> header.meta["title"], header.line_of("level")
    ('Hi', 6)
    >>> validate(header, known_slugs={"hi"}, known_boards=None)
    []
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..vocabulary.problem import Problem

LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")

#: Background tracks: id -> (title, who it is for).
TRACKS: dict[str, tuple[str, str]] = {
    "ml-practitioner": (
        "ML practitioner, new to embedded",
        "You train models in Python; microcontrollers, flash and SRAM are new to you.",
    ),
    "embedded-engineer": (
        "Embedded engineer, new to ML",
        "You write firmware in C; training and quantizing models is new to you.",
    ),
    "newcomer": (
        "Newcomer to both",
        "You know some Python and are curious; neither ML nor embedded is familiar yet.",
    ),
}

REQUIRED: tuple[str, ...] = (
    "title",
    "summary",
    "level",
    "minutes",
    "prerequisites",
    "tracks",
    "boards",
)

_NAME = re.compile(r"^(?:(?P<order>\d+)-)?(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEMPLATE_FIX = "start from 'scaledown new tutorial \"My title\"', which writes a complete header"


@dataclass
class Header:
    """A tutorial's parsed header.

    Attributes:
        path: The tutorial source file.
        meta: The ``jupyter: scaledown:`` mapping (empty if absent).
        key_lines: 1-based file line of each key in ``meta``.
        problems: Problems found while parsing (no header, bad YAML).
        header_end: 1-based line of the closing ``# ---`` (0 if no header).
    """

    path: Path
    meta: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    header_end: int = 0

    def line_of(self, key: str) -> int:
        """File line of ``key``, or line 1 if the key is missing.

        Example:
            >>> Header(Path("t.py"), {}, {"title": 4}).line_of("level")
            1
        """
        return self.key_lines.get(key, 1)


@dataclass(frozen=True)
class Tutorial:
    """A tutorial with valid metadata.

    Example:
        >>> t = Tutorial(Path("tutorials/02-quant.py"), "quant", 2, "Q", "S",
        ...              "beginner", 10, (), ("newcomer",), ())
        >>> t.page
        'learn/tutorials/quant.md'
    """

    path: Path
    slug: str
    order: int
    title: str
    summary: str
    level: str
    minutes: int
    prerequisites: tuple[str, ...]
    tracks: tuple[str, ...]
    boards: tuple[str, ...]

    @property
    def page(self) -> str:
        """The generated page, relative to the site root."""
        return f"learn/tutorials/{self.slug}.md"


def slug_and_order(path: Path) -> tuple[str, int] | None:
    """Split ``01-first-model.py`` into (``first-model``, 1); None if the name is invalid.

    Example:
        >>> slug_and_order(Path("03-prune-and-distill.py"))
        ('prune-and-distill', 3)
        >>> slug_and_order(Path("Bad Name.py")) is None
        True
    """
    match = _NAME.match(path.stem)
    if not match:
        return None
    return match["slug"], int(match["order"] or 0)


def parse_header(text: str, path: Path) -> Header:
    """Parse the jupytext YAML header of a percent-format source.

    Example:
        >>> print(parse_header("# %%\\nprint(1)\\n", Path("t.py")).problems[0].message)
        no jupytext header: the file must start with a '# ---' line
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "# ---":
        return Header(path, {}, problems=[Problem(
            path, 1, "no jupytext header: the file must start with a '# ---' line",
            fix=_TEMPLATE_FIX)])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "# ---"), None)
    if end is None:
        return Header(path, {}, problems=[Problem(
            path, 1, "the jupytext header is not closed by a second '# ---' line",
            fix="add a line '# ---' after the metadata")])
    yaml_lines = [re.sub(r"^# ?", "", line) for line in lines[1:end]]
    yaml_text = "\n".join(yaml_lines)
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Header(path, {}, problems=[Problem(
            path, line, f"malformed YAML in the header: {reason}",
            fix="check indentation and quoting; values containing ':' or '#' need quotes")],
            header_end=end + 1)
    node = _child(root, "jupyter")
    node = _child(node, "scaledown")
    meta = (data.get("jupyter") or {}).get("scaledown") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or node is None:
        return Header(path, {}, problems=[Problem(
            path, 1, "the header has no 'jupyter: scaledown:' metadata block",
            fix=_TEMPLATE_FIX)], header_end=end + 1)
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return Header(path, meta, key_lines, header_end=end + 1)


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node if isinstance(value_node, yaml.MappingNode) else None
    return None


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def validate(
    header: Header,
    *,
    known_slugs: set[str],
    known_boards: set[str] | None,
) -> list[Problem]:
    """Every problem with a header's metadata, each at its line.

    Args:
        header: From :func:`parse_header`.
        known_slugs: Slugs of all tutorials (prerequisites may name them).
        known_boards: Device ids in the hardware catalogue; None skips the check.

    Example:
        >>> h = Header(Path("t.py"), {"title": "T", "summary": "S", "level": "expert",
        ...            "minutes": 5, "prerequisites": [], "tracks": ["newcomer"],
        ...            "boards": ["esp33"]}, {"level": 5, "boards": 9})
        >>> for p in validate(h, known_slugs=set(), known_boards={"esp32"}):
        ...     print(p.line, p.message)
        5 level 'expert' is not one of beginner, intermediate, advanced
        9 board 'esp33' is not in the hardware catalogue (did you mean 'esp32'?)
    """
    path, meta = header.path, header.meta
    problems = list(header.problems)
    if header.problems:
        return problems

    def bad(key: str, message: str, fix: str | None = None) -> None:
        problems.append(Problem(path, header.line_of(key), message, fix=fix))

    for key in REQUIRED:
        if key not in meta:
            bad(key, f"metadata key '{key}' is missing", fix=_TEMPLATE_FIX)
    for key in meta:
        if key not in REQUIRED:
            problems.append(Problem(path, header.line_of(key), f"unknown metadata key '{key}'",
                                    fix=f"use only: {', '.join(REQUIRED)}", severity="warning"))
    for key in ("title", "summary"):
        if key in meta and (not isinstance(meta[key], str) or not meta[key].strip()):
            bad(key, f"'{key}' must be a non-empty text",
                fix=f"write one line of text after '{key}:', in quotes if it holds ':' or '#'")
    if "level" in meta and meta["level"] not in LEVELS:
        bad("level", f"level {meta['level']!r} is not one of {', '.join(LEVELS)}",
            fix=f"choose from {', '.join(LEVELS)}")
    minutes = meta.get("minutes")
    if "minutes" in meta and (not isinstance(minutes, int) or isinstance(minutes, bool)
                              or not 1 <= minutes <= 240):
        bad("minutes", f"minutes must be a whole number from 1 to 240, got {minutes!r}",
            fix="estimate how long a learner needs to read and run it")
    for key in ("prerequisites", "tracks", "boards"):
        if key in meta and _str_list(meta[key]) is None:
            bad(key, f"'{key}' must be a list of texts, e.g. [a, b], got {meta[key]!r}",
                fix=f"write it as a list in brackets, e.g. {key}: [] for none")
    tracks = _str_list(meta.get("tracks")) or []
    if "tracks" in meta and _str_list(meta["tracks"]) is not None and not tracks:
        bad("tracks", "'tracks' is empty: name at least one background track",
            fix=f"choose from {', '.join(TRACKS)}")
    for track in tracks:
        if track not in TRACKS:
            bad("tracks", f"unknown track '{track}'", fix=f"choose from {', '.join(TRACKS)}")
    for item in _str_list(meta.get("prerequisites")) or []:
        if _SLUG_LIKE.match(item) and item not in known_slugs:
            bad("prerequisites", f"prerequisite '{item}' is not a tutorial slug"
                + _did_you_mean(item, known_slugs),
                fix="name a tutorial by its slug (file name without number and '.py'), "
                    "or write the prerequisite as a sentence")
    if known_boards is not None:
        for board in _str_list(meta.get("boards")) or []:
            if board not in known_boards:
                bad("boards", f"board '{board}' is not in the hardware catalogue"
                    + _board_hint(board, known_boards),
                    fix="use a device id from hardware_catalog/devices/ (the file name "
                        "without its extension)")
    return problems


def _did_you_mean(word: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _board_hint(board: str, known: set[str]) -> str:
    """Like :func:`_did_you_mean`, but a part of an id (``pico2``) finds the board too.

    Example:
        >>> _board_hint("pico2", {"raspberry-pi-pico", "raspberry-pi-pico-2"})
        " (did you mean 'raspberry-pi-pico-2'?)"
    """
    from ..hardware.suggest import close_ids

    close = close_ids(board, {b: [] for b in known}, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def to_tutorial(header: Header) -> Tutorial:
    """Build a :class:`Tutorial` from a header that passed :func:`validate`.

    Example:
        >>> h = Header(Path("02-x.py"), {"title": "T", "summary": "S", "level": "beginner",
        ...            "minutes": 5, "prerequisites": [], "tracks": ["newcomer"], "boards": []})
        >>> to_tutorial(h).slug
        'x'
    """
    slug, order = slug_and_order(header.path) or (header.path.stem, 0)
    meta = header.meta
    return Tutorial(
        path=header.path,
        slug=slug,
        order=order,
        title=meta["title"].strip(),
        summary=meta["summary"].strip(),
        level=meta["level"],
        minutes=meta["minutes"],
        prerequisites=tuple(meta["prerequisites"]),
        tracks=tuple(meta["tracks"]),
        boards=tuple(meta["boards"]),
    )


def tutorial_sources(root: Path) -> list[Path]:
    """The tutorial sources in ``root/tutorials``, in file-name order.

    Example:
        >>> tutorial_sources(Path("/nonexistent"))
        []
    """
    folder = root / "tutorials"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
