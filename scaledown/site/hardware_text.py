"""How catalogue text and figures are written on the site's pages.

Every piece of catalogue text goes through :func:`md_text` before it reaches a
page, so a name such as ``<script>`` shows as text and never becomes markup;
:func:`md_text` and :func:`md_url` are the site's one escaping helper
(:mod:`scaledown.site.escape`) under the names the catalogue code uses.

Example:
    >>> md_text("<b>Pico</b>"), kib(520)
    ('&lt;b&gt;Pico&lt;/b&gt;', '520 KiB')
"""

from __future__ import annotations

import re
from typing import Any

from .escape import markdown_text, markdown_url

TOOLCHAIN_LABELS = {
    "tflite-micro": "TFLite Micro",
    "litert": "LiteRT",
    "onnxruntime": "ONNX Runtime",
    "openvino": "OpenVINO",
    "edge-impulse": "Edge Impulse",
}
CATEGORY_LABELS = {
    "mcu": "Microcontroller",
    "mcu+accelerator": "Microcontroller + accelerator",
    "cpu": "Linux board (CPU)",
    "cpu+accelerator": "Linux board + accelerator",
    "gpu": "GPU board",
    "accelerator": "Accelerator (needs a host)",
}


def md_text(value: Any) -> str:
    """Catalogue text made safe for Markdown and HTML: shown as written, never markup.

    Example:
        >>> md_text("<script>alert(1)</script>")
        '&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;'
        >>> md_text("a | b *c*"), md_text("it's")
        ('a &#124; b &#42;c&#42;', 'it&#39;s')
    """
    return markdown_text(value)


def md_url(url: str) -> str:
    """A URL made safe as a Markdown link target (the schemas already require http(s)).

    Python-Markdown escapes ``&`` itself, so only characters that would end the
    link or leave the attribute are percent-encoded.

    Example:
        >>> md_url("https://example.org/a_(b)?x=1&y=2")
        'https://example.org/a_%28b%29?x=1&y=2'
    """
    return markdown_url(url)


def plain_title(text: str) -> str:
    """A page title for front matter: quoted YAML without characters HTML would read.

    Themes put titles in ``<title>`` and the navigation, where an entity may be
    decoded again, so ``<``, ``>``, ``&`` and quotes are dropped, not escaped.

    Example:
        >>> plain_title('Pico <script> & "co"')
        '"Pico script  co"'
    """
    import json

    return json.dumps(re.sub(r"[<>&\"'`]", "", text))


def kib(value: float | None) -> str:
    """A size in KiB as a reader would say it.

    Example:
        >>> kib(264), kib(2048), kib(4194304), kib(None)
        ('264 KiB', '2 MiB', '4 GiB', 'unknown')
    """
    if value is None:
        return "unknown"
    for unit, size in (("GiB", 1048576), ("MiB", 1024)):
        if value >= size:
            return f"{value / size:g} {unit}"
    return f"{value:g} KiB"


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code.

    Example:
        >>> country_name("GH")
        'Ghana'
    """
    import iso3166

    country = iso3166.countries_by_alpha2.get(code)
    return getattr(country, "apolitical_name", None) or country.name if country else code
