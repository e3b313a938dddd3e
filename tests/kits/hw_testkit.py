"""A private copy of the catalogue to break, for the hardware, measurement and site tests.

Kept out of conftest.py: several test folders have a conftest, so importing
"conftest" by name picks whichever loaded first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class CatalogueCopy:
    """A project folder holding a copy of the real catalogue and borrow form."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "hardware_catalog", root / "hardware_catalog")
        form = REPO / ".github" / "ISSUE_TEMPLATE" / "borrow.yml"
        (root / ".github" / "ISSUE_TEMPLATE").mkdir(parents=True)
        shutil.copy(form, root / ".github" / "ISSUE_TEMPLATE" / "borrow.yml")
        (root / "mkdocs.yml").write_text(
            "site_name: test\nrepo_url: https://github.com/example-org/example-repo\n"
        )

    def path(self, rel: str) -> Path:
        return self.root / "hardware_catalog" / rel

    def replace(self, rel: str, old: str, new: str) -> int:
        """Replace ``old`` (which must occur once) and return its 1-based line."""
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        return line
