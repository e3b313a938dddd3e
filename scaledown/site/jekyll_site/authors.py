"""Authors of a Jekyll site as entries of ``docs/blog/.authors.yml``.

A Jekyll site lists its authors in ``_config.yml`` (``authors:``) or
``_data/authors.yml``, each with ``name``, ``bio``, ``avatar`` and ``site``.
Each becomes an entry with ``name``, ``description`` (the bio), ``avatar``
(the image copied into docs/, or a drawn monogram when the site has none) and
``url``. Authors already in the file are never changed; a clash is reported.

Example:
    >>> initials("Ada Lovelace"), initials("grace")
    ('AL', 'G')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from ...vocabulary.problem import Problem
from ..authors import AUTHORS_FILE
from ..slugs import slugify
from .assets import SiteAssets
from .config import JekyllSite

URL_FIELDS = ("site", "url", "website", "web", "homepage", "uri")


def initials(name: str) -> str:
    """Up to two capital letters for a monogram avatar.

    Example:
        >>> initials("  ")
        '?'
    """
    letters = [w[0] for w in name.split() if w[:1].isalnum()]
    return ("".join(letters[:1] + letters[1:][-1:]).upper()) or "?"


def monogram_svg(name: str) -> str:
    """A round avatar with the person's initials, for authors whose site has no image.

    Example:
        >>> ">AL</text>" in monogram_svg("Ada Lovelace")
        True
    """
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">'
            f'<title>{escape(name)}</title>'
            '<circle cx="32" cy="32" r="32" fill="#00796b"/>'
            '<text x="32" y="41" font-family="sans-serif" font-size="24" text-anchor="middle" '
            f'fill="#ffffff">{escape(initials(name))}</text></svg>\n')


@dataclass
class AuthorPlan:
    """What the import does with the site's authors."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # docs-relative path -> text
    notes: list[Problem] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def _text(profile: dict[str, Any], *names: str) -> str:
    for name in names:
        value = profile.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def plan_authors(site: JekyllSite, existing: dict[str, dict[str, Any]],
                 assets: SiteAssets) -> AuthorPlan:
    """New entries for ``.authors.yml``, avatars to copy, and notes on clashes.

    Args:
        site: The Jekyll site read by :func:`~scaledown.site.jekyll_site.config.read_site`.
        existing: The authors already in ``docs/blog/.authors.yml``.
        assets: Where the site's files are copied.
    """
    plan = AuthorPlan()
    for key, source in site.authors.items():
        profile = source.profile
        author_id = slugify(key) or key
        name = _text(profile, "name", "display_name") or key
        if author_id in existing:
            kept = existing[author_id]
            if str(kept.get("name", "")).strip() != name:
                plan.notes.append(Problem(
                    source.path, source.line,
                    f"author '{author_id}' ({name}) is already in {AUTHORS_FILE} as "
                    f"'{kept.get('name')}'; kept as it is, their posts credit that profile",
                    fix=f"if they are different people, rename '{key}' in the Jekyll site "
                        "(profile and posts) and re-run", severity="warning"))
            plan.actions.append(f"keep author {author_id} (already in {AUTHORS_FILE})")
            continue
        entry: dict[str, Any] = {"name": name}
        bio = _text(profile, "bio", "description", "about")
        if not bio:
            bio = f"Wrote for {site.title}"
            plan.notes.append(Problem(source.path, source.line,
                                      f"author '{key}' has no bio; description set to '{bio}'",
                                      fix=f"edit '{author_id}' in {AUTHORS_FILE}",
                                      severity="warning"))
        entry["description"] = bio
        avatar = _text(profile, "avatar", "image", "picture", "photo")
        rel = assets.find(avatar) if avatar else None
        if rel is not None:
            entry["avatar"] = assets.copy(rel)
        else:
            path = f"{assets.folder}/authors/{author_id}.svg"
            plan.files[path] = monogram_svg(name)
            entry["avatar"] = path
            why = (f"avatar {avatar} is not a file of the site" if avatar
                   else "no avatar")
            plan.notes.append(Problem(source.path, source.line,
                                      f"author '{key}': {why}; drew a monogram ({path})",
                                      fix=f"replace docs/{path} with their picture if you have one",
                                      severity="warning"))
        url = _text(profile, *URL_FIELDS)
        if url.startswith(("https://", "http://")):
            entry["url"] = url
        elif url:
            plan.notes.append(Problem(source.path, source.line,
                                      f"author '{key}': web address '{url}' is not a full URL; "
                                      "left out", fix="add 'url: https://...' by hand",
                                      severity="warning"))
        plan.entries[author_id] = entry
        plan.actions.append(f"add author {author_id} ({name}) to {AUTHORS_FILE}")
    return plan
