"""The study-groups page and its iCalendar feed.

Recordings and slides are plain links: the page embeds no video player, so
nothing loads from another host until the reader clicks.

Example:
    >>> from datetime import UTC, datetime
    >>> s = Session("a", "Intro", datetime(2026, 12, 1, 17, tzinfo=UTC), 60, ("Hello",),
    ...             recording="https://video.example.org/v/1", example=True)
    >>> page = study_groups_page([s], datetime(2026, 12, 2, tzinfo=UTC))
    >>> "<iframe" in page, "## Past sessions" in page, "Example session" in page
    (False, True, True)
"""

from __future__ import annotations

import posixpath
from datetime import datetime
from urllib.parse import urlsplit

from ..site.escape import markdown_text, markdown_url
from ..vocabulary.generated import GeneratedFile
from .ics import Event, calendar
from .study_groups import Session, split_sessions

FEED = "study-groups.ics"
UID_DOMAIN = "study-groups.scaledown"


def _when(session: Session) -> str:
    utc = session.start.strftime("%A %d %B %Y, %H:%M UTC")
    local = session.local_start()
    if local is not None:
        utc = (f"{local.strftime('%A %d %B %Y, %H:%M')} {markdown_text(session.timezone)} "
               f"({session.start.strftime('%d %B, %H:%M UTC')})")
    return f"{utc}, {session.duration_minutes} min"


def _host(url: str) -> str:
    return urlsplit(url).hostname or "another site"


def _session_block(session: Session) -> list[str]:
    # Every text of the session file is escaped: it shows as written, never as markup.
    badge = " (Example session)" if session.example else ""
    out = [f"### {markdown_text(session.title)}{badge}\n", f"**When:** {_when(session)}  "]
    if session.host:
        out.append(f"**Host:** {markdown_text(session.host)}  ")
    out.append("")
    if session.example:
        out.append("*This is a sample entry showing what a session looks like; it is not a "
                   "scheduled meeting.*\n")
    out.append("**Agenda**\n")
    out += [f"1. {markdown_text(item)}" for item in session.agenda]
    out.append("")
    links = [f"[{markdown_text(m.title)}]({markdown_url(m.url)})" for m in session.materials]
    if session.slides:
        links.append(f"[Slides]({markdown_url(session.slides)})")
    if session.recording:
        links.append(f"[Watch the recording]({markdown_url(session.recording)}) (opens "
                     f"{markdown_text(_host(session.recording))}; nothing loads until you click)")
    if links:
        out += ["**Materials:** " + " · ".join(links), ""]
    return out


def study_groups_page(sessions: list[Session], now: datetime) -> str:
    """Markdown for ``learn/study-groups.md``, upcoming sessions first.

    Example:
        >>> from datetime import UTC, datetime
        >>> "No session is planned" in study_groups_page([], datetime(2026, 1, 1, tzinfo=UTC))
        True
    """
    upcoming, past = split_sessions(sessions, now)
    examples = [s for s in upcoming if s.example]  # they show the format; they will not meet
    upcoming = [s for s in upcoming if not s.example]
    out = ["---\ntitle: Study groups\n---\n", "# Study groups\n",
           "Learn together: a study group meets online for an hour, works through one "
           "tutorial or paper review, and answers each other's questions. Anyone can join.\n",
           f"[:material-calendar: Subscribe to the calendar](../{FEED}){{ .md-button }} "
           "(an iCalendar feed: add its address to your calendar app to get every new "
           "session).\n",
           f"Sessions listed as of {now.strftime('%d %B %Y, %H:%M UTC')}, when this page "
           "was built.\n", "## Upcoming sessions\n"]
    if not upcoming:
        out.append("No session is planned right now. Propose one by adding a file to "
                   "`study_groups/` in the repository.\n")
    for session in upcoming:
        out += _session_block(session)
    if examples:
        out.append("## Example sessions\n")
        out.append("These show what a session page looks like; they are not planned and "
                   "will not take place.\n")
        for session in examples:
            out += _session_block(session)
    out.append("## Past sessions\n")
    if not past:
        out.append("None yet.\n")
    for session in past:
        out += _session_block(session)
    out += ["## Run a session\n",
            "Add one YAML file per session to `study_groups/` (see `study_groups/README.md` "
            "for the fields) and open a pull request; `scaledown check` validates it.\n"]
    return "\n".join(out)


def absolute_url(url: str, site_url: str | None) -> str | None:
    """A material's link as a full URL for calendar apps (None if it cannot be made one).

    Relative links are relative to ``learn/study-groups.md``, as on the page.

    Example:
        >>> absolute_url("../reviews/mcunet.md", "https://example.org/site/")
        'https://example.org/site/reviews/mcunet/'
        >>> absolute_url("tutorials/gestures.md", None) is None
        True
    """
    if url.startswith(("http://", "https://")):
        return url
    if not site_url:
        return None
    path = posixpath.normpath(posixpath.join("learn", url))
    if path.startswith(".."):
        return None
    if path.endswith(".md"):
        path = path[:-3] + "/"
    return site_url.rstrip("/") + "/" + path


def calendar_file(sessions: list[Session], now: datetime,
                  site_url: str | None = None) -> GeneratedFile:
    """The ``study-groups.ics`` feed with every session (past ones too).

    With ``site_url``, relative material links become full links and each
    event links to the study-groups page (or to its recording, once there is one).

    Example:
        >>> from datetime import UTC, datetime
        >>> calendar_file([], datetime(2026, 1, 1, tzinfo=UTC)).path
        'study-groups.ics'
    """
    page = absolute_url("study-groups.md", site_url)
    events = []
    for s in sessions:
        parts = [*(f"{i}. {a}" for i, a in enumerate(s.agenda, 1))]
        for m in s.materials:
            link = absolute_url(m.url, site_url)
            parts.append(f"{m.title}: {link}" if link else m.title)
        if s.example:
            parts.insert(0, "Example session (not a scheduled meeting).")
        events.append(Event(uid=f"{s.slug}@{UID_DOMAIN}",
                            summary=("[Example] " if s.example else "") + s.title,
                            start=s.start, end=s.end, description="\n".join(parts),
                            url=s.recording or page))
    # the day, not the second: the feed stays byte for byte the same between builds of
    # one day, so an incremental build does not rewrite it each time
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return GeneratedFile(FEED, calendar(events, stamp=day))
