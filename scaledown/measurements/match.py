"""Measured figures beside the estimates: the records of one model on one board.

A record matches a fit report when its device is the report's board and its
``model.sha256`` is the SHA-256 of the model's ``.tflite`` bytes
(:attr:`scaledown.api.fit.Analysis.sha256`). Emulated records are shown as
emulated, with instructions and no latency.

Example:
    >>> rec = {"device": "raspberry-pi-pico", "model": {"sha256": "ab" * 32},
    ...        "emulated": True, "instructions": 496, "flash_bytes": 3172,
    ...        "ram_bytes": 708, "stack_bytes": 164, "latency_ms": None, "date": "2026-12-01"}
    >>> for r in matching([rec], "raspberry-pi-pico", "ab" * 32):
    ...     print(measured_words(r))
    emulated on the virtual board (not hardware): 496 instructions, no latency; flash 3,172 B,
    static RAM 708 B, stack 164 B
"""

from __future__ import annotations

from typing import Any


def matching(records: list[dict[str, Any]] | None, device_id: str,
             sha256: str | None) -> list[dict[str, Any]]:
    """The records of the model with this SHA-256 on ``device_id``, hardware ones first.

    ``records=None`` reads the project's records.

    Example:
        >>> matching([], "raspberry-pi-pico", None)
        []
    """
    if not sha256:
        return []
    if records is None:
        from .store import load_measurements

        records = load_measurements()
    mine = [r for r in records if r["device"] == device_id and r["model"]["sha256"] == sha256]
    return sorted(mine, key=lambda r: (r["emulated"], r["date"]))


def _bytes(value: int | None) -> str:
    return "?" if value is None else f"{value:,} B"


def measured_words(record: dict[str, Any]) -> str:
    """One record's figures in a phrase that says where they come from."""
    sizes = (f"flash {_bytes(record['flash_bytes'])}, static RAM {_bytes(record['ram_bytes'])}, "
             f"stack {_bytes(record['stack_bytes'])}")
    if record["emulated"]:
        count = record.get("instructions")
        counted = "instructions not counted" if count is None else f"{count:,} instructions"
        return f"emulated on the virtual board (not hardware): {counted}, no latency; {sizes}"
    latency = record.get("latency_ms")
    timed = "no latency" if latency is None else f"{latency:,.3g} ms per inference"
    return f"measured on hardware ({record['date']}): {timed}; {sizes}"
