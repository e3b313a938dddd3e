"""Share cards: one committed 1200x630 PNG per section, drawn without a network."""

from __future__ import annotations

import struct
from pathlib import Path

from scaledown.site.social_cards import SECTIONS, SIZE, card_for, render_card

CARDS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "social"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_every_section_has_its_committed_card():
    assert sorted(p.stem for p in CARDS.glob("*.png")) == sorted(SECTIONS)
    for path in CARDS.glob("*.png"):
        assert _png_size(path.read_bytes()) == SIZE, path.name


def test_cards_render_and_pages_pick_their_section():
    assert _png_size(render_card("A title", "a line " * 30)) == SIZE
    assert card_for("hardware/devices/raspberry-pi-pico/") == "hardware"
    assert card_for("blog/2026/11/01/hello/") == "blog"
    assert card_for("index.html") == "home" and card_for("404.html") == "home"
