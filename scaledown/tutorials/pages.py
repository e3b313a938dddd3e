"""The ``tutorials`` generator: the Learn section of the site.

Registered in :data:`scaledown.site.pipeline.GENERATORS`. It writes nothing
to disk; it returns :class:`~scaledown.site.pipeline.GeneratedFile` objects:

* ``learn/index.md``: the section's front page;
* ``learn/tutorials/<slug>.md`` with its images, ``<slug>.ipynb`` (download)
  and ``<slug>.py`` (source), rendered from the last passing run in the cache;
* ``learn/paths/<track>.md``: one learning path per background track;
* ``learn/study-groups.md`` and ``study-groups.ics``;
* ``learn/report.md``: the execution report.

Example:
    >>> import tempfile
    >>> files = generate(Path(tempfile.mkdtemp()))
    >>> sorted(f.path for f in files)[:3]
    ['learn/index.md', 'learn/paths/embedded-engineer.md', 'learn/paths/ml-practitioner.md']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..site.escape import html_text, markdown_text, markdown_url, yaml_text
from ..site.inputs import data_key
from ..vocabulary.generated import GeneratedFile
from ..vocabulary.unit import Unit
from . import cache
from .check import known_boards, load_tutorials, mkdocs_config
from .metadata import TRACKS, Tutorial
from .paths import load_articles, path_page
from .study_groups import build_time, load_sessions
from .study_groups_page import calendar_file, study_groups_page

RUN_LOCALLY = """\
!!! tip "Run it on your computer"

    Download the notebook above, then:

    ```bash
    pip install "{requirement}" jupyterlab
    jupyter lab {slug}.ipynb
    ```
