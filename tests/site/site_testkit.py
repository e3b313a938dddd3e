"""Helpers for the site tests: a small, valid blog project in a temp folder."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

AUTHORS = """\
authors:
  ada:
    name: Ada
    description: Writes about boards
    avatar: assets/ada.svg
  grace:
    name: Grace
    description: Writes about compilers
    avatar: assets/ada.svg
"""

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
       '<rect width="2" height="2"/></svg>\n')


def post_text(title: str, date: str = "2024-05-01", *, authors: str = "[ada]",
              categories: str = "[Hardware]", extra: str = "", body: str | None = None) -> str:
    """A valid post; pass ``extra`` front-matter lines or a custom ``body``."""
    if body is None:
        body = f"# {title}\n\nFirst paragraph.\n\n<!-- more -->\n\nMore.\n"
    front = f"title: {title}\ndate: {date}\nauthors: {authors}\ncategories: {categories}\n{extra}"
    return f"---\n{front}---\n{body}"


def make_project(root: Path, *, copy_site: bool = False) -> Path:
    """A project with mkdocs.yml (the real one), an authors file and two good posts.

    With ``copy_site`` the real docs/ tree is copied too (for full builds).
    """
    root.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text()
    # The real nav names pages other content kinds generate; let MkDocs derive one here.
    (root / "mkdocs.yml").write_text(config.split("\nnav:", 1)[0] + "\n")
    shutil.copytree(REPO / "overrides", root / "overrides", dirs_exist_ok=True)
    docs = root / "docs"
    if copy_site:
        shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("learn", "hardware",
                                                                           "reviews"))
        (docs / "framework" / "api.md").write_text("# API reference\n")
        (docs / "framework" / "routes.md").write_text("# Routes\n")  # generated from code too
        _stub_pages_linked_into_skipped_sections(docs)
        shutil.rmtree(docs / "blog" / "posts")  # the test posts below replace the real ones
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets" / "ada.svg").write_text(SVG)
    (docs / "blog" / ".authors.yml").write_text(AUTHORS)
    if not copy_site:
        (docs / "index.md").write_text("# Home\n\nSee [the blog](blog/index.md).\n")
        (docs / "blog" / "index.md").write_text("# Blog\n")
    (posts / "2024-05-01-first-post.md").write_text(post_text("First post"))
    (posts / "2024-05-02-second-post.md").write_text(
        post_text("Second post", "2024-05-02",
                  body="# Second\n\nSee [first](2024-05-01-first-post.md)."
                       "\n\n<!-- more -->\n\n![pic](../../assets/ada.svg)\n"))
    return root


SKIPPED_SECTIONS = ("learn", "hardware", "reviews")


def _stub_pages_linked_into_skipped_sections(docs: Path) -> None:
    """Hand-written pages link into sections this project leaves out; give those links a target."""
    link = re.compile(r"\]\(([^)#\s]+\.md)")
    for page in docs.rglob("*.md"):
        for target in link.findall(page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            try:
                rel = path.relative_to(docs.resolve())
            except ValueError:
                continue
            if rel.parts and rel.parts[0] in SKIPPED_SECTIONS and not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"# {path.stem}\n")


def write_post(root: Path, name: str, text: str) -> Path:
    path = root / "docs" / "blog" / "posts" / name
    path.write_text(textwrap.dedent(text))
    return path


def build(root: Path, site: Path) -> None:
    """``mkdocs build --strict`` of the project at ``root`` into ``site``, in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
    # As `mkdocs build` does, minus on_shutdown: MkDocs caches plugin instances per
    # process, and the blog plugin's shutdown deletes a temp folder later builds reuse.
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)


BLOG_CHECKS = {"blog": "scaledown.site.blog_checks:check_blog"}
"""Only the blog's checks: what a small test project needs (the real ones read the catalogue)."""


def build_on_both_engines(root: Path, *, checkers: dict[str, str],
                          generators: dict[str, str] | None = None) -> dict[str, Path]:
    """MkDocs --strict with only ``checkers`` and ``generators`` registered (its plugin writes
    build/docs/ first), then Zensical from the same build/docs/; each engine's site folder."""
    import pytest

    from scaledown.site import pipeline, zensical_build

    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "CHECKERS", checkers)
    patch.setattr(pipeline, "GENERATORS", generators or {})
    try:
        build(root, root / "mkdocs-site")
    finally:
        patch.undo()
    zensical_build.build(root, "build/docs", "zensical-site")
    return {"mkdocs": root / "mkdocs-site", "zensical": root / "zensical-site"}
