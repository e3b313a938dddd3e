"""Import a whole Jekyll site: posts, authors, images, links and old URLs, in one plan.

:func:`plan_import` reads the site and the project, converts every post in
memory and stages every file the import would write (posts, copied images,
``docs/blog/.authors.yml``, ``docs/.redirects.yml``) in a
:class:`~scaledown.site.staging.Staging`. Nothing is written until the caller
commits the plan, and a plan with errors must not be committed. Running the
import again stages the same content, so nothing changes.

Example:
    A Jekyll site with one post, planned into a fresh project; nothing is
    written until ``commit``:

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> posts = folder / "jekyll" / "_posts"
    >>> posts.mkdir(parents=True)
    >>> _ = (folder / "jekyll" / "_config.yml").write_text("title: Old blog\\n")
    >>> _ = (posts / "2024-05-01-hello.md").write_text("---\\ntitle: Hello\\n---\\nFirst post.\\n")
    >>> project = folder / "project"
    >>> project.mkdir()
    >>> _ = (project / "mkdocs.yml").write_text("site_name: Demo\\n")
    >>> [problem.message for problem in plan_import(folder / "jekyll", project).errors]
    ['no author']
    >>> plan = plan_import(folder / "jekyll", project, allow_missing=True)
    >>> plan.errors, plan.files()
    ([], [('create', 'docs/blog/posts/2024-05-01-hello.md'), ('create', 'docs/.redirects.yml')])
    >>> plan.actions
    ['redirect 2024/05/01/hello.html -> blog/posts/2024-05-01-hello.md']
    >>> (project / "docs").exists()
    False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import ContentError
from ...vocabulary.problem import Problem
from ..authors import AUTHORS_FILE, load_authors
from ..frontmatter import read_markdown, render_markdown
from ..jekyll import (
    DATED_NAME,
    convert_post,
    find_date,
    skip_reason,
    target_filename,
)
from ..redirects import HEADER, REDIRECTS_FILE, load_redirects
from ..siteconfig import blog_settings
from ..slugs import slugify
from ..staging import Staging
from ..yamledit import add_entries
from .assets import SiteAssets
from .authors import plan_authors
from .categories import map_category
from .config import JekyllSite, read_site
from .links import PostIndex, SiteLinks
from .permalinks import old_url
from .redirects import plan_redirects

AUTHORS_HEADER = "# Blog authors. Posts list these ids under `authors:`.\n"


@dataclass
class ImportPlan:
    """Everything one site import would do; :meth:`commit` does it."""

    root: Path
    stage: Staging = field(default_factory=Staging)
    notes: list[Problem] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    sources: dict[Path, Path] = field(default_factory=dict)  # written file -> where it came from

    @property
    def errors(self) -> list[Problem]:
        """Notes that stop the import."""
        return [n for n in self.notes if n.severity == "error"]

    def files(self) -> list[tuple[str, str]]:
        """``(status, path relative to the project)`` of every staged file."""
        return [(self.stage.status(p), _rel(p, self.root)) for p in self.stage.files]

    def commit(self) -> list[Path]:
        """Write every changed file together (refused while there are errors)."""
        if self.errors:
            raise ContentError(self.errors, what="the import has errors; nothing was written")
        return self.stage.commit()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return []


@dataclass
class _Source:
    path: Path
    date: dt.date
    filename: str
    old: str | None


def _old_path(site: JekyllSite, path: Path, meta: dict[str, Any], date: dt.date,
              notes: list[Problem], line: int) -> str | None:
    pattern = meta.get("permalink") if isinstance(meta.get("permalink"), str) else site.permalink
    match = DATED_NAME.match(path.name)
    title = match.group(4) if match else path.stem
    slug = meta.get("slug") if isinstance(meta.get("slug"), str) else None
    stamp = meta.get("date")
    when = stamp if isinstance(stamp, dt.datetime) and stamp.date() == date else date
    categories = _words(meta.get("categories")) + _words(meta.get("category"))
    try:
        return old_url(pattern, when, slug or title, categories, slugify(slug or title))
    except ValueError as exc:
        notes.append(Problem(path, line, f"cannot work out the old URL: {exc}",
                             fix="add the redirect to docs/.redirects.yml by hand",
                             severity="warning"))
        return None


def _escalate(note: Problem, allow_unknown: bool, allow_missing: bool) -> Problem:
    missing = ("is not in docs/blog/.authors.yml" in note.message or note.message == "no author"
               or "points at a file this site does not have" in note.message)
    if note.severity == "error" and allow_unknown and "Liquid" in note.message:
        return Problem(note.path, note.line, note.message, note.fix, "warning")
    if missing and not allow_missing:
        fix = (note.fix or "") + "; or re-run with --allow-missing to import it as it is"
        return Problem(note.path, note.line, note.message, fix.lstrip("; "), "error")
    return note


def plan_import(site_dir: Path, root: Path, *, category_map: dict[str, str] | None = None,
                date: dt.date | None = None, force: bool = False, allow_unknown: bool = False,
                allow_missing: bool = False) -> ImportPlan:
    """Plan the import of the Jekyll site in ``site_dir`` into the project at ``root``.

    Args:
        site_dir: The Jekyll site folder (holding ``_config.yml``).
        root: This project's folder (holding ``mkdocs.yml``).
        category_map: Jekyll category -> allowed category (``--category-map``).
        date: A date for posts with none in their name or front matter.
        force: Replace posts and copied files that exist with other content.
        allow_unknown: Unknown Liquid is kept as text and reported, not an error.
        allow_missing: Missing images, posts and authors are warnings, not errors.

    Raises:
        InputError: ``site_dir`` is not a Jekyll site.
        ContentError: the site's or the project's YAML files are malformed.
    """
    root = Path(root)
    site = read_site(site_dir)
    settings = blog_settings(root)
    docs = root / settings.docs_dir
    posts_dir = root / settings.posts_dir
    plan = ImportPlan(root, notes=list(site.notes))
    existing_authors = load_authors(root)
    assets = SiteAssets(site.root, site.slug, site.baseurl)
    authors = plan_authors(site, existing_authors, assets)
    plan.notes += authors.notes
    known_authors = {**existing_authors, **authors.entries}

    sources: list[_Source] = []
    for path in site.posts:
        shown = path.relative_to(site.root)
        reason = skip_reason(path)
        if reason:
            plan.notes.append(Problem(path, 1, f"skipped: {reason}",
                                      fix="give it front matter and text if it is a post",
                                      severity="warning"))
            plan.actions.append(f"skip {shown} ({reason})")
            continue
        try:
            doc = read_markdown(path)
        except ContentError as err:
            plan.notes += err.problems
            continue
        found = find_date(path, doc.meta, date)
        if found is None:
            plan.notes.append(Problem(path, 1, "no date found for this post",
                                      fix="rename it to YYYY-MM-DD-slug.md or pass --date"))
            continue
        filename = target_filename(path, doc.meta.get("title"), found)
        if any(s.filename == filename for s in sources):
            other = next(s.path for s in sources if s.filename == filename)
            plan.notes.append(Problem(path, 1, f"becomes {filename}, as {other} does",
                                      fix="give one of them another slug in its file name"))
            continue
        sources.append(_Source(path, found, filename,
                               _old_path(site, path, doc.meta, found, plan.notes, 1)))

    existing_posts = {p.name for p in posts_dir.glob("*.md")} if posts_dir.is_dir() else set()
    index = PostIndex({s.filename for s in sources},
                      {s.old: s.filename for s in sources if s.old}, site.baseurl,
                      existing_posts)
    categories: dict[str, str] = {}
    wanted_redirects: dict[str, str] = {}
    new_urls: dict[str, str] = {}
    for source in sources:
        links = SiteLinks(source.path, index, assets, allow_missing=allow_missing)
        try:
            post = convert_post(source.path, date=source.date,
                                allowed=settings.categories_allowed, authors=known_authors,
                                root=root, category_map=category_map, links=links)
        except ContentError as err:
            plan.notes += err.problems
            continue
        plan.notes += [_escalate(n, allow_unknown, allow_missing) for n in post.notes]
        plan.notes += links.notes
        plan.actions += links.actions
        meta = read_markdown(source.path).meta
        for name in _words(meta.get("categories")) + _words(meta.get("category")):
            mapped = map_category(name, settings.categories_allowed, category_map)
            categories.setdefault(name, mapped or f"tag {slugify(name)}")
        target = posts_dir / post.filename
        _stage(plan, target, render_markdown(post.meta, post.body), source.path, force)
        page = f"{settings.blog_dir}/posts/{post.filename}"
        slug = post.meta.get("slug") or slugify(post.meta["title"])
        new_urls[page] = f"{settings.blog_dir}/{slug}/"
        if source.old:
            old = source.old.lstrip("/")
            wanted_redirects.setdefault(old, page)
    for name, mapped in categories.items():
        plan.actions.append(f"category {name} -> {mapped}")
    for dest, src in assets.copies.items():
        _stage(plan, docs / dest, src.read_bytes(), src, force)
    for dest, text in authors.files.items():
        _stage(plan, docs / dest, text, site.root, force)
    plan.actions += authors.actions
    if authors.entries:
        path = root / AUTHORS_FILE
        text = path.read_text(encoding="utf-8") if path.is_file() else AUTHORS_HEADER
        plan.stage.add(path, add_entries(text, "authors", authors.entries))
    existing_redirects, _ = load_redirects(root)
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} \
        if docs.is_dir() else set()
    redirects = plan_redirects(wanted_redirects, existing_redirects, pages, new_urls)
    plan.notes += redirects.notes
    plan.actions += redirects.actions
    if redirects.entries:
        path = root / REDIRECTS_FILE
        text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
        plan.stage.add(path, add_entries(text, "redirects", redirects.entries))
    return plan


def _stage(plan: ImportPlan, target: Path, content: str | bytes, source: Path,
           force: bool) -> None:
    status = plan.stage.add(target, content)
    plan.sources[target] = source
    if status == "update" and not force:
        plan.notes.append(Problem(target, None,
                                  f"{_rel(target, plan.root)} already exists with other content "
                                  f"(would come from {source})",
                                  fix="re-run with --force to replace it, or move it away"))