"""


def _stamp(record: dict[str, Any] | None) -> str:
    if not record or not record.get("started"):
        return ""
    when = record["started"].replace("T", " ").replace("+00:00", " UTC")
    return html_text(
        f"Last executed with scaledown {record.get('scaledown_version', '?')} on {when}, "
        f"in {record.get('duration_s', 0):.1f} s (Python {record.get('python', '?')}).")


def requirement(repo_url: str | None) -> str:
    """What a learner installs: the package with the extras tutorials use.

    Example:
        >>> requirement("https://github.com/ScaleDown-Team/scaledown")
        'scaledown-tinyml[framework,tutorials] @ git+https://github.com/ScaleDown-Team/scaledown'
    """
    from ..install import REPOSITORY
    from ..install import requirement as pip_requirement

    return pip_requirement("framework,tutorials", repo_url or REPOSITORY)


def tutorial_page(t: Tutorial, nb: Any, record: dict[str, Any] | None, executed: bool,
                  board_names: dict[str, str] | None,
                  titles: dict[str, str] | None = None,
                  install: str = "scaledown-tinyml[framework,tutorials]",
                  ) -> tuple[str, dict[str, bytes]]:
    """Markdown page and images for one tutorial.

    Every metadata text (title, summary, prerequisites) and board name is
    escaped: it shows as written and never becomes markup.

    Example:
        >>> import nbformat
        >>> t = Tutorial(Path("01-a.py"), "a", 1, "A", "Sum.", "beginner", 5, (), ("newcomer",),
        ...              ("esp32-devkitc",))
        >>> page, _ = tutorial_page(t, nbformat.v4.new_notebook(), None, False, None)
        >>> "[esp32-devkitc](../../hardware/devices/esp32-devkitc.md)" in page
        True
        >>> page, _ = tutorial_page(t, nbformat.v4.new_notebook(), None, False,
        ...                         {"esp32-devkitc": "<b>ESP32</b>"})
        >>> "[&lt;b&gt;ESP32&lt;/b&gt;](../../hardware/devices/esp32-devkitc.md)" in page
        True
    """
    from .render import notebook_to_markdown

    body, images = notebook_to_markdown(nb, f"{t.slug}_files")
    tracks = ", ".join(f"[{TRACKS[x][0]}](../paths/{x}.md)" for x in t.tracks)
    names = board_names or {}
    boards = ", ".join(f"[{markdown_text(names.get(b, b))}]"
                       f"({markdown_url(f'../../hardware/devices/{b}.md')})" for b in t.boards)
    titles = titles or {}
    # A prerequisite is a tutorial's slug (linked) or a sentence (shown as text).
    prereq = ", ".join(f"[{markdown_text(titles[p])}]({markdown_url(p)}.md)" if p in titles
                       else markdown_text(p) for p in t.prerequisites)
    lines = [f"---\ntitle: {yaml_text(t.title)}\ndescription: {yaml_text(t.summary)}\n---\n",
             f"# {markdown_text(t.title)}\n", f"*{markdown_text(t.summary)}*\n",
             f"**Level:** {t.level} · **Time:** about {t.minutes} min · **Tracks:** {tracks}  ",
             f"**Boards:** {boards or 'any (runs on your computer)'}  "]
    if prereq:
        lines.append(f"**Before this:** {prereq}  ")
    lines += ["", f"[:material-download: Download the notebook]({t.slug}.ipynb){{ .md-button }} "
              f"[View the source]({t.slug}.py){{ .md-button }}\n",
              RUN_LOCALLY.format(slug=t.slug, requirement=install)]
    if executed:
        lines.append(f'<p class="sd-stamp">{_stamp(record)}</p>\n')
    else:
        lines.append('!!! warning "Not executed in this build"\n\n    The outputs below are '
                     "missing: run `scaledown tutorials run` before building the site.\n")
    lines.append(body)
    return "\n".join(lines), images


def report_page(tutorials: list[Tutorial], records: dict[str, dict[str, Any]],
                root: Path, cache_dir: Path) -> str:
    """Markdown for ``learn/report.md``: every tutorial with its status and duration.

    Example:
        >>> "| Tutorial |" in report_page([], {}, Path("."), Path("."))
        True
    """
    from .runner import plan

    reasons = {t.slug: r for t, r in plan(tutorials, root, cache_dir)}
    rows, passed, total = [], 0, 0.0
    for t in tutorials:
        record = records.get(t.slug)
        if record is None:
            status = "not run"
        elif record.get("status") == "passed":
            passed += 1
            reason = markdown_text((reasons.get(t.slug) or "").replace(f"{root}/", ""))
            status = f"passed, now stale ({reason})" if reason else "passed"
        else:
            failure = record.get("failure") or {}
            status = (f"**failed**: cell {markdown_text(failure.get('cell', '?'))}, "
                      f"{markdown_text(failure.get('ename', ''))}")
        duration = f"{record['duration_s']:.1f} s" if record else "-"
        total += record.get("duration_s", 0) if record else 0
        when = record["started"].replace("T", " ")[:16] + " UTC" if record else "-"
        version = markdown_text(record.get("scaledown_version", "-")) if record else "-"
        rows.append(f"| [{markdown_text(t.title)}](tutorials/{t.slug}.md) | {status} "
                    f"| {duration} | {markdown_text(when)} | {version} |")
    head = ["---\ntitle: Tutorial execution report\n---\n", "# Tutorial execution report\n",
            "Every tutorial on this site is executed against the scaledown in this repository "
            "before the site is built. A tutorial runs again when its source, a scaledown file "
            "it imported, or the pinned dependency versions change; otherwise its last run is "
            "reused. This page shows the run each tutorial page was built from.\n",
            f"**{passed} of {len(tutorials)}** tutorials passed; together they ran for "
            f"{total:.0f} s.\n",
            "| Tutorial | Status | Duration | Executed | scaledown |",
            "| --- | --- | --- | --- | --- |"]
    return "\n".join(head + rows) + "\n"


def index_page(tutorials: list[Tutorial], upcoming: int) -> str:
    """Markdown for ``learn/index.md``.

    Example:
        >>> "## Pick your path" in index_page([], 0)
        True
    """
    out = ["---\ntitle: Learn\n---\n", "# Learn TinyML\n",
           "Every tutorial here is a notebook that was executed against the scaledown in this "
           "repository when the site was built: the outputs and plots you see are real. "
           "Each one runs in under three minutes on a laptop's CPU.\n", "## Pick your path\n"]
    for track, (title, who) in TRACKS.items():
        out.append(f"- **[{title}](paths/{track}.md)**: {who}")
    out += ["", "## All tutorials\n", "| # | Tutorial | Level | Time |",
            "| --- | --- | --- | --- |"]
    for t in tutorials:
        out.append(f"| {t.order} | [{markdown_text(t.title)}](tutorials/{t.slug}.md)<br>"
                   f"{markdown_text(t.summary)} | "
                   f"{t.level} | {t.minutes} min |")
    soon = f"{upcoming} upcoming session(s)" if upcoming else "past sessions and recordings"
    out += ["", "## Learn together\n",
            f"Join a [study group](study-groups.md): {soon}.\n",
            "## Proof that it runs\n",
            "The [execution report](report.md) lists every tutorial with the status and "
            "duration of its last run.\n"]
    return "\n".join(out)


def planned_pages(root: Path) -> dict[str, str]:
    """The pages :func:`generate` writes, with their titles, without reading any notebook.

    A writer's build without the ``tutorials`` extra puts stand-ins at these paths.

    Example:
        >>> list(planned_pages(Path("/nonexistent")).items())[:2]
        [('learn/index.md', 'Learn TinyML'), ('learn/study-groups.md', 'Study groups')]
    """
    tutorials, _ = load_tutorials(root, check_boards=False)
    return {"learn/index.md": "Learn TinyML", "learn/study-groups.md": "Study groups",
            "learn/report.md": "Tutorial execution report",
            **{f"learn/paths/{track}.md": title for track, (title, _) in TRACKS.items()},
            **{t.page: t.title for t in tutorials}}


def generate(root: Path) -> list[GeneratedFile]:
    """Every file of the Learn section (see the module docstring).

    Example:
        >>> generate(Path("/nonexistent"))[0].path
        'learn/index.md'
    """
    import jupytext
    import nbformat

    tutorials, _ = load_tutorials(root, check_boards=False)
    board_names, _ = known_boards(root) if tutorials else (None, [])
    cache_dir = cache.default_cache_dir(root)
    records = {t.slug: r for t in tutorials if (r := cache.load_record(cache_dir, t.slug))}
    sessions, _ = load_sessions(root)
    now = build_time()
    files: list[GeneratedFile] = []
    titles = {t.slug: t.title for t in tutorials}
    repo_url = mkdocs_config(root).get("repo_url")
    install = requirement(repo_url if isinstance(repo_url, str) else None)
    for t in tutorials:
        source_nb = jupytext.read(t.path, fmt="py:percent")
        for index, cell in enumerate(source_nb.cells):  # jupytext draws random cell ids
            cell["id"] = f"cell-{index}"  # the same notebook gives the same file each build
        source_nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                            "name": "python3"}
        executed_file = cache.executed_path(cache_dir, t.slug)
        executed = executed_file.is_file()
        nb = nbformat.read(executed_file, as_version=4) if executed else source_nb
        run = nb.metadata.get("scaledown_run") if executed else None
        page, images = tutorial_page(t, nb, {**(records.get(t.slug) or {}), **(run or {})},
                                     executed, board_names, titles, install)
        files.append(GeneratedFile(t.page, page))
        files += [GeneratedFile(f"learn/tutorials/{name}", data) for name, data in images.items()]
        files.append(GeneratedFile(f"learn/tutorials/{t.slug}.ipynb", nbformat.writes(source_nb)))
        files.append(GeneratedFile(f"learn/tutorials/{t.slug}.py",
                                   t.path.read_text(encoding="utf-8")))
    articles = load_articles(root)
    files += [GeneratedFile(f"learn/paths/{track}.md", path_page(track, tutorials, articles))
              for track in TRACKS]
    upcoming = sum(1 for s in sessions if s.end > now and not s.example)
    files.append(GeneratedFile("learn/study-groups.md", study_groups_page(sessions, now)))
    site_url = mkdocs_config(root).get("site_url")
    files.append(calendar_file(sessions, now, site_url if isinstance(site_url, str) else None))
    files.append(GeneratedFile("learn/report.md", report_page(tutorials, records, root, cache_dir)))
    return [GeneratedFile("learn/index.md", index_page(tutorials, upcoming)), *files]


# What the Learn section is made from besides the tutorials' own files: the executed
# notebooks and run records, the study-group sessions, the site's address.
INPUTS = ("tutorials", ".scaledown-cache/tutorials/*/record.json",
          ".scaledown-cache/tutorials/*/executed.ipynb", "study_groups", "mkdocs.yml")


def units(root: Path) -> list[Unit]:
    """The Learn section as one incremental unit (see :data:`INPUTS`).

    Its key holds what the pages take from elsewhere: the posts and reviews the
    learning paths list (their titles and tracks, not their text), the board names
    tutorials link to, and the day (study sessions move from upcoming to past).

    Example:
        >>> [u.name for u in units(Path("/nonexistent"))]
        ['tutorials']
    """
    root = Path(root)
    boards, _ = known_boards(root)
    key = data_key(load_articles(root), boards, build_time().date())
    # apart: its notebook packages (jupytext, nbformat, nbconvert) are imported by
    # nothing else, so a cold build runs it in a process of its own beside the others
    return [Unit("tutorials", lambda: generate(root), INPUTS, key, apart=True)]
