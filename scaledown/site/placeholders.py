"""Stand-in pages for site sections whose generator is not registered yet.

The nav in ``mkdocs.yml`` names each section's index page. Those pages come
from other content kinds' generators; while one is missing (a fresh checkout
without the optional part, or a part still being written) a short stand-in
page keeps the nav whole instead of failing the build.

Example:
    >>> [f.path for f in placeholders({"learn/index.md"}, {"learn/index.md": "Learn"})]
    []
    >>> placeholders(set(), {"learn/index.md": "Learn"})[0].content.splitlines()[0]
    '# Learn'
"""

from __future__ import annotations

from ..vocabulary.generated import GeneratedFile

SECTIONS: dict[str, str] = {
    "learn/index.md": "Learn",
    "reviews/index.md": "Paper reviews",
    "hardware/index.md": "Hardware library",
}


def placeholders(existing: set[str], sections: dict[str, str] | None = None) -> list[GeneratedFile]:
    """A stand-in page for each section index not in ``existing``."""
    files = []
    for path, title in (SECTIONS if sections is None else sections).items():
        if path not in existing:
            text = (f"# {title}\n\nThis section is generated from the repository's content "
                    "and is not part of this build yet.\n")
            files.append(GeneratedFile(path, text))
    return files
