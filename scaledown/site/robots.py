"""``robots.txt``: every crawler may read the whole site; the sitemap's address is given.

The plugin adds it to every build from ``site_url``. Crawlers only read
``robots.txt`` at a host's root, so it takes effect when the site is served
from its own domain; under a project path it is harmless.

Example:
    >>> print(robots_txt("https://example.org/docs/"), end="")
    User-agent: *
    Allow: /
    Sitemap: https://example.org/docs/sitemap.xml
"""

from __future__ import annotations


def robots_txt(site_url: str | None) -> str:
    """The text of ``robots.txt`` for a site at ``site_url`` (no sitemap line without one).

    Example:
        >>> robots_txt(None)
        'User-agent: *\\nAllow: /\\n'
    """
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    return text
