"""Repairs to the blog feeds that mkdocs-rss-plugin writes.

The plugin writes ``feed_rss_created.xml`` and ``feed_json_created.json``; a few
of its fields break the RSS 2.0 and JSON Feed 1.1 rules, so after the build
:func:`repair_rss` and :func:`repair_json_feed` fix them in place:

- an ``<enclosure>`` (a post's cover image) needs its length in bytes: it is
  read from the built file, or the enclosure is dropped when the file is not part
  of the site (the plugin writes ``length="None"`` because it looks for the image
  next to the post's source);
- the channel ``<image>`` needs a URL: without one configured it is dropped;
- RSS ``<author>`` must be an e-mail address, so a name becomes ``<dc:creator>``;
- JSON Feed fields must not be ``null`` and lists must not be empty: such fields
  are left out.

Which pages link the feeds is the theme's business: ``overrides/main.html``
writes one ``<link rel="alternate">`` per feed (RSS and JSON, the "created"
ones) on the blog's pages only, and none in the offline copy.

Example:
    >>> repair_json_feed('{"version": "v", "icon": null, "items": []}')
    '{"version": "v", "items": []}'
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

DC = "http://purl.org/dc/elements/1.1/"
ATOM = "http://www.w3.org/2005/Atom"
_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>)?\s*(?P<pis>(?:<\?[^>]*\?>\s*)*)")


def _local_file(url: str, site_url: str, site_dir: Path) -> Path | None:
    if not site_url or not url.startswith(site_url):
        return None
    relative = unquote(urlsplit(url[len(site_url):]).path).lstrip("/")
    path = (site_dir / relative).resolve()
    if site_dir.resolve() not in path.parents or not path.is_file():
        return None
    return path


def repair_rss(xml_text: str, site_dir: Path, site_url: str) -> str:
    """The RSS feed with enclosure lengths, a valid channel image and ``dc:creator`` authors.

    Args:
        xml_text: The feed as the RSS plugin wrote it.
        site_dir: The built site, where enclosure files are looked up.
        site_url: The site's address (``site_url`` in ``mkdocs.yml``), ending in ``/``.

    Example:
        >>> import tempfile
        >>> site = Path(tempfile.mkdtemp())
        >>> _ = (site / "cover.svg").write_text("<svg/>")
        >>> feed = ('<rss version="2.0"><channel><title>T</title><image><url>None</url></image>'
        ...         '<item><author>Ada</author>'
        ...         '<enclosure url="https://x.org/cover.svg" type="image/svg+xml" length="None"/>'
        ...         '<enclosure url="https://x.org/gone.png" type="image/png" length="None"/>'
        ...         '</item></channel></rss>')
        >>> out = repair_rss(feed, site, "https://x.org/")
        >>> 'length="6"' in out, "gone.png" in out, "<image>" in out, "<dc:creator>Ada" in out
        (True, False, False, True)
    """
    ET.register_namespace("atom", ATOM)
    ET.register_namespace("dc", DC)
    prologue = _PROLOGUE.match(xml_text)
    pis = prologue.group("pis").strip() if prologue else ""
    root = ET.fromstring(xml_text)
    channel = root.find("channel")
    if channel is None:
        return xml_text
    image = channel.find("image")
    if image is not None and (image.findtext("url") or "None").strip() in {"", "None"}:
        channel.remove(image)
    for item in channel.findall("item"):
        for enclosure in item.findall("enclosure"):
            length = enclosure.get("length", "")
            if length.isdigit():
                continue
            path = _local_file(enclosure.get("url", ""), site_url, site_dir)
            if path is None:
                item.remove(enclosure)
            else:
                enclosure.set("length", str(path.stat().st_size))
        for author in item.findall("author"):
            if "@" not in (author.text or ""):
                author.tag = f"{{{DC}}}creator"
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + (pis + "\n" if pis else "") + body + "\n"


def _without_empty(value: dict) -> dict:
    return {k: v for k, v in value.items() if v is not None and v != [] and v != ""}


def repair_json_feed(text: str) -> str:
    """The JSON feed without ``null`` fields or empty lists, at the top and in each item.

    Example:
        >>> repair_json_feed('{"version": "v", "icon": null, "authors": [],'
        ...                  ' "items": [{"id": "1", "image": null}]}')
        '{"version": "v", "items": [{"id": "1"}]}'
    """
    feed = _without_empty(json.loads(text))
    feed["items"] = [_without_empty(item) for item in feed.get("items", [])]
    return json.dumps(feed, ensure_ascii=False)


FEED_FILES = ("feed_rss_created.xml", "feed_json_created.json")


def repair_feeds(site_dir: Path, site_url: str,
                 names: tuple[str, str] = FEED_FILES) -> list[Path]:
    """Repair the built feeds in place; returns the files it rewrote (missing ones are skipped).

    Example:
        >>> import tempfile
        >>> site = Path(tempfile.mkdtemp())
        >>> _ = (site / "feed_json_created.json").write_text('{"icon": null, "items": []}')
        >>> [p.name for p in repair_feeds(site, "https://x.org/")]
        ['feed_json_created.json']
        >>> (site / "feed_json_created.json").read_text()
        '{"items": []}'
    """
    rss_name, json_name = names
    done = []
    rss = site_dir / rss_name
    if rss.is_file():
        rss.write_text(repair_rss(rss.read_text(encoding="utf-8"), site_dir, site_url),
                       encoding="utf-8")
        done.append(rss)
    feed = site_dir / json_name
    if feed.is_file():
        feed.write_text(repair_json_feed(feed.read_text(encoding="utf-8")), encoding="utf-8")
        done.append(feed)
    return done
