"""Plan the redirect-map entries that keep a Jekyll site's old post URLs working.

Example:
    >>> plan = plan_redirects({"welcome/": "blog/posts/2019-05-04-welcome.md"}, {}, set())
    >>> plan.entries, plan.actions
    ({'welcome/': 'blog/posts/2019-05-04-welcome.md'}, \
['redirect welcome/ -> blog/posts/2019-05-04-welcome.md'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...vocabulary.problem import Problem
from ..redirects import REDIRECTS_FILE, page_paths


@dataclass
class RedirectPlan:
    """Entries to add to the redirect map, and why others were left out."""

    entries: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def plan_redirects(wanted: dict[str, str], existing: dict[str, str], pages: set[str],
                   new_urls: dict[str, str] | None = None) -> RedirectPlan:
    """Which of the ``wanted`` redirects (old path -> page under docs/) to add.

    Args:
        wanted: Old path (relative to the site's address) -> the imported post.
        existing: The redirect map as it is.
        pages: Every file under docs/ (relative paths): a redirect must not replace one.
        new_urls: The URL path each post will have, to skip old paths that stay the same.

    Example:
        >>> print(plan_redirects({"about/": "blog/posts/a.md"}, {}, {"about.md"}).notes[0].message)
        old URL about/ of blog/posts/a.md is now docs/about.md; no redirect
    """
    plan = RedirectPlan()
    for old, target in wanted.items():
        if (new_urls or {}).get(target) == old:
            plan.actions.append(f"keep {old}: {target} is published there already")
            continue
        clash = next((p for p in page_paths(old) if p in pages), None)
        if clash:
            plan.notes.append(Problem(REDIRECTS_FILE, None,
                                      f"old URL {old} of {target} is now docs/{clash}; "
                                      "no redirect", fix="links to the old URL reach that page "
                                      "instead; add a link to the post there if needed",
                                      severity="warning"))
            continue
        if old in existing:
            if existing[old] != target:
                plan.notes.append(Problem(REDIRECTS_FILE, None,
                                          f"old URL {old} already redirects to {existing[old]}, "
                                          f"not to {target}",
                                          fix=f"edit {REDIRECTS_FILE} by hand to choose one"))
            continue
        plan.entries[old] = target
        plan.actions.append(f"redirect {old} -> {target}")
    return plan
