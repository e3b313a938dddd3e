"""A page's meta description and offline-zip link, written into the page itself.

:func:`apply` is the last edit ``scaledown build-content`` makes to the docs
tree (after the checks, so checked pages keep their line numbers). For every
Markdown page it

* fills the offline-zip marker (:data:`scaledown.site.offline.MARKER` on a line
  of its own) with the download link (the zip's path under ``site_url``), or,
  in the offline tree, with the note that points to the newest zip;
* writes the page's meta description (:func:`scaledown.site.descriptions.page_description`:
  its ``description:``, else its first paragraph of prose) into its front
  matter as :data:`KEY`, as plain text. ``overrides/main.html`` reads it and
  escapes it once for the ``<meta name="description">``, ``og:description``
  and ``twitter:description`` attributes, on both engines.

Both used to happen in the MkDocs plugin's page hooks (``on_page_markdown``,
``on_page_context``), which Zensical does not run. The description goes under
a key of our own rather than ``description``: mkdocs-rss-plugin reads
``description`` for each feed item, and the feeds keep the text they had.

Example:
    >>> out = apply(Path("/nonexistent"), {"about.md": b"# About\\n\\nWe lend boards.\\n"})
    >>> print(out["about.md"].decode())
    ---
    scaledown_description: "We lend boards."
    ---
    # About
    <BLANKLINE>
    We lend boards.
    <BLANKLINE>
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from . import offline as offline_zip
from .descriptions import page_description
from .frontmatter import front_matter_mapping, split_front_matter
from .siteconfig import read_site_config

KEY = "scaledown_description"
"""The front-matter key the theme reads a page's meta description from (plain text)."""

# page -> (its content, offline, site_url, edited content): the last edit of each page, so
# the rebuilds of 'make serve' redo only the pages that changed (one entry per page)
_memo: dict[str, tuple[bytes, bool, str | None, bytes]] = {}


def with_front_matter_line(text: str, key: str, value: str) -> str:
    """``text`` with ``key: "value"`` as the last line of its front matter (made if missing).

    The value is written as a double-quoted YAML string (JSON's quoting, which
    YAML reads), so any text stays one string.

    Example:
        >>> print(with_front_matter_line("---\\ntitle: A\\n---\\nBody\\n", "k", 'say "hi"'), end="")
        ---
        title: A
        k: "say \\"hi\\""
        ---
        Body
    """
    line = f"{key}: {json.dumps(value)}\n"
    front, _, _ = split_front_matter(text)
    if front is None:
        return f"---\n{line}---\n{text}"
    lines = text.splitlines(keepends=True)
    closing = 1 + front.count("\n")  # the opening fence, then the front matter's lines
    lines.insert(closing, line)
    return "".join(lines)


def edit_page(text: str, *, offline: bool = False, site_url: str | None = None) -> str:
    """One page's text with the offline-zip marker filled and its description in front matter.

    Args:
        text: The whole Markdown file.
        offline: Whether this tree is for the offline copy (the marker becomes a note).
        site_url: The published site (the link is the zip's path under it; the
            offline note names it).

    Example:
        >>> text = "Read it offline.\\n\\n<!-- scaledown:offline-zip -->\\n"
        >>> print(edit_page(text, site_url="https://x.org/site/"), end="")
        ---
        scaledown_description: "Read it offline."
        ---
        Read it offline.
        <BLANKLINE>
        <a href="/site/scaledown-offline.zip" download>Download the whole site (zip)</a>
    """
    text = offline_zip.fill_marker(text, offline=offline, site_url=site_url)
    front, meta, body = front_matter_mapping(text)
    if front is not None and meta is None:
        return text  # unreadable front matter: 'scaledown check' reports it
    meta = meta or {}
    if KEY in meta:
        return text  # the page sets its own
    description = page_description(meta, body)
    return text if description is None else with_front_matter_line(text, KEY, description)


def apply(root: Path, tree: Mapping[str, bytes], *, offline: bool = False) -> dict[str, bytes]:
    """``tree`` with every Markdown page edited by :func:`edit_page`.

    Args:
        root: The project folder (its ``mkdocs.yml`` gives ``site_url``).
        tree: Path (relative to the docs folder) -> file content.
        offline: Whether the tree is for the offline copy.

    Returns:
        A new mapping; files that need no edit are the same objects.

    Example:
        >>> apply(Path("/nonexistent"), {"a.css": b"p {}", "b.md": b"# Only a title"})
        {'a.css': b'p {}', 'b.md': b'# Only a title'}
    """
    site_url = str(read_site_config(root).get("site_url") or "") or None
    edited = dict(tree)
    for path, data in tree.items():
        if not path.endswith(".md"):
            continue
        last = _memo.get(path)
        if last is not None and last[:3] == (data, offline, site_url):
            done = last[3]
        else:
            done = _edited(data, offline=offline, site_url=site_url)
            _memo[path] = (data, offline, site_url, done)
        edited[path] = done if done != data else data
    return edited


def _edited(data: bytes, *, offline: bool, site_url: str | None) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # not a page an engine can read; the checks say so
    changed = edit_page(text, offline=offline, site_url=site_url)
    return data if changed == text else changed.encode("utf-8")
