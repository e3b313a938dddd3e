"""The site as one zip file, to read without a network.

``python -m scaledown.site.offline site/scaledown-offline.zip`` (``make offline``)
builds the site a second time with Material's offline plugin switched on
(``SCALEDOWN_OFFLINE=true``: plain ``.html`` links and a search index that loads
from ``file://``) and zips it into one folder, ``scaledown-site/``. Unzip it and
open ``scaledown-site/index.html``. The deploy workflow puts the zip beside the
online site.

Pages link to the zip through the marker ``<!-- scaledown:offline-zip -->`` on a
line of its own, which ``scaledown build-content`` replaces with :func:`download_link`
(:mod:`scaledown.site.page_meta`): a path from the site's root, the one form of
link in raw HTML that both engines leave as written (Zensical rewrites a
relative ``href`` as if it were relative to the page's source file, MkDocs
does not touch it).
The offline build has a docs tree of its own, ``build/offline-docs/``
(``build_content(..., offline=True)``, which the plugin runs when
``SCALEDOWN_OFFLINE=true``), where the marker becomes a note that points to the
newest zip; ``build/docs/`` stays as the online site has it.

Example:
    >>> download_link(offline=False, site_url="https://x.org/docs/")
    '<a href="/docs/scaledown-offline.zip" download>Download the whole site (zip)</a>'
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ScaleDownError

MARKER = "<!-- scaledown:offline-zip -->"
ZIP_NAME = "scaledown-offline.zip"
TOP_FOLDER = "scaledown-site"
OFFLINE_SWITCH = "SCALEDOWN_OFFLINE"
_MARKER_LINE = re.compile(r"^([ \t]*)" + re.escape(MARKER) + r"[ \t]*$", re.M)


def download_link(*, offline: bool, site_url: str | None = None) -> str:
    """The HTML that replaces :data:`MARKER` on a page.

    Args:
        offline: Whether this is the offline build (then there is no zip beside it).
        site_url: The published site (``site_url`` in ``mkdocs.yml``): the link
            is the zip's path under it, the offline copy's note names it in full.

    Example:
        >>> download_link(offline=False)
        '<a href="/scaledown-offline.zip" download>Download the whole site (zip)</a>'
        >>> note = download_link(offline=True, site_url="https://x.org/")
        >>> print(note.replace("; ", ";\\n"))
        You are reading the offline copy;
        the newest is at <a href="https://x.org/scaledown-offline.zip">https://x.org/scaledown-offline.zip</a>.
    """
    if offline:
        if not site_url:
            return "You are reading the offline copy."
        url = html.escape(site_url.rstrip("/") + "/" + ZIP_NAME, quote=True)
        return f'You are reading the offline copy; the newest is at <a href="{url}">{url}</a>.'
    # the deploy puts the zip at the site's root, which is site_url's path when served
    root = urlsplit(site_url or "").path.rstrip("/")
    href = html.escape(f"{root}/{ZIP_NAME}", quote=True)
    return f'<a href="{href}" download>Download the whole site (zip)</a>'


def fill_marker(markdown: str, *, offline: bool, site_url: str | None) -> str:
    """``markdown`` with each :data:`MARKER` that stands on a line of its own replaced.

    A marker inside a sentence or a code span (a page that documents it) stays as written.

    Example:
        >>> text = f"Read it offline:\\n{MARKER}\\nNot `{MARKER}`"
        >>> print(fill_marker(text, offline=False, site_url="https://x.org/site/"))
        Read it offline:
        <a href="/site/scaledown-offline.zip" download>Download the whole site (zip)</a>
        Not `<!-- scaledown:offline-zip -->`
    """
    if MARKER not in markdown:
        return markdown
    link = download_link(offline=offline, site_url=site_url)
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
        # the plugin writes the offline tree (build/offline-docs) itself: nobody else does
        env.pop("SCALEDOWN_BUILD_CONTENT", None)
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
