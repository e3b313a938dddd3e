"""OpenVINO IR is an end point: scaledown converts to it, not from it.

Example:
    >>> ROUTES
    {}
"""

from __future__ import annotations

from collections.abc import Callable

from ...model import Model

ROUTES: dict[str, Callable[[Model], Model]] = {}
