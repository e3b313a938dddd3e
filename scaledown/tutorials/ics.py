"""A small iCalendar (RFC 5545) writer for the study-group feed.

Only what a feed of one-off events needs: ``VCALENDAR`` with ``VEVENT``s, each
with ``UID``, ``DTSTAMP``, ``DTSTART``/``DTEND`` in UTC, ``SUMMARY``,
``DESCRIPTION`` and ``URL``. Text values are escaped (RFC 5545 section 3.3.11),
lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character (section 3.1).

Example:
    >>> from datetime import datetime, UTC
    >>> event = Event("s1@scaledown", "Quantization; hands on",
    ...               datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
    ...               datetime(2026, 12, 1, 18, 0, tzinfo=UTC), "Bring a laptop, please")
    >>> text = calendar([event], stamp=datetime(2026, 11, 1, tzinfo=UTC))
    >>> "SUMMARY:Quantization\\\\; hands on\\r\\n" in text
    True
    >>> "DTSTART:20261201T170000Z\\r\\n" in text
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Event:
    """One calendar event; times must be time-zone aware."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    description: str = ""
    url: str | None = None
    location: str | None = None


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newlines.

    Example:
        >>> print(escape_text("a;b,c\\d\nnext"))
        a\;b\,c\\d\nnext
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces joined by CRLF and a space.

    Example:
        >>> folded = fold("DESCRIPTION:" + "é" * 40)
        >>> [len(part.encode()) <= 75 for part in folded.split("\\r\\n")]
        [True, True]
    """
    pieces: list[str] = []
    current, size = "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    """Format an aware datetime as a UTC DATE-TIME (``20261201T170000Z``).

    Example:
        >>> from datetime import timedelta, timezone
        >>> utc_stamp(datetime(2026, 12, 1, 18, 0, tzinfo=timezone(timedelta(hours=1))))
        '20261201T170000Z'
    """
    if moment.tzinfo is None:
        raise ValueError("iCalendar times here must be time-zone aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Sequence[Event], *, stamp: datetime, name: str = "ScaleDown study groups",
             prodid: str = "-//ScaleDown//Study groups//EN") -> str:
    """Render events as an iCalendar document (CRLF line ends).

    Args:
        events: The events, any order.
        stamp: ``DTSTAMP`` for every event: when this feed was built.
        name: The calendar's display name.
        prodid: The product identifier.

    Example:
        >>> text = calendar([], stamp=datetime(2026, 1, 1, tzinfo=UTC))
        >>> text.startswith("BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\n")
        True
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{utc_stamp(stamp)}",
                  f"DTSTART:{utc_stamp(event.start)}", f"DTEND:{utc_stamp(event.end)}",
                  f"SUMMARY:{escape_text(event.summary)}"]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
