"""Share images: one 1200x630 PNG card per section of the site, drawn offline.

Link previews (Open Graph, Twitter cards) want a picture. Material's social
plugin draws one per page but fetches fonts from the network at build time, so
we draw one card per section ourselves, with Pillow and the DejaVu font that
matplotlib ships, and commit the PNGs to ``docs/assets/social/``: the site
build needs neither Pillow nor a network, and Zensical serves the same files.
``overrides/main.html`` picks the card from the first part of a page's URL.

Redraw after changing a section's words:
``python -m scaledown.site.social_cards docs/assets/social``.

Example:
    >>> card_for("learn/tutorials/first-model/")
    'learn'
    >>> card_for("")
    'home'
"""

from __future__ import annotations

import sys
from pathlib import Path

SIZE = (1200, 630)
TEAL = (0, 105, 92)  # the site's primary colour (dark teal) behind white text
# section (first URL part) -> (title, one line that says what is there)
SECTIONS: dict[str, tuple[str, str]] = {
    "home": ("ScaleDown", "TinyML made learnable by anyone"),
    "blog": ("ScaleDown blog", "Stories and notes from the TinyML community"),
    "learn": ("Learn TinyML", "Learning paths and tutorials you can run"),
    "reviews": ("Paper reviews", "Research papers in plain words, with numbers we measure"),
    "hardware": ("Hardware library", "Boards to borrow, and will your model fit?"),
    "framework": ("The scaledown framework", "One small API from a model to a microcontroller"),
    "contribute": ("Contribute", "Write a post, review a paper, lend a board"),
    "about": ("About ScaleDown", "Who we are and why"),
}


def card_for(url: str) -> str:
    """The section card a page at ``url`` (relative to the site root) uses."""
    first = url.strip("/").split("/", 1)[0]
    return first if first in SECTIONS else "home"


def _font(size: int, bold: bool = False):
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    rows: list[str] = []
    for word in text.split():
        if rows and draw.textlength(f"{rows[-1]} {word}", font=font) <= width:
            rows[-1] += f" {word}"
        else:
            rows.append(word)
    return rows


def render_card(title: str, line: str) -> bytes:
    """One card as PNG bytes: the title and its line in white on the site's teal.

    Example:
        >>> render_card("ScaleDown", "TinyML")[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", SIZE, TEAL)
    draw = ImageDraw.Draw(image)
    # the logo's idea (a chip with pins), drawn in lines
    x, y, s = 80, 90, 120
    draw.rounded_rectangle((x, y, x + s, y + s), radius=14, outline="white", width=8)
    draw.rounded_rectangle((x + 40, y + 40, x + s - 40, y + s - 40), radius=4, fill="white")
    for i in range(4):
        px = x + 18 + i * 28
        draw.line((px, y - 22, px, y - 4), fill="white", width=6)
        draw.line((px, y + s + 4, px, y + s + 22), fill="white", width=6)
    draw.text((80, 290), title, font=_font(76, bold=True), fill="white")
    body = _font(38)
    for i, row in enumerate(_wrap(draw, line, body, SIZE[0] - 160)[:2]):
        draw.text((80, 400 + i * 52), row, font=body, fill="white")
    draw.text((80, 540), "scaledown-team.github.io/scaledown", font=_font(28), fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_cards(folder: Path) -> list[Path]:
    """Draw every section's card into ``folder`` as ``<section>.png``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, (title, line) in SECTIONS.items():
        path = folder / f"{key}.png"
        tmp = path.with_suffix(".png.tmp")
        tmp.write_bytes(render_card(title, line))
        tmp.replace(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_cards(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/assets/social")):
        print(written)
