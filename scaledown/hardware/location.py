"""Where the hardware catalogue lives: in a checkout, or the copy inside the wheel.

Checks, schemas, measurements and pages all need the folder before anything is
loaded, so this module imports nothing else of the catalogue.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def catalogue_dir(root: str | Path | None = None) -> Path:
    """The catalogue folder: ``root/hardware_catalog``, ``root`` itself, or the default.

    With no ``root``: the checkout's ``hardware_catalog`` when this package runs
    from a checkout, else the copy shipped in the wheel.

    Example:
        >>> catalogue_dir().joinpath("schemas", "device.schema.json").is_file()
        True
    """
    if root is None:
        checkout = PACKAGE_DIR.parent / "hardware_catalog"
        return checkout if checkout.is_dir() else PACKAGE_DIR / "_catalog"
    root = Path(root)
    return root / "hardware_catalog" if (root / "hardware_catalog").is_dir() else root
