"""Which measurement records come from the virtual board, and which cores they stand for.

A record whose ``board=`` starts with ``qemu-`` was measured on the emulated
Cortex-M of ``sd.emulate``; the checks and the pages both need to tell.
"""

from __future__ import annotations

from ..virtual_board.cores import STANDS_IN_FOR

#: The prefix of ``board=`` on the virtual board.
EMULATED_PREFIX = "qemu-"
#: Emulated core -> the catalogue core classes it stands in for (defined in the core table).
EMULATED_CLASSES: dict[str, tuple[str, ...]] = STANDS_IN_FOR


def is_emulated(board: str | None) -> bool:
    """True when a ``board=`` value names the virtual board.

    Example:
        >>> is_emulated("qemu-mps2-an386"), is_emulated("raspberry-pi-pico")
        (True, False)
    """
    return bool(board) and str(board).startswith(EMULATED_PREFIX)
