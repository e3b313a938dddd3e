"""Links of one post while a whole site is imported: other posts, old URLs, images.

:class:`SiteLinks` is the :class:`PostLinks` that
:func:`~scaledown.site.jekyll.convert_post` asks about each link. It knows
every post of the import (by file name, by slug and by its old URL) and the
files of the Jekyll site, so it can point a link at the right post when the
date in the link is wrong, and plan the copy of each image.

Example:
    >>> from scaledown.site.jekyll_site.assets import SiteAssets
    >>> index = PostIndex({"2019-06-03-next.md"}, {"/next/": "2019-06-03-next.md"})
    >>> links = SiteLinks(Path("_posts/2019-05-04-a.md"), index, SiteAssets(Path("."), "x"))
    >>> links.post("2019-06-02-next.md", 12)
    '2019-06-03-next.md'
    >>> links.absolute("/next/#part", 13)
    '2019-06-03-next.md#part'
    >>> print(links.notes[0])
    _posts/2019-05-04-a.md:12: warning: link to post 2019-06-02-next.md: no post has that date; \
pointing at 2019-06-03-next.md, the post with the same slug
        fix: check the link in the imported post
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from ...vocabulary.problem import Problem
from ..jekyll import DATED_NAME, POSTS_TO_DOCS
from ..slugs import slugify
from .assets import SiteAssets


class PostLinks(Protocol):
    """What a whole-site import knows that one post does not (see jekyll_site)."""

    def post(self, name: str, line: int) -> str:
        """The file a link to post ``name`` (``YYYY-MM-DD-slug.md``) should point at."""
        ...

    def absolute(self, target: str, line: int) -> str | None:
        """A new target for a site-absolute link (``/assets/a.png``), or None: default."""
        ...

    def cover(self, image: str, line: int) -> str | None:
        """The cover image path (relative to docs/) for the post's ``image:``."""
        ...


def url_key(path: str) -> str:
    """How old URLs are compared: no leading or trailing slash, no ``.html``.

    Example:
        >>> url_key("/2019/05/04/welcome.html"), url_key("/welcome/")
        ('2019/05/04/welcome', 'welcome')
    """
    path = path.split("#", 1)[0].split("?", 1)[0].strip("/")
    for suffix in ("/index.html", ".html", "/index.htm", ".htm"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


@dataclass
class PostIndex:
    """Every post the links may point at: file names, and old URLs of imported posts."""

    names: set[str]
    old_urls: dict[str, str] = field(default_factory=dict)
    baseurl: str = ""
    existing: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_slug: dict[str, list[str]] = {}
        for name in sorted(self.names):
            match = DATED_NAME.match(name)
            if match:
                self.by_slug.setdefault(slugify(match.group(4)), []).append(name)
        self.by_url = {url_key(url): name for url, name in self.old_urls.items()}

    def post_for_url(self, path: str) -> str | None:
        """The post an old site-absolute URL names, with or without ``baseurl``."""
        key = url_key(path)
        base = self.baseurl.strip("/")
        if base and (key == base or key.startswith(base + "/")):
            stripped = key[len(base):].strip("/")
            if stripped in self.by_url:
                return self.by_url[stripped]
        return self.by_url.get(key)


class SiteLinks:
    """Answers :func:`~scaledown.site.jekyll.convert_post` for one post of a site import."""

    def __init__(self, src: Path, index: PostIndex, assets: SiteAssets, *,
                 allow_missing: bool = False) -> None:
        self.src = src
        self.index = index
        self.assets = assets
        self.missing_severity = "warning" if allow_missing else "error"
        self.notes: list[Problem] = []
        self.actions: list[str] = []

    def _missing(self, line: int, message: str, fix: str) -> None:
        self.notes.append(Problem(self.src, line, message, fix=fix + (
            "" if self.missing_severity == "warning" else
            ", or re-run with --allow-missing to import it as written"),
            severity=self.missing_severity))  # type: ignore[arg-type]

    def post(self, name: str, line: int) -> str:
        """The post file a link to ``name`` should point at (the slug decides a wrong date)."""
        if name in self.index.names or name in self.index.existing:
            return name
        match = DATED_NAME.match(name)
        same = self.index.by_slug.get(slugify(match.group(4) if match else name[:-3]), [])
        if len(same) == 1:
            self.notes.append(Problem(
                self.src, line, f"link to post {name}: no post has that date; pointing at "
                                f"{same[0]}, the post with the same slug",
                fix="check the link in the imported post", severity="warning"))
            self.actions.append(f"fix link {self.src.name}:{line}: {name} -> {same[0]}")
            return same[0]
        self._missing(line, f"link to post {name}, which is not among the imported posts",
                      "correct the link in the Jekyll post")
        return name

    def absolute(self, target: str, line: int) -> str | None:
        """A new target for a site-absolute link: an imported post, or a copied file."""
        path, _, fragment = target.partition("#")
        anchor = f"#{fragment}" if fragment else ""
        name = self.index.post_for_url(path)
        if name is not None:
            self.actions.append(f"rewrite link {self.src.name}:{line}: {target} -> {name}")
            return name + anchor
        if not self.assets.looks_like_file(path):
            return None
        rel = self.assets.find(path)
        if rel is None:
            self._missing(line, f"{target} is not a file of the Jekyll site "
                                f"{self.assets.site_root}",
                          f"add it to the site (as {path.lstrip('/')}) or correct the link")
            return None
        # the copy keeps the file's name; spaces or brackets in it must not end the link
        return f"{POSTS_TO_DOCS}/{quote(self.assets.copy(rel))}{anchor}"

    def cover(self, image: str, line: int) -> str | None:
        """The docs-relative path of the copied cover image, or None if the site lacks it."""
        rel = self.assets.find(image)
        if rel is None:
            self._missing(line, f"cover image {image} is not a file of the Jekyll site "
                                f"{self.assets.site_root}",
                          f"add it to the site (as {image.lstrip('/')}) or correct 'image:'")
            return None
        return self.assets.copy(rel)
