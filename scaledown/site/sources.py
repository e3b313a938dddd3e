"""Numbered sources on a catalogue page: every figure and step cites where it comes from."""

from __future__ import annotations

from typing import Any

from .hardware_text import md_text, md_url


class Sources:
    """Numbers each cited reference in order of first use on a page.

    Example:
        >>> refs = Sources([{"id": "ds", "title": "Datasheet", "url": "https://example.org/ds"}])
        >>> refs.cite({"source": ["ds"]})
        '[1](https://example.org/ds)'
        >>> refs.listing()
        '1. [Datasheet](https://example.org/ds)'
    """

    def __init__(self, references: list[dict[str, Any]]) -> None:
        self.by_id = {ref["id"]: ref for ref in references}
        self.order: list[str] = []

    def cite(self, entry: dict[str, Any]) -> str:
        marks = []
        for ref_id in entry.get("source", []):
            if ref_id not in self.order:
                self.order.append(ref_id)
            number = self.order.index(ref_id) + 1
            marks.append(f"[{number}]({md_url(self.by_id[ref_id]['url'])})")
        if entry.get("unconfirmed"):
            marks.append('<span class="sd-hw-badge sd-hw-unconfirmed">unconfirmed</span>')
        return " ".join(marks)

    def listing(self) -> str:
        return "\n".join(
            f"{i}. [{md_text(self.by_id[r]['title'])}]({md_url(self.by_id[r]['url'])})"
            for i, r in enumerate(self.order, 1)
        )
