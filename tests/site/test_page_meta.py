"""Meta descriptions, feed links and the offline-zip link, the same on both engines.

``scaledown build-content`` writes each page's description into its front
matter (site.page_meta, as ``scaledown_description``) and fills the
offline-zip marker; ``overrides/main.html`` escapes the description once and
writes one link per feed on the blog's pages only. Zensical runs none of our
plugin, so what it shows comes from the tree and the theme alone.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from site_testkit import build, make_project, post_text, write_post

from scaledown.site import page_meta, pipeline, zensical_build
from scaledown.site.content_build import MANIFEST, build_content
from scaledown.site.frontmatter import split_front_matter
from scaledown.site.offline import MARKER, ZIP_NAME

KEY = page_meta.KEY
# Quotes, ampersands and angle brackets: each breaks an attribute or becomes markup
# when written unescaped, and shows as "&amp;quot;" when escaped twice.
TRICKY = 'Fit "tiny" models & <run> them'
ZIP_HREF = f"/scaledown/{ZIP_NAME}"  # the path of site_url in mkdocs.yml
# 'scaledown check' refuses " < > in a post's description; ampersands and apostrophes pass
POST_TEXT = "Tom & Jerry's R&D"


def _meta(text: str) -> dict:
    front = split_front_matter(text)[0]
    return yaml.safe_load(front) if front else {}


# ---------------------------------------------------------------- the page edits

@pytest.mark.parametrize(("text", "want"), [
    ("# T\n\nFirst words here.\n\nSecond.\n", "First words here."),
    (f"---\ntitle: T\ndescription: '{TRICKY}'\n---\n# T\n\nProse.\n", TRICKY),
    # generated pages write description escaped (escape.yaml_text): read as the theme shows it
    ('---\ndescription: "A &quot;student&quot; &amp; a teacher&#x27;s"\n---\nx\n',
     "A \"student\" & a teacher's"),
    ("# T\n\nTom &amp; Jerry <b>say</b> `hi`.\n", "Tom & Jerry say hi."),
])
def test_description_written_as_plain_text(text: str, want: str) -> None:
    out = page_meta.edit_page(text)
    assert _meta(out)[KEY] == want
    assert out.endswith(text.split("---\n")[-1])  # the body is kept as it was


def test_feed_items_keep_their_text_the_description_key_is_our_own() -> None:
    # mkdocs-rss-plugin reads "description" for each post; it must not appear from nowhere
    out = page_meta.edit_page(post_text("A post"))
    assert "description" not in _meta(out) and _meta(out)[KEY] == "First paragraph."


@pytest.mark.parametrize("text", [
    "# Only a heading\n",                          # no prose: the site's description
    "---\ntitle: [unclosed\n---\nProse.\n",       # unreadable: the check reports it
    f"---\n{KEY}: Set by hand\n---\nProse.\n",     # the page's own wins
])
def test_left_alone(text: str) -> None:
    assert page_meta.edit_page(text) == text


def test_marker_on_its_own_line_becomes_the_link_or_the_offline_note() -> None:
    text = f"# Home\n\nRead offline.\n\n  {MARKER}\n\nQuoted: `{MARKER}` and {MARKER} inline.\n"
    online = page_meta.edit_page(text, site_url="https://x.org/scaledown/")
    assert f'  <a href="{ZIP_HREF}" download>' in online
    assert f"Quoted: `{MARKER}` and {MARKER} inline." in online
    offline = page_meta.edit_page(text, offline=True, site_url="https://x.org/scaledown/")
    assert "You are reading the offline copy; the newest is at" in offline
    assert "download>" not in offline and f"`{MARKER}`" in offline


def test_apply_edits_markdown_only_and_keeps_unchanged_files() -> None:
    tree = {"a.md": b"# A\n", "b.md": b"# B\n\nWords.\n", "c.html": b"<p>Words.</p>"}
    out = page_meta.apply(Path("/nonexistent"), tree)
    assert out["a.md"] is tree["a.md"] and out["c.html"] is tree["c.html"]
    assert _meta(out["b.md"].decode())[KEY] == "Words."


def test_a_page_with_a_byte_order_mark_keeps_one_front_matter() -> None:
    out = page_meta.edit_page("\ufeff---\ntitle: T\n---\nWords.\n")
    assert out.count("---\n") == 2 and _meta(out)[KEY] == "Words."


# ---------------------------------------------------------------- built on both engines

class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("name") or values.get("property")
        if tag == "meta" and key:
            self.meta.setdefault(key, []).append(values.get("content") or "")
        if tag == "link" and values.get("rel") == "alternate":
            self.feeds.append((values.get("href") or "").rsplit("/", 1)[-1])


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _project(root: Path) -> Path:
    root = make_project(root)
    docs = root / "docs"
    (docs / "tricky.md").write_text(f"---\ndescription: '{TRICKY}'\n---\n# Tricky\n\nProse.\n")
    (docs / "prose.md").write_text('# Prose\n\nBoards & "tiny" models < 1 MB.\n')
    (docs / "generated.md").write_text(  # as escape.yaml_text writes it
        '---\ndescription: "A &quot;student&quot; &amp; a teacher"\n---\n# G\n')
    (docs / "zip.md").write_text(f"# Zip\n\nThe whole site:\n\n{MARKER}\n\nNot `{MARKER}`.\n")
    write_post(root, "2024-05-03-described.md",
               post_text("Described", "2024-05-03", extra=f'description: "{POST_TEXT}"\n'))
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small project built by MkDocs (its plugin writes build/docs/ first), by Zensical
    from the same build/docs/, and by MkDocs as the offline copy."""
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "CHECKERS", {"blog": "scaledown.site.blog_checks:check_blog"})
    patch.setattr(pipeline, "GENERATORS", {})
    root = _project(tmp_path_factory.mktemp("meta"))
    try:
        build(root, root / "mkdocs-site")
        tree = (root / "build" / "docs" / MANIFEST).read_bytes()
        patch.setenv("SCALEDOWN_OFFLINE", "true")
        build(root, root / "offline-site")
    finally:
        patch.undo()
    zensical_build.build(root, "build/docs", "zensical-site")
    return {"mkdocs": root / "mkdocs-site", "zensical": root / "zensical-site",
            "offline": root / "offline-site", "root": root, "tree": tree}


