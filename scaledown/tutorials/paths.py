"""Learning paths: for each background track, what to run, what to read, what to skip.

Built from metadata only, so a new tutorial, post or review finds its place
without anyone editing the path pages:

* Tutorials name their ``tracks``; on a track they come in prerequisite
  order (a tutorial after the ones it names), then by file number. Tutorials
  not written for the track go under "you can skip".
* Blog posts (``docs/blog/posts/``) and paper reviews (``paper_reviews/``) may
  name ``tracks`` in their front matter. Those that do are listed on those
  tracks. Those that do not are placed by their ``difficulty`` (or ``level``):
  beginner articles are recommended on every track; harder ones are
  recommended to the two experienced tracks and marked "skip for now" for
  newcomers.

Example:
    >>> from pathlib import Path
    >>> from .metadata import Tutorial
    >>> a = Tutorial(Path("01-a.py"), "a", 1, "A", "S", "beginner", 5, ("b",), ("newcomer",), ())
    >>> b = Tutorial(Path("02-b.py"), "b", 2, "B", "S", "beginner", 5, (), ("newcomer",), ())
    >>> [t.slug for t in in_order([a, b])]
    ['b', 'a']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..site.escape import markdown_text, markdown_url
from .metadata import TRACKS, Tutorial


@dataclass(frozen=True)
class Article:
    """A blog post or paper review, as a learning path sees it."""

    title: str
    link: str  # relative to the site root, e.g. "reviews/mcunet.md"
    kind: str  # "post" | "review"
    level: str | None
    tracks: tuple[str, ...]
    summary: str = ""

    def recommended_for(self, track: str) -> bool:
        """Whether the article is recommended on ``track`` (see the module docstring).

        Example:
            >>> Article("T", "r.md", "review", "advanced", ()).recommended_for("newcomer")
            False
        """
        if self.tracks:
            return track in self.tracks
        return self.level in (None, "beginner") or track != "newcomer"


def in_order(tutorials: list[Tutorial]) -> list[Tutorial]:
    """Tutorials in prerequisite order, ties broken by file number.

    Example:
        >>> in_order([])
        []
    """
    by_slug = {t.slug: t for t in tutorials}
    placed: list[Tutorial] = []
    seen: set[str] = set()

    def place(tutorial: Tutorial, trail: tuple[str, ...] = ()) -> None:
        if tutorial.slug in seen or tutorial.slug in trail:  # a cycle is placed as found
            return
        for slug in tutorial.prerequisites:
            if slug in by_slug:
                place(by_slug[slug], (*trail, tutorial.slug))
        seen.add(tutorial.slug)
        placed.append(tutorial)

    for tutorial in sorted(tutorials, key=lambda t: (t.order, t.slug)):
        place(tutorial)
    return placed


def _str_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def load_articles(root: Path) -> list[Article]:
    """Blog posts and paper reviews with their title, level and tracks.

    Files whose front matter cannot be read are left out (their own checker
    reports them).

    Example:
        >>> load_articles(Path("/nonexistent"))
        []
    """
    from ..errors import ContentError
    from ..site.frontmatter import read_markdown

    found: list[Article] = []
    sources = [(p, "post", None) for p in sorted((root / "docs/blog/posts").rglob("*.md"))]
    sources += [(p, "review", f"reviews/{p.stem}.md")
                for p in sorted((root / "paper_reviews").glob("*.md"))
                if p.name.lower() != "readme.md"]
    for path, kind, link in sources:
        try:
            doc = read_markdown(path)
        except (ContentError, OSError):
            continue
        meta = doc.meta
        if meta.get("draft") is True:
            continue
        title = meta.get("title") or next(
            (line[2:].strip() for line in doc.body.splitlines() if line.startswith("# ")),
            path.stem)
        level = meta.get("difficulty") or meta.get("level")
        summary = meta.get("summary") or meta.get("description") or ""
        found.append(Article(
            title=str(title), link=link or path.relative_to(root / "docs").as_posix(), kind=kind,
            level=level if isinstance(level, str) else None,
            tracks=tuple(t for t in _str_tuple(meta.get("tracks")) if t in TRACKS),
            summary=str(summary).strip()))
    return found


def path_page(track: str, tutorials: list[Tutorial], articles: list[Article]) -> str:
    """Markdown for ``learn/paths/<track>.md``.

    Titles, summaries and levels come from metadata and are escaped: they show
    as written and never become markup.

    Example:
        >>> "Newcomer to both" in path_page("newcomer", [], [])
        True
    """
    title, who = TRACKS[track]
    on_track = in_order([t for t in tutorials if track in t.tracks])
    off_track = [t for t in tutorials if track not in t.tracks]
    read = [a for a in articles if a.recommended_for(track)]
    later = [a for a in articles if not a.recommended_for(track)]
    out = [f"---\ntitle: \"Learning path: {title}\"\n---\n", f"# {title}\n", f"{who}\n",
           "This page is built from the metadata of the tutorials, posts and reviews, "
           "so it stays in step with them.\n", "## Run these tutorials, in this order\n"]
    if on_track:
        for number, t in enumerate(on_track, 1):
            out.append(f"{number}. [{markdown_text(t.title)}](../tutorials/{t.slug}.md) "
                       f"({t.level}, about {t.minutes} min): {markdown_text(t.summary)}")
        out.append("")
    else:
        out.append("No tutorial is written for this track yet.\n")
    out.append("## Read\n")
    if read:
        for a in sorted(read, key=lambda a: (a.kind != "review", a.level or "", a.title)):
            label = "Paper review" if a.kind == "review" else "Blog post"
            level = f", {markdown_text(a.level)}" if a.level else ""
            out.append(f"- {label}{level}: [{markdown_text(a.title)}]"
                       f"({markdown_url(f'../../{a.link}')})")
        out.append("")
    else:
        out.append("Nothing yet: posts and reviews appear here as they are published.\n")
    out.append("## You can skip\n")
    if not off_track and not later:
        out.append("Nothing: everything published so far is useful on this track.\n")
    for t in off_track:
        written_for = " and ".join(f"*{TRACKS[x][0]}*" for x in t.tracks)
        out.append(f"- [{markdown_text(t.title)}](../tutorials/{t.slug}.md): "
                   f"written for {written_for}.")
    for a in later:
        out.append(f"- [{markdown_text(a.title)}]({markdown_url(f'../../{a.link}')}): marked "
                   f"{markdown_text(a.level)}; come back to it once the tutorials above feel easy.")
    return "\n".join(out).rstrip() + "\n"
