"""What every reader gets from the built site, read from its files (no browser).

Markdown that did not render, the blog feeds against the RSS 2.0 and JSON Feed
1.1 rules, one link per feed, meta descriptions, the 404 page and robots.txt.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_pages import PAGE_KINDS

REPO = Path(__file__).resolve().parents[2]
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.M).group(1)
DC = "{http://purl.org/dc/elements/1.1/}"

pytestmark = pytest.mark.e2e


class _Text(HTMLParser):
    """Visible text outside code, and the text of each code block, of one page."""

    HIDDEN = frozenset({"script", "style", "template", "noscript", "svg"})
    CODE = frozenset({"pre", "code"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.prose: list[str] = []
        self.code_blocks: list[str] = []
        self._hidden = 0
        self._code = 0
        self._block: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.CODE:
            if self._code == 0:
                self._block = []
            self._code += 1
        elif tag in {"p", "li", "div", "br", "td", "th", "h1", "h2", "h3", "h4", "section"}:
            self.prose.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.CODE and self._code:
            self._code -= 1
            if self._code == 0:
                self.code_blocks.append("".join(self._block))

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        (self._block if self._code else self.prose).append(data)


def unrendered_markdown(html: str) -> list[str]:
    """Markdown syntax a reader would see on the page: in its prose, or opening a code block.

    Prose (text outside ``<pre>``/``<code>``) must not hold content-tab headers
    (``=== "``), admonition openers (``!!!``), attribute lists (``{: ``) or a line
    starting with a code fence. A code block may show Markdown *inside* it (the
    contribute guide does), but one whose text starts with a fence or a tab header
    is a fenced block that was never converted: the bug the review citation had.
    """
    parser = _Text()
    parser.feed(html)
    found = []
    prose = "".join(parser.prose)
    for line in prose.splitlines():
        stripped = line.strip()
        if (stripped.startswith(("```", "~~~", "!!! ", "=== \"")) or "{: " in stripped
                or re.match(r"^\?\?\?\+? ", stripped)):
            found.append(f"text: {stripped[:80]}")
    for block in parser.code_blocks:
        head = block.lstrip()
        if head.startswith(("```", "~~~", '=== "')):
            found.append(f"code block: {head.splitlines()[0][:80]}")
    return found


def test_the_detector_catches_the_review_citation_bug() -> None:
    # What review pages showed before pymdownx.tabbed: the tab header as text and
    # the fences inside the code block the copy button copies.
    broken = ('<p>=== "BibTeX"</p><div class="highlight"><pre><code>```bibtex\n'
              '@article{x}\n```</code></pre></div>')
    assert unrendered_markdown(broken) == ['text: === "BibTeX"', "code block: ```bibtex"]
    shown_on_purpose = "<pre><code>---\ntitle: A post\n---\n```python\nprint(1)\n```</code></pre>"
    assert unrendered_markdown(shown_on_purpose) == []


def _pages(site: Path) -> list[Path]:
    """Every page of the site, leaving out the redirect stubs that send old addresses on."""
    return sorted(p for p in site.rglob("*.html")
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8", errors="replace"))


def test_no_page_shows_unrendered_markdown(built_site: Path) -> None:
    problems = {}
    for page in _pages(built_site):
        found = unrendered_markdown(page.read_text(encoding="utf-8", errors="replace"))
        if found:
            problems[page.relative_to(built_site).as_posix()] = found[:3]
    assert problems == {}


def test_review_citations_are_tabs_with_clean_code(built_site: Path) -> None:
    page = (built_site / "reviews" / "mcunet" / "index.html").read_text(encoding="utf-8")
    assert 'class="tabbed-set' in page
    labels = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]+)</label>', page)
    assert {"BibTeX", "Plain text"} <= set(labels)
    blocks = re.findall(r'<code[^>]*>(.*?)</code>', page, re.S)
    assert any("@" in b and "mcunet" in b.lower() for b in blocks)


# ---------------------------------------------------------------- feeds


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _rfc822(text: str | None) -> bool:
    try:
        return email.utils.parsedate_to_datetime(text or "") is not None
    except (TypeError, ValueError):
        return False


def rss_problems(xml_text: str) -> list[str]:
    """Where a feed breaks RSS 2.0: required elements, RFC 822 dates, absolute URLs, lengths."""
    problems = []
    root = ET.fromstring(xml_text)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root is not <rss version=\"2.0\">"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no <{name}>")
    if not _absolute(channel.findtext("link")):
        problems.append("channel <link> is not an absolute URL")
    for name in ("pubDate", "lastBuildDate"):
        if channel.find(name) is not None and not _rfc822(channel.findtext(name)):
            problems.append(f"channel <{name}> is not an RFC 822 date")
    image = channel.find("image")
    if image is not None and not _absolute(image.findtext("url")):
        problems.append("channel <image> has no absolute <url>")
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index + 1}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where} has neither <title> nor <description>")
        if not _absolute(item.findtext("link")):
            problems.append(f"{where} <link> is not an absolute URL")
        if not _rfc822(item.findtext("pubDate")):
            problems.append(f"{where} <pubDate> is not an RFC 822 date")
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true" \
                and not _absolute(guid.text):
            problems.append(f"{where} permalink <guid> is not an absolute URL")
        for author in item.findall("author"):
            if "@" not in (author.text or ""):
                problems.append(f"{where} <author> is not an e-mail address: {author.text}")
        for enclosure in item.findall("enclosure"):
            if not _absolute(enclosure.get("url")):
                problems.append(f"{where} <enclosure> url is not absolute")
            if not (enclosure.get("length") or "").isdigit():
                problems.append(f"{where} <enclosure> length is not a number of bytes: "
                                f"{enclosure.get('length')}")
            if "/" not in (enclosure.get("type") or ""):
                problems.append(f"{where} <enclosure> has no MIME type")
    if ">None<" in xml_text or '"None"' in xml_text:
        problems.append("the text None stands in for a missing value")
    return problems


def _rfc3339(text: object) -> bool:
    if not isinstance(text, str) or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", text):
        return False
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _nulls(value: object, where: str) -> list[str]:
    if value is None:
        return [f"{where} is null"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nulls(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nulls(v, f"{where}[{i}]")]
    return []


def json_feed_problems(feed: dict) -> list[str]:
    """Where a feed breaks JSON Feed 1.1: required fields, RFC 3339 dates, absolute URLs."""
    problems = _nulls(feed, "feed")
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not https://jsonfeed.org/version/1.1")
    if not isinstance(feed.get("title"), str) or not feed.get("title"):
        problems.append("no title")
    for key in ("home_page_url", "feed_url", "icon", "favicon"):
        if key in feed and not _absolute(feed[key]):
            problems.append(f"{key} is not an absolute URL")
    if "authors" in feed and not feed["authors"]:
        problems.append("authors is an empty list")
    items = feed.get("items")
    if not isinstance(items, list):
        return [*problems, "items is not a list"]
    for index, item in enumerate(items):
        where = f"item {index + 1}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where} has no string id")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{where} has neither content_html nor content_text")
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item and not _absolute(item[key]):
                problems.append(f"{where} {key} is not an absolute URL")
        for key in ("date_published", "date_modified"):
            if key in item and not _rfc3339(item[key]):
                problems.append(f"{where} {key} is not an RFC 3339 date: {item[key]}")
        for author in item.get("authors", []):
            if not any(author.get(k) for k in ("name", "url", "avatar")):
                problems.append(f"{where} has an author without name, url or avatar")
        if "tags" in item and not all(isinstance(t, str) for t in item["tags"]):
            problems.append(f"{where} tags are not all strings")
    return problems


def test_rss_feed_follows_rss_2_0(built_site: Path) -> None:
    text = (built_site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert rss_problems(text) == []
    items = ET.fromstring(text).find("channel").findall("item")
    assert items, "the feed lists no posts"
    assert all(item.find(f"{DC}creator") is not None for item in items)
    # the cover images are in the feed, with their real size
    enclosure = items[0].find("enclosure")
    assert enclosure is not None
    local = built_site / enclosure.get("url")[len(SITE_URL):]
    assert int(enclosure.get("length")) == local.stat().st_size


def test_json_feed_follows_json_feed_1_1(built_site: Path) -> None:
    feed = json.loads((built_site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert json_feed_problems(feed) == []
    assert feed["items"], "the feed lists no posts"


def test_feed_validators_catch_what_the_rss_plugin_wrote() -> None:
    # The shapes mkdocs-rss-plugin 1.19 writes without our repairs.
    rss = ('<rss version="2.0"><channel><title>T</title><description>D</description>'
           '<link>https://x.org/</link><image><url>None</url></image><item><title>A</title>'
           '<author>Ada</author><link>https://x.org/a/</link>'
           '<pubDate>Mon, 16 Nov 2026 09:00:00 +0000</pubDate>'
           '<enclosure url="https://x.org/a.svg" type="image/svg+xml" length="None" />'
           '</item></channel></rss>')
    assert len(rss_problems(rss)) == 4
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "icon": None,
            "authors": [], "items": [{"id": "1", "content_html": "x", "url": "/a/",
                                      "date_published": "16 Nov 2026"}]}
    assert len(json_feed_problems(feed)) == 5


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[dict[str, str | None]] = []
        self.descriptions: list[str | None] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "alternate" in (values.get("rel") or "").split():
            self.alternates.append(values)
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content"))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def test_blog_pages_link_each_feed_once_and_other_pages_none(built_site: Path) -> None:
    # Material fetches sitemap.xml once per rel="alternate" link on every page view,
    # so the feeds are announced where readers look for them: on the blog's pages.
    wrong = {}
    blog_pages = 0
    for page in _pages(built_site):
        rel = page.relative_to(built_site).as_posix()
        found = sorted((a.get("type") or "", (a.get("href") or "").rsplit("/", 1)[-1])
                       for a in _head(page).alternates)
        want = ([("application/feed+json", "feed_json_created.json"),
                 ("application/rss+xml", "feed_rss_created.xml")]
                if rel.startswith("blog/") else [])
        blog_pages += rel.startswith("blog/")
        if found != want:
            wrong[rel] = found
    assert wrong == {} and blog_pages >= 3


# ---------------------------------------------------------------- descriptions, 404, robots

def test_pages_describe_themselves(built_site: Path) -> None:
    site_wide = _head(built_site / "404.html").descriptions
    assert len(site_wide) == 1
    seen = {}
    for kind, path in PAGE_KINDS.items():
        descriptions = _head(built_site / path).descriptions
        assert len(descriptions) == 1, kind
        seen[kind] = descriptions[0]
    shared = [kind for kind, text in seen.items() if not text or text == site_wide[0]]
    assert shared == []
    assert len(set(seen.values())) == len(seen), "two page kinds share a description"
    # the blog's generated lists (categories, authors, archive) say what they list
    generic = [p.relative_to(built_site).as_posix() for p in _pages(built_site)
               if _head(p).descriptions == site_wide and p.name != "404.html"]
    assert generic == []


def test_descriptions_are_escaped(built_site: Path) -> None:
    # The study-groups page has an apostrophe; raw quotes or tags would end the attribute.
    raw = (built_site / "learn/study-groups/index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="description" content="([^"]*)">', raw)
    assert meta, "the description attribute is not one well-formed quoted value"
    assert "<" not in meta.group(1)


def test_not_found_page_has_its_own_title_search_and_sections(built_site: Path) -> None:
    page = built_site / "404.html"
    assert _head(page).title.strip() != _head(built_site / "index.html").title.strip()
    assert "not found" in _head(page).title.lower()
    html = page.read_text(encoding="utf-8")
    assert '<button type="button" class="md-button md-button--primary" id="sd-open-search">' \
        in html  # opens the header's search (tested in the browser)
    base = urlsplit(SITE_URL).path
    for section in ("blog/", "learn/", "reviews/", "hardware/", "framework/", "contribute/"):
        assert f'href="{base}{section}"' in html, section


def test_robots_txt_allows_all_and_names_the_sitemap(built_site: Path) -> None:
    lines = (built_site / "robots.txt").read_text().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert (built_site / "sitemap.xml").is_file()


def test_home_and_about_link_the_offline_zip(built_site: Path) -> None:
    from scaledown.site.offline import ZIP_NAME

    for page in ("index.html", "about/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        hrefs = re.findall(rf'<a href="([^"]*{re.escape(ZIP_NAME)})" download>', html)
        assert len(hrefs) == 1, page
        # the deploy puts the zip at the site's root; the link is its path from the
        # host's root (site_url's path), which neither engine rewrites
        assert hrefs[0] == urlsplit(SITE_URL).path + ZIP_NAME, page


class _Meta(HTMLParser):
    """The ``<meta property|name=... content=...>`` pairs of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key and found.get("content") is not None:
            self.meta.setdefault(key, found["content"] or "")


def test_every_page_has_a_link_preview_with_its_section_card(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if "assets" not in p.parts]
    assert len(pages) > 40
    cards = set()
    for page in pages:
        parser = _Meta()
        parser.feed(page.read_text(encoding="utf-8"))
        meta = parser.meta
        rel = page.relative_to(built_site).as_posix()
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert meta.get(key), (rel, key)
        assert meta["og:description"] == meta["description"], rel
        image = urlsplit(meta["og:image"]).path.removeprefix(urlsplit(SITE_URL).path)
        assert (built_site / image).is_file(), (rel, image)  # the card ships with the site
        section = rel.split("/")[0] if "/" in rel else "home"
        if section in {"blog", "learn", "reviews", "hardware", "framework", "contribute"}:
            assert image.endswith(f"social/{section}.png"), (rel, image)
        cards.add(image)
        assert meta["twitter:card"] == "summary_large_image"
    assert len(cards) >= 6  # one card per section, not one for the whole site


def test_pages_load_only_the_site_wide_assets_they_use(built_site: Path) -> None:
    api = (built_site / "framework/api/index.html").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    matrix = (built_site / "hardware/fit-matrix/index.html").read_text(encoding="utf-8")
    assert "_mkdocstrings.css" in api and "_mkdocstrings.css" not in home
    assert "scroll-regions.js" in matrix and "scroll-regions.js" not in home
