"""Study-group sessions: one YAML file each in ``study_groups/``, a page and a feed.

A session file looks like this (``study_groups/2026-12-09-quantization.yml``)::

    title: Quantization, hands on
    start: "2026-12-09T18:00:00+01:00"   # ISO 8601 with its UTC offset
    timezone: Europe/Berlin              # optional: shown beside UTC
    duration_minutes: 60
    host: Ada
    agenda: [Why int8, Run the quantization tutorial together, Questions]
    materials:
      - {title: Quantization tutorial, url: ../tutorials/quantization/}
    slides: null                         # a link once the slides exist
    recording: null                      # a link once the recording exists
    example: true                        # a sample session, shown as such

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "study_groups").mkdir()
    >>> _ = (root / "study_groups" / "s.yml").write_text(
    ...     'title: T\\nstart: "2026-12-09T18:00:00+01:00"\\nduration_minutes: 60\\n'
    ...     'agenda: [a]\\n')
    >>> sessions, problems = load_sessions(root)
    >>> sessions[0].start.isoformat(), problems
    ('2026-12-09T17:00:00+00:00', [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..vocabulary.problem import Problem

FOLDER = "study_groups"
_KEYS = {"title", "start", "timezone", "duration_minutes", "host", "agenda", "materials",
         "slides", "recording", "example"}
# http(s) links, or paths relative to the study-groups page (no other schemes).
_URL = re.compile(r"^(https?://\S+|(?![A-Za-z][A-Za-z0-9+.-]*:)\S+)$")


@dataclass(frozen=True)
class Link:
    """A titled link."""

    title: str
    url: str


@dataclass(frozen=True)
class Session:
    """One study-group session; ``start`` is in UTC."""

    slug: str
    title: str
    start: datetime
    duration_minutes: int
    agenda: tuple[str, ...]
    timezone: str | None = None
    host: str | None = None
    materials: tuple[Link, ...] = ()
    slides: str | None = None
    recording: str | None = None
    example: bool = False

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    def local_start(self) -> datetime | None:
        """Start in the session's own time zone, if it names one."""
        return self.start.astimezone(ZoneInfo(self.timezone)) if self.timezone else None


def parse_start(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 text or YAML timestamp; None if no offset.

    Example:
        >>> parse_start("2026-12-09T18:00:00+01:00").isoformat()
        '2026-12-09T17:00:00+00:00'
        >>> parse_start("2026-12-09T18:00:00") is None
        True
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        return None
    return value.astimezone(UTC)


def _read(path: Path, rel: Path) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        # Load start times as text: PyYAML would silently drop their offsets' zone names.
        data = yaml.load(text, Loader=_TextTimesLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        from ..hardware.yamlpos import yaml_error_line, yaml_error_reason

        return {}, {}, [Problem(rel, yaml_error_line(exc, text),
                                f"malformed YAML: {yaml_error_reason(exc)}",
                                fix="check indentation and quote values containing ':' or '#'")]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem(rel, 1, "a session file must be a mapping of 'key: value' lines",
                                fix="start from the example in study_groups/README.md")]
    return data, {str(k.value): k.start_mark.line + 1 for k, _ in node.value}, []


class _TextTimesLoader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as the text written."""


_TextTimesLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _session(path: Path, rel: Path) -> tuple[Session | None, list[Problem]]:
    data, lines, problems = _read(path, rel)
    if problems:
        return None, problems

    def bad(key: str, message: str, fix: str | None = None) -> None:
        problems.append(Problem(rel, lines.get(key, 1), message, fix=fix))

    for key in ("title", "start", "duration_minutes", "agenda"):
        if key not in data:
            bad(key, f"'{key}' is missing", fix="see the example in study_groups/README.md")
    for key in data:
        if key not in _KEYS:
            bad(key, f"unknown key '{key}'", fix=f"use only: {', '.join(sorted(_KEYS))}")
    start = parse_start(data.get("start"))
    if "start" in data and start is None:
        bad("start", f"start {data['start']!r} is not an ISO 8601 time with a UTC offset",
            fix="write it like \"2026-12-09T18:00:00+01:00\" (quoted)")
    zone = data.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a long name
            bad("timezone", f"unknown time zone {zone!r}",
                fix="use an IANA name like Europe/Berlin")
            zone = None
    minutes = data.get("duration_minutes")
    if "duration_minutes" in data and (not isinstance(minutes, int) or not 5 <= minutes <= 600):
        bad("duration_minutes", f"duration_minutes must be 5 to 600, got {minutes!r}",
            fix="write the session's length in whole minutes, e.g. duration_minutes: 60")
    agenda = data.get("agenda")
    if "agenda" in data and (not isinstance(agenda, list) or not agenda
                             or not all(isinstance(a, str) for a in agenda)):
        bad("agenda", "agenda must be a non-empty list of texts",
            fix="write one '  - item' line per agenda point under 'agenda:'")
    materials: list[Link] = []
    listed = data.get("materials") or []
    if not isinstance(listed, list):
        bad("materials", "materials must be a list of {title: ..., url: ...} entries")
        listed = []
    for item in listed:
        if not (isinstance(item, dict) and isinstance(item.get("title"), str)
                and isinstance(item.get("url"), str) and _URL.match(item["url"])):
            bad("materials", f"material {item!r} needs a 'title' and an http(s) or relative 'url'",
                fix="write it like {title: \"Tutorial: Quantization\", "
                "url: tutorials/quantization.md}")
        else:
            materials.append(Link(item["title"], item["url"]))
    for key in ("slides", "recording"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and _URL.match(value)):
            bad(key, f"{key} must be a link (http:// or https://) or null, got {value!r}",
                fix=f"use a full https:// address, or {key}: null until there is one")
    if "example" in data and not isinstance(data["example"], bool):
        bad("example", "example must be true or false",
            fix="write example: true for a sample session, or remove the line")
    if problems:
        return None, problems
    return Session(
        slug=path.stem, title=str(data["title"]), start=start,  # type: ignore[arg-type]
        duration_minutes=minutes, agenda=tuple(agenda), timezone=zone,
        host=data.get("host"), materials=tuple(materials), slides=data.get("slides"),
        recording=data.get("recording"), example=bool(data.get("example", False)),
    ), []


def load_sessions(root: Path) -> tuple[list[Session], list[Problem]]:
    """Every valid session in ``root/study_groups`` (by start time) and every problem.

    Example:
        >>> load_sessions(Path("/nonexistent"))
        ([], [])
    """
    folder = root / FOLDER
    sessions: list[Session] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return sessions, problems
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        session, found = _session(path, path.relative_to(root))
        problems.extend(found)
        if session:
            sessions.append(session)
    return sorted(sessions, key=lambda s: (s.start, s.slug)), problems


def build_time(now: datetime | None = None) -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else the clock.

    Example:
        >>> build_time(datetime(2026, 1, 1, tzinfo=UTC)).year
        2026
    """
    if now is not None:
        return now
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def split_sessions(sessions: list[Session], now: datetime) -> tuple[list[Session], list[Session]]:
    """(upcoming soonest first, past latest first); a session is past once it ended.

    Example:
        >>> s = Session("a", "A", datetime(2026, 1, 1, tzinfo=UTC), 60, ("x",))
        >>> up, past = split_sessions([s], datetime(2026, 6, 1, tzinfo=UTC))
        >>> len(up), len(past)
        (0, 1)
    """
    upcoming = [s for s in sessions if s.end > now]
    past = sorted((s for s in sessions if s.end <= now), key=lambda s: s.start, reverse=True)
    return upcoming, past
