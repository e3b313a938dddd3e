"""A Markdown extension that names each task-list checkbox after the text of its item.

``pymdownx.tasklist`` turns ``- [x] Tests pass`` into a list item that starts
with a checkbox, but the ``<input>`` it writes has no accessible name, so a
screen reader announces only "checkbox, checked". This extension runs after
it, on the element tree of the converted Markdown: for every ``task-list-item``
it reads the item's words (its text and inline markup up to a nested list; in
a loose list, its first paragraph)
and gives the item's checkbox an ``aria-label`` with them.

It is a plain Python-Markdown extension, listed under ``markdown_extensions``
in ``mkdocs.yml`` after ``pymdownx.tasklist``, so both site engines run it on
every page and on every blog excerpt (MkDocs and Zensical both convert with
Python-Markdown); no HTML is repaired after rendering.

Example:
    >>> import markdown
    >>> md = markdown.Markdown(extensions=["pymdownx.tasklist", TaskLabelsExtension()])
    >>> print(md.convert("- [x] Tests *pass*").replace("> ", ">\\n"))
    <ul class="task-list">
    <li class="task-list-item"><input type="checkbox" aria-label="Tests pass" disabled checked/>
    Tests <em>pass</em></li>
    </ul>
"""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

__all__ = ["TaskLabelsExtension", "item_words", "makeExtension"]

CHECKBOX = '<input type="checkbox"'  # how pymdownx.tasklist starts its input tag
FALLBACK = "Task"  # the name of a checkbox whose item has no words
# After pymdownx.tasklist (25), the inline patterns (20) and the unescaping of
# backslash escapes (0): the item's text is final by then.
PRIORITY = -5


class _Words(HTMLParser):
    """The character data of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _fragment_words(fragment: str | etree.Element) -> str:
    if not isinstance(fragment, str):
        return " ".join(fragment.itertext())
    parser = _Words()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def item_words(item: etree.Element, stash: list[str | etree.Element] | None = None) -> str:
    """The words of a list item (or paragraph) as a reader sees them: its text up to a nested list.

    Inline markup counts by its text; raw HTML kept aside by Python-Markdown (its
    placeholders, as in the checkbox itself) counts by the text in ``stash``;
    entities are decoded and spaces collapsed.

    Args:
        item: A ``<li>`` (or ``<p>``) element of Python-Markdown's tree.
        stash: ``md.htmlStash.rawHtmlBlocks``, the raw HTML the placeholders stand for.

    Example:
        >>> from xml.etree import ElementTree as etree
        >>> li = etree.fromstring("<li>Add a <b>test</b> &amp;lt;now<ul><li>later</li></ul></li>")
        >>> item_words(li)
        'Add a test <now'
    """
    blocks = stash or []

    def placeholders(text: str | None) -> str:
        def stashed(match: Any) -> str:
            index = int(match.group(1))
            return _fragment_words(blocks[index]) if index < len(blocks) else ""

        return HTML_PLACEHOLDER_RE.sub(stashed, text or "")

    parts = [placeholders(item.text)]

    def walk(element: etree.Element) -> bool:  # False once a nested list is reached
        for child in element:
            if child.tag in ("ul", "ol"):
                return False
            if child.tag == "img":  # an image (an emoji, say) is read by its text
                parts.append(f" {child.get('alt', '')} ")
            parts.append(placeholders(child.text))
            if not walk(child):
                return False
            parts.append(placeholders(child.tail))
        return True

    walk(item)
    return " ".join(html_lib.unescape("".join(parts)).split())


def _checkbox_slot(item: etree.Element) -> tuple[int, etree.Element] | None:
    # pymdownx.tasklist puts its checkbox first: in the item's text (a tight list)
    # or in the text of the item's first paragraph (a loose one), whose words are
    # then the name.
    holders = [item]
    if len(item) and item[0].tag == "p":
        holders.append(item[0])
    for holder in holders:
        match = HTML_PLACEHOLDER_RE.match((holder.text or "").lstrip())
        if match:
            return int(match.group(1)), holder
    return None


class TaskLabelsTreeprocessor(Treeprocessor):
    """Gives each checkbox ``pymdownx.tasklist`` wrote the words of its item as ``aria-label``."""

    def run(self, root: etree.Element) -> None:
        """Name every task-list checkbox under ``root`` (the stash is changed in place).

        Example:
            >>> import markdown
            >>> md = markdown.Markdown(extensions=["pymdownx.tasklist"])
            >>> TaskLabelsTreeprocessor(md).run(etree.fromstring("<div/>")) is None
            True
        """
        blocks = self.md.htmlStash.rawHtmlBlocks
        for item in root.iter("li"):
            if "task-list-item" not in item.get("class", "").split():
                continue
            slot = _checkbox_slot(item)
            if slot is None or slot[0] >= len(blocks):
                continue
            index, holder = slot
            fragment = blocks[index]
            if not isinstance(fragment, str) or CHECKBOX not in fragment \
                    or "aria-label=" in fragment:
                continue
            name = item_words(holder, blocks) or FALLBACK
            blocks[index] = fragment.replace(
                CHECKBOX, f'{CHECKBOX} aria-label="{html_lib.escape(name, quote=True)}"', 1)


class TaskLabelsExtension(Extension):
    """Registers :class:`TaskLabelsTreeprocessor` to run after ``pymdownx.tasklist``."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the tree processor to ``md``.

        Example:
            >>> import markdown
            >>> md = markdown.Markdown(extensions=[TaskLabelsExtension()])
            >>> "task-labels" in md.treeprocessors
            True
        """
        md.treeprocessors.register(TaskLabelsTreeprocessor(md), "task-labels", PRIORITY)
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> TaskLabelsExtension:
    """The extension, as Python-Markdown loads it by module name (``scaledown.site.task_labels``).

    Example:
        >>> import markdown
        >>> html = markdown.markdown("- [ ] Write it", extensions=[
        ...     "pymdownx.tasklist", "scaledown.site.task_labels"])
        >>> 'aria-label="Write it"' in html
        True
    """
    return TaskLabelsExtension(**kwargs)
