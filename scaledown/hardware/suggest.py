"""Guess which catalogue device a mistyped or shortened id means.

``difflib`` alone compares whole strings, so a part of a name such as
``pico2`` or ``nano-33`` is too short to be "close" to
``raspberry-pi-pico-2`` or ``arduino-nano-33-ble-sense-rev2``. Learners type
exactly such parts, so matches are found in this order:

1. the query, without hyphens and spaces, is part of the id (``pico2`` in
   ``raspberrypipico2``);
2. it is part of the board's name or its chip (``esp32``: the ESP-EYE's chip);
3. ``difflib``'s close matches, for typos (``raspbery-pi-pico``).

Within a step, shorter ids come first: they are the closer fit.

Example:
    >>> ids = {"raspberry-pi-pico": ["Raspberry Pi Pico"],
    ...        "raspberry-pi-pico-2": ["Raspberry Pi Pico 2"]}
    >>> close_ids("pico2", ids)
    ['raspberry-pi-pico-2']
    >>> close_ids("pico", ids)
    ['raspberry-pi-pico', 'raspberry-pi-pico-2']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

_MIN_PART = 3  # shorter parts ("pi", "a") would match half the catalogue


def compact(text: str) -> str:
    """Lower case letters and digits only: the form ids and names are compared in.

    Example:
        >>> compact("Nano 33-BLE")
        'nano33ble'
    """
    return re.sub(r"[^a-z0-9]", "", text.lower())


def close_ids(query: str, entries: Mapping[str, Iterable[str]], n: int = 3) -> list[str]:
    """Up to ``n`` ids from ``entries`` that ``query`` most likely means.

    Args:
        query: What the user typed.
        entries: id -> other texts describing it (readable name, chip).
        n: How many suggestions at most.

    Returns:
        Ids, best first; empty when nothing is close.

    Example:
        >>> close_ids("esp32", {"espressif-esp-eye": ["ESP-EYE", "ESP32"],
        ...                     "seeed-xiao-esp32s3-sense": ["XIAO ESP32S3 Sense"],
        ...                     "sony-spresense": ["Spresense"]})
        ['seeed-xiao-esp32s3-sense', 'espressif-esp-eye']
        >>> close_ids("raspbery-pi-pico", {"raspberry-pi-pico": []})
        ['raspberry-pi-pico']
    """
    part = compact(query)
    found: list[str] = []

    def add(ids: Iterable[str]) -> None:
        for device_id in sorted(ids, key=lambda i: (len(i), i)):
            if device_id not in found:
                found.append(device_id)

    if len(part) >= _MIN_PART:
        add(i for i in entries if part in compact(i))
        add(i for i, texts in entries.items() if any(part in compact(t) for t in texts))
    found.extend(
        i
        for i in difflib.get_close_matches(query.lower(), list(entries), n=n, cutoff=0.6)
        if i not in found
    )
    return found[:n]
