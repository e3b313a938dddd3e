"""Small repairs to the HTML the theme writes, so every page passes WCAG 2.2 AA checks.

Each function takes a page's HTML and returns it repaired; the plugin applies
:func:`fix_content` to a page's converted Markdown and :func:`fix_page` to the
whole page once the theme has rendered it. They only touch the markup they
name and leave everything else byte for byte.

- task-list checkboxes get an accessible name: the text of their item
  (``pymdownx.tasklist`` writes an unlabelled ``<input>``);
- the search dialog gets a name (Material's ``role="dialog"`` has none);
- the pin of a pinned post becomes a list item with a spoken word (Material puts
  a bare ``<span>`` inside the post's ``<ul>`` of metadata, which is not a valid list).

Example:
    >>> html = ('<li class="task-list-item"><label class="task-list-control">'
    ...         '<input type="checkbox" disabled checked/></label> Tests pass</li>')
    >>> 'aria-label="Tests pass"' in fix_content(html)
    True
"""

from __future__ import annotations

import html as html_lib
import re

from .tag_lines import remove_tags

_TASK_ITEM = re.compile(r'<li class="task-list-item">(?P<body>.*?)(?=</li>|<ul|<ol)', re.S)
_CHECKBOX = re.compile(r'<input type="checkbox"(?![^>]*aria-label)')
_TAG = re.compile(r"<[^>]+>")
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")'
                            r'(?![^>]*aria-label)')
_PIN = re.compile(r'<span class="md-pin"></span>')


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded, spaces collapsed.

    Example:
        >>> plain_text("<b>Fit</b> &amp; <i>run</i>\\n  it")
        'Fit & run it'
    """
    return " ".join(html_lib.unescape(_TAG.sub(" ", fragment)).split())


def label_task_checkboxes(html: str) -> str:
    """Give each task-list checkbox an ``aria-label`` with the text of its item.

    Example:
        >>> item = ('<li class="task-list-item"><input type="checkbox" disabled/>'
        ...         ' Add a <b>test</b></li>')
        >>> print(label_task_checkboxes(item).replace("> ", ">\\n"))
        <li class="task-list-item"><input type="checkbox" aria-label="Add a test" disabled/>
        Add a <b>test</b></li>
    """

    def repair(match: re.Match[str]) -> str:
        body = match.group("body")
        name = html_lib.escape(plain_text(body), quote=True) or "task"
        return match.group(0).replace(body, _CHECKBOX.sub(
            f'<input type="checkbox" aria-label="{name}"', body, count=1), 1)

    return _TASK_ITEM.sub(repair, html)


def name_search_dialog(html: str, name: str = "Search this site") -> str:
    """Give Material's search dialog an accessible name.

    Example:
        >>> dialog = '<div class="md-search" data-md-component="search" role="dialog">'
        >>> name_search_dialog(dialog)[len(dialog) - 1:]
        ' aria-label="Search this site">'
    """
    return _SEARCH_DIALOG.sub(rf'\1 aria-label="{html_lib.escape(name, quote=True)}"', html)


def pin_as_list_item(html: str, word: str = "Pinned") -> str:
    """Turn the pinned-post marker inside the metadata list into a list item.

    Example:
        >>> print(pin_as_list_item('<ul><li>May 1</li><span class="md-pin"></span></ul>'))
        <ul><li>May 1</li><li class="md-pin"><span class="sd-visually-hidden">Pinned</span>...
    """
    hidden = f'<span class="sd-visually-hidden">{html_lib.escape(word)}</span>'
    return _PIN.sub(f'<li class="md-pin">{hidden}</li>', html)


def fix_content(html: str) -> str:
    """The repairs that apply to a page's converted Markdown (before the theme wraps it).

    Example:
        >>> fix_content("<p>Nothing to repair.</p>")
        '<p>Nothing to repair.</p>'
    """
    return label_task_checkboxes(html) if "task-list-item" in html else html


# (the tag that loads a site-wide asset, what a page must contain to need it); each goes
# with its indentation (tag_lines.remove_tags: faster than a leading [ \t]* in the pattern)
_PAGE_ASSETS = (
    # mkdocstrings' styles: only the API reference shows documented objects
    (re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\n?'),
     'class="doc doc-'),
    # keyboard access for tables that scroll sideways: only pages with a table
    (re.compile(r'<script src="[^"]*assets/javascripts/scroll-regions\.js"></script>\n?'),
     "<table"),
)


def drop_unused_assets(html: str) -> str:
    """The page without the site-wide styles and scripts it has nothing for.

    Every page links every ``extra_css``/``extra_javascript`` file; a reader on
    a slow connection should not download the API reference's styles to read a
    blog post.

    Example:
        >>> page = '<link rel="stylesheet" href="../assets/_mkdocstrings.css"><p>Hi</p>'
        >>> drop_unused_assets(page)
        '<p>Hi</p>'
        >>> api = page + '<div class="doc doc-object">'
        >>> drop_unused_assets(api) == api
        True
    """
    for tag, needed_by in _PAGE_ASSETS:
        if needed_by not in html:
            html = remove_tags(tag, html)
    return html


def fix_page(html: str) -> str:
    """The repairs that apply to a whole rendered page.

    Example:
        >>> page = '<div class="md-search" data-md-component="search" role="dialog">'
        >>> "aria-label" in fix_page(page)
        True
    """
    return drop_unused_assets(pin_as_list_item(name_search_dialog(html)))
