"""The address Jekyll gave a post, from the site's ``permalink`` setting.

Jekyll builds a post's URL from a pattern with placeholders (``:year``,
``:title``, ``:categories``...) or a named style (``date``, ``pretty``,
``ordinal``, ``weekdate``, ``none``); a post's own ``permalink:`` wins. The
result is relative to the site's ``baseurl``.

Example:
    >>> import datetime as dt
    >>> when = dt.datetime(2019, 5, 4, 9, 30)
    >>> old_url("/:title/", when, "welcome", ["News"])
    '/welcome/'
    >>> old_url("date", when, "welcome", ["Hardware", "News"])
    '/hardware/news/2019/05/04/welcome.html'
"""

from __future__ import annotations

import datetime as dt
import re

from ..slugs import slugify

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def old_url(pattern: str, when: dt.datetime | dt.date, title: str,
            categories: list[str], slug: str | None = None) -> str:
    """The URL path (below ``baseurl``) Jekyll published a post at.

    Args:
        pattern: The ``permalink`` setting (a style name or a pattern).
        when: The post's date (and time, when its ``date:`` field has one).
        title: The slug part of the post's file name (``welcome`` in
            ``2019-05-04-welcome.md``), or its front-matter ``slug``.
        categories: The post's categories, as its front matter lists them.
        slug: ``:slug``; defaults to ``title`` made lowercase.

    Raises:
        ValueError: the pattern uses a placeholder Jekyll does not have.

    Example:
        >>> old_url("/blog/:year/:i_month/:slug.html", dt.date(2020, 3, 9), "Hi_There", [])
        '/blog/2020/3/hi-there.html'
    """
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    values = {
        "year": f"{when.year:04d}", "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}", "i_month": str(when.month),
        "short_month": when.strftime("%b"), "long_month": when.strftime("%B"),
        "day": f"{when.day:02d}", "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "week": f"{when.isocalendar()[1]:02d}",
        "short_day": when.strftime("%a"), "long_day": when.strftime("%A"),
        "hour": f"{when.hour:02d}", "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "title": title, "slug": slug or slugify(title),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "output_ext": ".html",
    }
    template = STYLES.get(pattern, pattern)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"unknown permalink placeholder ':{name}'")
        return values[name]

    path = _PLACEHOLDER.sub(fill, template)
    path = re.sub(r"/{2,}", "/", "/" + path)
    return path
