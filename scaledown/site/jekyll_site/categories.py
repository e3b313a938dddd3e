"""This site's category for each Jekyll category: ``--category-map``, then sensible defaults.

A Jekyll blog has categories of its own; this site allows only the list in
``mkdocs.yml`` (``blog: categories_allowed``). A Jekyll category that differs
from an allowed one only by case, spacing or a plural ``s`` is that category;
the user's map and a few usual names cover others; anything left becomes a
tag (the importer reports it).

Example:
    >>> map_category("tutorial", ("Tutorials", "Hardware"))
    'Tutorials'
"""

from __future__ import annotations

import re

# usual Jekyll category names -> ours, when ours is allowed
_CATEGORY_MAP = {"announcement": "Announcements", "news": "Announcements",
                 "tutorial": "Tutorials", "howto": "Tutorials", "paper": "Research"}


def category_key(name: str) -> str:
    """How categories are compared: case, spaces, dashes and underscores ignored.

    Example:
        >>> category_key("Machine  Learning"), category_key("machine-learning")
        ('machinelearning', 'machinelearning')
    """
    return re.sub(r"[\s_-]+", "", str(name).lower())


def map_category(name: str, allowed: tuple[str, ...] = (),
                 mapping: dict[str, str] | None = None) -> str | None:
    """This site's category for a Jekyll category, or None when none fits.

    ``mapping`` (old -> allowed name, as ``--category-map`` gives) wins; then a
    name that differs from an allowed one only by case, spacing or a plural
    ``s``; then a few usual names (``news`` -> ``Announcements``).

    Example:
        >>> allowed = ("Announcements", "Hardware", "Research")
        >>> map_category("hardware", allowed), map_category("News", allowed)
        ('Hardware', 'Announcements')
        >>> map_category("Edge AI", allowed, {"edge ai": "Research"})
        'Research'
        >>> map_category("Cooking", allowed) is None
        True
    """
    if not allowed:
        return name
    key = category_key(name)
    for old, new in (mapping or {}).items():
        if category_key(old) == key:
            return new
    by_key = {category_key(a): a for a in allowed}
    singular = key[:-1] if key.endswith("s") else key
    found = by_key.get(key) or by_key.get(singular + "s") or by_key.get(singular)
    if found:
        return found
    default = _CATEGORY_MAP.get(key) or _CATEGORY_MAP.get(singular)
    return default if default in allowed else None
