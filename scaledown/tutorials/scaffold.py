"""Create a tutorial with a complete header: ``scaledown new tutorial "Title"``.

The file gets the next free number (``tutorials/07-my-title.py``), a header
with every metadata key, and a first few cells to replace. It is written
atomically and never overwrites a file.

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> path = create_tutorial(root, "Wake words on a budget", level="intermediate",
    ...                        tracks=["ml-practitioner"], boards=[], minutes=15)
    >>> path.name
    '01-wake-words-on-a-budget.py'
    >>> from scaledown.tutorials.check import load_tutorials
    >>> tutorials, problems = load_tutorials(root, check_boards=False)
    >>> tutorials[0].title, [p for p in problems if p.severity == "error"]
    ('Wake words on a budget', [])
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from ..errors import InputError
from .cache import atomic_write
from .metadata import LEVELS, TRACKS, slug_and_order, tutorial_sources

_BODY = '''
# %% [markdown]
# # {title}
#
# {summary}
#
# In this tutorial you will:
#
# 1. ...
# 2. ...

# %%
import scaledown as sd

print(sd.__version__)

# %% [markdown]
# ## What you learned
#
# - ...
'''


def slugify(title: str) -> str:
    """A file-name slug from a title.

    Example:
        >>> slugify("Int8 quantization: 4x smaller!")
        'int8-quantization-4x-smaller'
    """
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def create_tutorial(root: Path, title: str, *, level: str = "beginner", minutes: int = 15,
                    tracks: list[str] | None = None, boards: list[str] | None = None,
                    summary: str | None = None) -> Path:
    """Write a new tutorial source and return its path.

    Raises:
        InputError: empty title, unknown level or track, or the file exists.
    """
    slug = slugify(title)
    if not slug:
        raise InputError(f"title {title!r} gives an empty file name",
                         fix="use a title with letters or digits")
    if level not in LEVELS:
        raise InputError(f"level {level!r} is not one of {', '.join(LEVELS)}",
                         fix="pass --level beginner, intermediate or advanced")
    tracks = tracks or list(TRACKS)
    unknown = [t for t in tracks if t not in TRACKS]
    if unknown:
        raise InputError(f"unknown track(s): {', '.join(unknown)}",
                         fix=f"choose from {', '.join(TRACKS)}")
    existing = tutorial_sources(root)
    taken = {(slug_and_order(p) or ("", 0))[0] for p in existing}
    if slug in taken:
        raise InputError(f"a tutorial with slug '{slug}' already exists",
                         fix="choose another title")
    number = max([(slug_and_order(p) or ("", 0))[1] for p in existing] + [0]) + 1
    path = root / "tutorials" / f"{number:02d}-{slug}.py"
    summary = summary or "One sentence: what the learner will be able to do afterwards."
    meta = {"title": title, "summary": summary, "level": level, "minutes": minutes,
            "prerequisites": [], "tracks": tracks, "boards": boards or []}
    header = yaml.safe_dump({"jupyter": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "scaledown": meta}}, sort_keys=False, default_flow_style=None, allow_unicode=True)
    commented = "\n".join(f"# {line}".rstrip() for line in header.splitlines())
    atomic_write(path, f"# ---\n{commented}\n# ---\n" + _BODY.format(title=title,
                                                                       summary=summary))
    return path


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``scaledown new tutorial``."""
    parser.add_argument("title", help="the tutorial's title, e.g. \"Wake words on a budget\"")
    parser.add_argument("--level", choices=LEVELS, default="beginner")
    parser.add_argument("--minutes", type=int, default=15, help="time a learner needs")
    parser.add_argument("--track", action="append", choices=list(TRACKS), dest="tracks",
                        help="background track (repeatable; default: all three)")
    parser.add_argument("--board", action="append", dest="boards", default=[],
                        help="catalogue device id the tutorial targets (repeatable)")
    parser.add_argument("--summary", default=None, help="one-sentence summary")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")


def run_new(args: argparse.Namespace) -> int:
    """Create the file, then check it (unknown boards are reported)."""
    from ..project import project_root
    from .check import known_boards, load_tutorials

    root = project_root(args.root)
    names, _ = known_boards(root)
    unknown = [b for b in args.boards if names is not None and b not in names]
    if unknown:  # checked before writing anything
        from ..hardware.suggest import close_ids

        entries = {i: [n] for i, n in (names or {}).items()}
        close = {b: close_ids(b, entries, n=1) for b in unknown}
        hints = ", ".join(f"{b} (did you mean {c[0]}?)" if c else b for b, c in close.items())
        raise InputError(f"unknown board(s): {hints}",
                         why="boards are device ids from hardware_catalog/devices/",
                         fix="use the file name of a device there, without its extension")
    path = create_tutorial(root, args.title, level=args.level, minutes=args.minutes,
                           tracks=args.tracks, boards=args.boards, summary=args.summary)
    rel = path.relative_to(root)
    _, problems = load_tutorials(root)
    mine = [p for p in problems if str(p.path) == str(rel)]
    for problem in mine:
        print(problem, file=sys.stderr)
    print(f"created {rel}: edit it, then run 'scaledown tutorials run {path.stem}'")
    return 1 if any(p.severity == "error" for p in mine) else 0
