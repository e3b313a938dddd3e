"""Images and other files the posts use, copied from the Jekyll site into docs/.

Each file keeps its path inside the Jekyll site, under one folder per site:
``assets/img/cover.png`` of the site "Old blog" becomes
``docs/assets/imported/old-blog/assets/img/cover.png``. Two posts that use the
same image share one copy, and importing again finds the copy already there.

Example:
    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "assets").mkdir()
    >>> _ = (site / "assets/a.png").write_bytes(b"png")
    >>> assets = SiteAssets(site, "old-blog", baseurl="/blog")
    >>> assets.find("/blog/assets/a.png")
    'assets/a.png'
    >>> assets.copy("assets/a.png")
    'assets/imported/old-blog/assets/a.png'
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

IMPORTED = "assets/imported"  # under docs/
_LIQUID_BASE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
PAGE_SUFFIXES = ("", ".html", ".htm", ".md", ".markdown")


class SiteAssets:
    """Finds files of the Jekyll site and remembers which ones to copy where."""

    def __init__(self, site_root: Path, site_slug: str, baseurl: str = "") -> None:
        self.site_root = Path(site_root)
        self.folder = f"{IMPORTED}/{site_slug}"
        self.baseurl = baseurl.rstrip("/")
        self.copies: dict[str, Path] = {}  # docs-relative destination -> source file

    def find(self, reference: str) -> str | None:
        """The site-relative path of the file ``reference`` names, or None if it has none.

        ``reference`` is how a post or profile wrote it: ``/assets/a.png``,
        ``{{ site.baseurl }}/assets/a.png``, ``assets/a.png``, or with the
        ``baseurl`` spelt out.

        Example:
            >>> SiteAssets(Path("/nonexistent"), "x").find("/assets/none.png") is None
            True
        """
        path = _LIQUID_BASE.sub("", reference).split("#", 1)[0].split("?", 1)[0].strip()
        if not path or "://" in path or path.startswith("//"):
            return None
        path = unquote(path).lstrip("/")
        candidates = [path]
        base = self.baseurl.lstrip("/")
        if base and path.startswith(base + "/"):
            candidates.insert(0, path[len(base) + 1:])
        for rel in candidates:
            rel = posixpath.normpath(rel)
            if rel.startswith("..") or rel.split("/")[0].startswith("_"):
                continue  # outside the site, or Jekyll's own folders (never published)
            if (self.site_root / rel).is_file():
                return rel
        return None

    def looks_like_file(self, reference: str) -> bool:
        """Whether ``reference`` names a file (an image, a PDF) rather than a page.

        Example:
            >>> SiteAssets(Path("."), "x").looks_like_file("/assets/img/a.PNG")
            True
            >>> SiteAssets(Path("."), "x").looks_like_file("/about/")
            False
        """
        path = _LIQUID_BASE.sub("", reference).split("#", 1)[0].split("?", 1)[0]
        return posixpath.splitext(path.rstrip("/"))[1].lower() not in PAGE_SUFFIXES

    def copy(self, rel: str) -> str:
        """Plan the copy of site file ``rel``; returns its path relative to docs/."""
        dest = f"{self.folder}/{rel}"
        self.copies[dest] = self.site_root / rel
        return dest