ENGINES = ["mkdocs", "zensical"]
EXPECTED = {
    "tricky/index.html": TRICKY,
    "prose/index.html": 'Boards & "tiny" models < 1 MB.',
    "generated/index.html": 'A "student" & a teacher',
    "blog/described/index.html": POST_TEXT,
    "blog/category/hardware/index.html": "Posts about Hardware on the ScaleDown blog",
    "404.html": "TinyML made learnable by anyone",
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_description_escaped_once_in_every_attribute(sites: dict, engine: str, page: str) -> None:
    head = _head(sites[engine] / page)
    assert head.meta["description"] == [EXPECTED[page]]
    for key in ("og:description", "twitter:description"):
        assert head.meta.get(key, [EXPECTED[page]]) == [EXPECTED[page]], key  # 404: none
    raw = (sites[engine] / page).read_text(encoding="utf-8")
    attribute = re.search(r'<meta name="description" content="([^"]*)"', raw).group(1)
    assert "<" not in attribute and "&amp;amp;" not in attribute and "&amp;quot;" not in attribute


@pytest.mark.parametrize("engine", ENGINES)
def test_feed_links_once_on_blog_pages_and_nowhere_else(sites: dict, engine: str) -> None:
    site = sites[engine]
    found = {p.relative_to(site).as_posix(): sorted(_head(p).feeds) for p in site.rglob("*.html")
             if "assets" not in p.parts}
    feeds = ["feed_json_created.json", "feed_rss_created.xml"]
    wrong = {rel: links for rel, links in found.items()
             if links != (feeds if rel.startswith("blog/") else [])}
    assert wrong == {}
    assert sum(rel.startswith("blog/") for rel in found) >= 4


@pytest.mark.parametrize("engine", ENGINES)
def test_offline_zip_link_from_the_site_root(sites: dict, engine: str) -> None:
    html = (sites[engine] / "zip" / "index.html").read_text(encoding="utf-8")
    assert re.findall(rf'<a href="([^"]*{re.escape(ZIP_NAME)})" download>', html) == [ZIP_HREF]
    assert "scaledown:offline-zip" in html  # the quoted one stays


def test_feeds_keep_the_posts_own_text(sites: dict) -> None:
    feed = json.loads((sites["mkdocs"] / "feed_json_created.json").read_text(encoding="utf-8"))
    texts = {item["title"]: item.get("summary") or item.get("content_html") or ""
             for item in feed["items"]}
    assert POST_TEXT in texts["Described"]
    assert KEY not in (sites["mkdocs"] / "feed_rss_created.xml").read_text(encoding="utf-8")


def test_offline_copy_has_the_note_no_feed_links_and_its_own_tree(sites: dict) -> None:
    site, root = sites["offline"], sites["root"]
    html = (site / "zip.html").read_text(encoding="utf-8")
    assert "You are reading the offline copy" in html and "download>" not in html
    assert [p for p in site.rglob("*.html") if _head(p).feeds] == []
    assert "offline copy" in (root / "build" / "offline-docs" / "zip.md").read_text()
    # the online tree is as the online build left it
    assert (root / "build" / "docs" / MANIFEST).read_bytes() == sites["tree"]
    assert ZIP_HREF in (root / "build" / "docs" / "zip.md").read_text()


def test_build_content_offline_writes_its_own_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    report = build_content(root, generators=(), checks=False, offline=True)
    assert report.out == root / "build" / "offline-docs"
    assert "offline copy" in (report.out / "zip.md").read_text()
    assert not (root / "build" / "docs").exists()
