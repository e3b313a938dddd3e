"""Build the site with Zensical, the second engine, from the same ``mkdocs.yml``.

Zensical reads ``mkdocs.yml`` but runs no third-party MkDocs plugin, so our
``scaledown`` plugin (checks, generated pages) is skipped there. It renders
the generated docs tree instead: hand-written ``docs/`` plus every generated
page, as ``scaledown build-content`` writes it (default ``build/docs/``), with
an explicit ``slug:`` in every post (:mod:`scaledown.site.post_slugs`).

The only engine-specific difference is a three-line overlay config, written
beside ``mkdocs.yml`` for the length of one build (Zensical keeps ``docs_dir``
and ``site_dir`` inside the folder of its config file): ``INHERIT:
mkdocs.yml``, the docs tree and an output folder.

Zensical renders into a work folder beside the site, kept between builds so
its cache (``.cache/``) makes the next build warm. The site is a copy of it
in a staging folder, given the HTML repairs the MkDocs plugin makes while
rendering (:func:`repair_rendered`), and swapped in only when everything succeeded
(:mod:`scaledown.site.atomic_build`), so a failed build leaves the previous
site as it was.

Example:
    >>> print(overlay_text("build/docs", "build/zensical-site"), end="")
    # Written by scaledown.site.zensical_build for one Zensical run; safe to delete.
    INHERIT: mkdocs.yml
    docs_dir: "build/docs"
    site_dir: "build/zensical-site"
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, RuntimeNotInstalledError, ScaleDownError
from ..safe_write import write_file
from . import atomic_build, feeds, page_fixes
from .content_build import DEFAULT_OUT

DOCS_DIR = DEFAULT_OUT  # where scaledown build-content writes the tree
SITE_DIR = "build/zensical-site"
EXTRA = "zensical"  # the pip extra that installs it (pyproject.toml)


def overlay_text(docs_dir: str, site_dir: str, config: str = "mkdocs.yml") -> str:
    """The Zensical config: ``config`` plus the generated docs tree and an output folder.

    Args:
        docs_dir: The generated docs tree, relative to the project folder.
        site_dir: Where Zensical writes the site, relative to the project folder.
        config: The MkDocs config it inherits everything else from.

    Example:
        >>> import yaml
        >>> yaml.safe_load(overlay_text("a: b #c/docs", "out/site"))["docs_dir"]
        'a: b #c/docs'
    """
    return ("# Written by scaledown.site.zensical_build for one Zensical run; safe to delete.\n"
            f"INHERIT: {config}\n"
            f"docs_dir: {json.dumps(docs_dir)}\n"  # a JSON string is a YAML string
            f"site_dir: {json.dumps(site_dir)}\n")


def _inside(root: Path, path: str | Path, what: str, option: str, example: str) -> Path:
    full = (root / path).resolve()
    if not full.is_relative_to(root):
        raise InputError(f"{what} {full} is outside the project folder {root}",
                         why="Zensical reads and writes only inside the folder of its config",
                         fix=f"pass a {option} inside {root}, e.g. {example}")
    return full


def _checked(root: Path, docs_dir: str | Path, site_dir: str | Path) -> tuple[Path, Path]:
    if not (root / "mkdocs.yml").is_file():
        raise InputError(f"no mkdocs.yml in {root}",
                         fix="run this from the project folder, or pass it with --root")
    docs = _inside(root, docs_dir, "docs tree", "--docs-dir", DOCS_DIR)
    site = _inside(root, site_dir, "output folder", "--site-dir", SITE_DIR)
    if not docs.is_dir():
        raise InputError(f"no generated docs tree at {docs}",
                         why="Zensical runs none of our generators; it renders the tree "
                             "'scaledown build-content' writes",
                         fix="run 'scaledown build-content' first (make build-zensical does both)")
    return docs, site


@contextlib.contextmanager
def overlay_config(root: str | Path, docs_dir: str | Path = DOCS_DIR,
                   site_dir: str | Path = SITE_DIR) -> Iterator[Path]:
    """The overlay config as a file beside ``mkdocs.yml``, deleted when the block ends.

    Args:
        root: The project folder (holding ``mkdocs.yml``).
        docs_dir: The generated docs tree (relative to ``root``, or absolute inside it).
        site_dir: Where Zensical writes the site (same rule).

    Yields:
        The config file to pass to ``zensical build -f`` or ``zensical serve -f``.

    Raises:
        InputError: No ``mkdocs.yml`` in ``root``, no docs tree at ``docs_dir``,
            or either folder outside ``root``.

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp()); (root / "build" / "docs").mkdir(parents=True)
        >>> _ = (root / "mkdocs.yml").write_text("site_name: T\\n")
        >>> with overlay_config(root) as path:
        ...     print(path.parent == root, "INHERIT: mkdocs.yml" in path.read_text())
        True True
        >>> sorted(p.name for p in root.iterdir())
        ['build', 'mkdocs.yml']
    """
    root = Path(root).resolve()
    docs, site = _checked(root, docs_dir, site_dir)
    text = overlay_text(docs.relative_to(root).as_posix(), site.relative_to(root).as_posix())
    # One name per pair of folders: Zensical's cache (.cache/) is keyed on the config's
    # path, so a fixed name keeps the next build warm.
    path = root / f".zensical-{hashlib.sha256(text.encode()).hexdigest()[:12]}.yml"
    try:
        write_file(path, text)
        yield path
    finally:
        path.unlink(missing_ok=True)


def zensical_command() -> list[str]:
    """The command that runs Zensical with this Python.

    Raises:
        RuntimeNotInstalledError: Zensical is not installed (names the extra).

    Example:
        >>> zensical_command()[1:]
        ['-m', 'zensical']
    """
    if importlib.util.find_spec("zensical") is None:
        raise RuntimeNotInstalledError.for_extra("zensical", EXTRA)
    return [sys.executable, "-m", "zensical"]


def site_url(root: Path) -> str:
    """``site_url`` from ``root/mkdocs.yml`` ('' when unset).

    Example:
        >>> site_url(Path(".")).startswith("https://")
        True
    """
    from .siteconfig import read_site_config

    return str(read_site_config(root).get("site_url") or "")


def repair_rendered(site: Path, url: str) -> int:
    """Apply to Zensical's output the HTML repairs the MkDocs plugin applies while rendering.

    The accessibility fixes of :mod:`scaledown.site.page_fixes` and the feed
    repairs of :mod:`scaledown.site.feeds`; each is a no-op on markup already
    repaired. (The offline-zip link and the meta descriptions are in the docs
    tree, the feed links in the theme: ``zensical serve`` shows them too.)

    Args:
        site: A rendered site folder, rewritten in place.
        url: The site's ``site_url``.

    Returns:
        How many HTML files changed.

    Example:
        >>> import tempfile
        >>> site = Path(tempfile.mkdtemp())
        >>> _ = (site / "index.html").write_text('<span class="md-pin"></span>')
        >>> repair_rendered(site, ""), repair_rendered(site, "")
        (1, 0)
    """
    changed = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = page_fixes.fix_page(page_fixes.fix_content(text))
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    feeds.repair_feeds(site, url)
    return changed


def work_dir(site_dir: str | Path) -> Path:
    """The folder Zensical renders into before the site is published: beside ``site_dir``.

    Example:
        >>> work_dir("/p/build/zensical-site").as_posix()
        '/p/build/.zensical-site.zensical-work'
    """
    site = Path(site_dir)
    return site.with_name(f".{site.name}.zensical-work")


def build(root: str | Path, docs_dir: str | Path = DOCS_DIR, site_dir: str | Path = SITE_DIR,
          *, strict: bool = True, clean: bool = False) -> Path:
    """Render the generated docs tree with Zensical; the previous site stays until it succeeds.

    Args:
        root: The project folder (holding ``mkdocs.yml``).
        docs_dir: The generated docs tree, inside ``root``.
        site_dir: The output folder, inside ``root``.
        strict: Stop on Zensical's warnings (broken links and anchors).
        clean: Empty Zensical's cache first (a cold build).

    Returns:
        The output folder.

    Raises:
        RuntimeNotInstalledError: Zensical is not installed.
        InputError: See :func:`overlay_config`.
        ScaleDownError: Zensical failed; its last lines are quoted and nothing
            was published.

    Example:
        >>> build("/nonexistent-project")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: no mkdocs.yml in /nonexistent-project
          fix: run this from the project folder, or pass it with --root
    """
    root = Path(root).resolve()
    _, site = _checked(root, docs_dir, site_dir)  # before anything is written
    command = zensical_command()
    # Zensical renders into its own folder beside the site, kept between builds (its
    # cache knows what is there, so a warm build rewrites only what changed); the site
    # is a copy of it, put in place only after a successful build.
    work = work_dir(site)
    staging = None
    try:
        with overlay_config(root, docs_dir, work) as config:
            run = [*command, "build", "-f", str(config), *(["--strict"] if strict else []),
                   *(["--clean"] if clean else [])]
            result = subprocess.run(run, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            tail = zensical_messages(result.stdout + "\n" + result.stderr)
            raise ScaleDownError("Zensical could not build the site; nothing was published",
                                 why=tail.replace("\n", "\n    ") or f"exit status "
                                                                   f"{result.returncode}",
                                 fix="the files it names are in the docs tree "
                                     f"({Path(docs_dir)}); fix them in docs/ or in the content "
                                     "they are generated from, run 'scaledown build-content', "
                                     "then build again")
        staging = atomic_build.start(site)
        shutil.copytree(work, staging, dirs_exist_ok=True)
        repair_rendered(staging, site_url(root))
        atomic_build.publish(staging, site)
        staging = None
    finally:
        atomic_build.discard(staging)
    return site


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def zensical_messages(output: str, limit: int = 25) -> str:
    """Zensical's own messages from its output: colours and the Python traceback left out.

    Example:
        >>> out = ("\\x1b[33mWarning:\\x1b[0m page does not exist\\n[ index.md:3:9 ]\\n"
        ...        "Traceback (most recent call last):\\n  File \\"x.py\\", line 1\\n"
        ...        "RuntimeError: Aborted because --strict flag is set\\n")
        >>> print(zensical_messages(out))
        Warning: page does not exist
        [ index.md:3:9 ]
        RuntimeError: Aborted because --strict flag is set
    """
    kept, in_traceback = [], False
    for line in _ANSI.sub("", output).splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback and (line.startswith(" ") or not line.strip()):
            continue
        in_traceback = False
        if line.strip():
            kept.append(line.rstrip())
    return "\n".join(kept[-limit:])


def main(argv: list[str] | None = None) -> int:
    """``python -m scaledown.site.zensical_build``: what ``make build-zensical`` runs.

    Example:
        >>> main(["--root", "/nonexistent-project"])
        error: no mkdocs.yml in /nonexistent-project
          fix: run this from the project folder, or pass it with --root
        1
    """
    parser = argparse.ArgumentParser(prog="python -m scaledown.site.zensical_build",
                                     description="Render the generated docs tree with Zensical.")
    parser.add_argument("--root", default=".", help="the project folder (default: .)")
    parser.add_argument("--docs-dir", default=DOCS_DIR, help=f"default: {DOCS_DIR}")
    parser.add_argument("--site-dir", default=SITE_DIR, help=f"default: {SITE_DIR}")
    parser.add_argument("--no-strict", action="store_true", help="do not stop on warnings")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        site = build(args.root, args.docs_dir, args.site_dir, strict=not args.no_strict)
    except ScaleDownError as exc:
        print(f"error: {exc}")
        return 1
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"Zensical built {pages} HTML files into {site} in "
          f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
