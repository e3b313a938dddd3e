"""Rewrite the borrow issue form from the catalogue: ``python -m scaledown.hardware.borrow_form``.

The form's text and its check live in :mod:`scaledown.hardware.borrow_form_text`
(``scaledown check`` needs them without loading the catalogue); this module
loads the catalogue and writes the file. Its names are re-exported here.

Example:
    >>> FORM_PATH.name
    'borrow.yml'
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .borrow_form_text import FORM_PATH as FORM_PATH
from .borrow_form_text import REGENERATE as REGENERATE
from .borrow_form_text import check_borrow_form as check_borrow_form
from .borrow_form_text import form_choices as form_choices
from .borrow_form_text import render_borrow_form


def write_borrow_form(root: Path) -> Path:
    """Rewrite ``root/.github/ISSUE_TEMPLATE/borrow.yml`` from the catalogue (atomically).

    Example:
        >>> import shutil, tempfile
        >>> from scaledown.hardware.location import catalogue_dir
        >>> tmp = Path(tempfile.mkdtemp())
        >>> _ = shutil.copytree(catalogue_dir(), tmp / "hardware_catalog")
        >>> write_borrow_form(tmp).name
        'borrow.yml'
    """
    from .catalogue import load_catalogue

    catalogue = load_catalogue(root)
    text = render_borrow_form(catalogue.devices, catalogue.branches)
    path = root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".borrow-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from ..project import project_root

    print(f"wrote {write_borrow_form(project_root(sys.argv[1] if len(sys.argv) > 1 else None))}")
