"""Build the site into a staging folder and put it in place only when the build succeeds.

``mkdocs build`` writes straight into ``site/``: a build that fails half-way
(or a ``--strict`` build that aborts on warnings at the very end) leaves a
full, broken ``site/`` behind, and the previous good one is gone. The
``scaledown`` plugin instead points MkDocs at a staging folder beside
``site/`` (:func:`start`), swaps it in when the build succeeded
(:func:`publish`) and deletes it when it failed (:func:`discard`), so the
previous site stays exactly as it was.

Example:
    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp()) / "site"
    >>> work = start(site)
    >>> _ = (work / "index.html").write_text("new")
    >>> publish(work, site)
    >>> (site / "index.html").read_text(), work.exists()
    ('new', False)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import ScaleDownError

PREFIX = ".staging-"


def start(site_dir: str | Path) -> Path:
    """Create an empty staging folder beside ``site_dir`` (same disk, so the swap is a rename).

    Example:
        >>> import tempfile
        >>> work = start(Path(tempfile.mkdtemp()) / "site")
        >>> work.name.startswith(".site.staging-"), list(work.iterdir())
        (True, [])
    """
    site = Path(site_dir).absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}{PREFIX}", dir=site.parent))
    # mkdtemp makes a private (0700) folder; the published site gets the usual permissions
    os.chmod(work, 0o777 & ~_umask())
    return work


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def publish(staging: str | Path, site_dir: str | Path) -> None:
    """Replace ``site_dir`` with the finished ``staging`` folder.

    The old site is renamed aside first and deleted only after the new one is
    in place, so ``site_dir`` is at every moment either the old site or the new.

    Raises:
        ScaleDownError: ``site_dir`` exists and is not a folder (the staging
            folder is deleted).

    Example:
        >>> import tempfile
        >>> site = Path(tempfile.mkdtemp()) / "site"
        >>> site.mkdir(); _ = (site / "old.html").write_text("old")
        >>> work = start(site); _ = (work / "new.html").write_text("new")
        >>> publish(work, site)
        >>> sorted(p.name for p in site.iterdir())
        ['new.html']
    """
    staging, site = Path(staging), Path(site_dir).absolute()
    old = None
    if os.path.lexists(site):
        if not site.is_dir():
            discard(staging)
            raise ScaleDownError(f"cannot publish the site to {site}: it is not a folder",
                                 fix="remove that file or build to another folder with -d")
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / site.name)
    os.replace(staging, site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: str | Path | None) -> None:
    """Delete a staging folder after a failed build (nothing happens if it is gone).

    Example:
        >>> import tempfile
        >>> work = start(Path(tempfile.mkdtemp()) / "site")
        >>> discard(work); work.exists()
        False
    """
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
