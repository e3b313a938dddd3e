"""The site as one zip file, to read without a network.

``python -m scaledown.site.offline site/scaledown-offline.zip`` (``make offline``)
builds the site a second time with Material's offline plugin switched on
(``SCALEDOWN_OFFLINE=true``: plain ``.html`` links and a search index that loads
from ``file://``) and zips it into one folder, ``scaledown-site/``. Unzip it and
open ``scaledown-site/index.html``. The deploy workflow puts the zip beside the
online site.

Pages link to the zip through the marker ``<!-- scaledown:offline-zip -->`` on a
line of its own, which the plugin replaces with :func:`download_link` (a path that is right for
the page's own URL; in the offline copy, a note that points to the newest zip).

Example:
    >>> download_link("about/", offline=False)
    '<a href="../scaledown-offline.zip" download>Download the whole site (zip)</a>'
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..errors import ScaleDownError

MARKER = "<!-- scaledown:offline-zip -->"
ZIP_NAME = "scaledown-offline.zip"
TOP_FOLDER = "scaledown-site"
OFFLINE_SWITCH = "SCALEDOWN_OFFLINE"
_MARKER_LINE = re.compile(r"^([ \t]*)" + re.escape(MARKER) + r"[ \t]*$", re.M)


def download_link(page_url: str, *, offline: bool, site_url: str | None = None) -> str:
    """The HTML that replaces :data:`MARKER` on the page published at ``page_url``.

    Args:
        page_url: The page's URL relative to the site root (MkDocs' ``page.url``).
        offline: Whether this is the offline build (then there is no zip beside it).
        site_url: The published site, named in the offline copy's note.

    Example:
        >>> download_link("", offline=False)
        '<a href="scaledown-offline.zip" download>Download the whole site (zip)</a>'
        >>> note = download_link("about.html", offline=True, site_url="https://x.org/")
        >>> print(note.replace("; ", ";\\n"))
        You are reading the offline copy;
        the newest is at <a href="https://x.org/scaledown-offline.zip">https://x.org/scaledown-offline.zip</a>.
    """
    if offline:
        if not site_url:
            return "You are reading the offline copy."
        url = html.escape(site_url.rstrip("/") + "/" + ZIP_NAME, quote=True)
        return f'You are reading the offline copy; the newest is at <a href="{url}">{url}</a>.'
    folder = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
    href = posixpath.relpath(ZIP_NAME, folder or ".")
    return f'<a href="{html.escape(href, quote=True)}" download>Download the whole site (zip)</a>'


def fill_marker(markdown: str, page_url: str, *, offline: bool, site_url: str | None) -> str:
    """``markdown`` with each :data:`MARKER` that stands on a line of its own replaced.

    A marker inside a sentence or a code span (a page that documents it) stays as written.

    Example:
        >>> text = f"Read it offline:\\n{MARKER}\\nNot `{MARKER}`"
        >>> print(fill_marker(text, "blog/", offline=False, site_url=None))
        Read it offline:
        <a href="../scaledown-offline.zip" download>Download the whole site (zip)</a>
        Not `<!-- scaledown:offline-zip -->`
    """
    if MARKER not in markdown:
        return markdown
    link = download_link(page_url, offline=offline, site_url=site_url)
    return _MARKER_LINE.sub(lambda m: m.group(1) + link, markdown)


def zip_folder(folder: Path, zip_path: Path, top: str = TOP_FOLDER) -> int:
    """Zip every file under ``folder`` into ``zip_path``, inside one folder named ``top``.

    The zip is written next to its target and renamed at the end, so a failure
    never leaves half a zip behind. Returns the number of files.

    Example:
        >>> work = Path(tempfile.mkdtemp())
        >>> (work / "site" / "blog").mkdir(parents=True)
        >>> _ = (work / "site" / "index.html").write_text("home")
        >>> _ = (work / "site" / "blog" / "index.html").write_text("blog")
        >>> zip_folder(work / "site", work / "out.zip", top="copy")
        2
        >>> zipfile.ZipFile(work / "out.zip").namelist()
        ['copy/blog/index.html', 'copy/index.html']
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
        partial.replace(zip_path)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)


def build_offline_zip(root: Path, zip_path: Path) -> int:
    """Build the offline site from the project at ``root`` and zip it to ``zip_path``.

    Raises:
        ScaleDownError: The offline build failed (its output is quoted); no zip is written.

    Example:
        >>> build_offline_zip  # doctest: +ELLIPSIS
        <function build_offline_zip at ...>
    """
    with tempfile.TemporaryDirectory(prefix="scaledown-offline-") as tmp:
        out = Path(tmp) / TOP_FOLDER
        env = {**os.environ, OFFLINE_SWITCH: "true", "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
            cwd=root, env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise ScaleDownError(
                f"the offline build of {root / 'mkdocs.yml'} failed; no zip was written",
                why=tail or f"mkdocs exited with code {result.returncode}",
                fix="run 'make build' and fix what it reports, then 'make offline' again",
            )
        return zip_folder(out, zip_path)


def main(argv: list[str] | None = None) -> int:
    """``python -m scaledown.site.offline [ZIP]``: build the offline zip (default ``site/``).

    Example:
        >>> main(["a.zip", "b.zip"])
        usage: python -m scaledown.site.offline [ZIP]   (default: site/scaledown-offline.zip)
        2
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(f"usage: python -m scaledown.site.offline [ZIP]   (default: site/{ZIP_NAME})")
        return 2
    zip_path = Path(args[0] if args else f"site/{ZIP_NAME}").resolve()
    try:
        count = build_offline_zip(Path.cwd(), zip_path)
    except ScaleDownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = zip_path.stat().st_size
    print(f"wrote {zip_path} ({count} files, {size / 1e6:.1f} MB); "
          f"unzip it and open {TOP_FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
