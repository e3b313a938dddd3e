"""Syntax highlighting for fenced code, computed once per block per build.

Material's blog converts a post's whole Markdown again for every list it
appears in (blog index, archive, category and author pages) before cutting
the excerpt, so each code block would be run through Pygments about five
times. :func:`highlight_once` is a SuperFences format function (wired up in
``mkdocs.yml`` under ``pymdownx.superfences: custom_fences`` with name ``*``)
that delegates to the normal SuperFences/Highlight code path and remembers
the HTML for identical input, so later renders reuse it.

Example:
    >>> import markdown
    >>> md = markdown.Markdown(extensions=["pymdownx.highlight", "pymdownx.superfences"],
    ...     extension_configs={"pymdownx.superfences": {"custom_fences": [
    ...         {"name": "*", "class": "highlight", "format": highlight_once,
    ...          "validator": highlight_validator}]}})
    >>> html = md.convert("```python\\nx = 1\\n```")
    >>> 'class="highlight"' in html and "x" in html
    True
    >>> _ = md.reset()
    >>> md.convert("```python\\nx = 1\\n```") == html and cache_info()["hits"] >= 1
    True
"""

from __future__ import annotations

import contextlib
import weakref
from collections import OrderedDict
from typing import Any

from pymdownx.superfences import highlight_validator

__all__ = ["cache_info", "highlight_once", "highlight_validator"]

MAX_ENTRIES = 4096
_cache: OrderedDict[tuple[str, ...], str] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


# Markdown instance -> its highlight settings as text (fixed once the instance is built)
_settings_of: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _settings(md: Any) -> str:
    try:
        return _settings_of[md]
    except (KeyError, TypeError):
        pass
    text = ""
    for ext in md.registeredExtensions:
        getter = getattr(ext, "get_pymdownx_highlight_settings", None)
        if getter is not None:
            text = repr(sorted(getter().items(), key=lambda kv: kv[0]))
            break
    with contextlib.suppress(TypeError):  # not weak-referenceable: just don't remember
        _settings_of[md] = text
    return text


def highlight_once(src: str, language: str, class_name: str, options: dict[str, Any],
                   md: Any, **kwargs: Any) -> str:
    """Highlight a fenced block as SuperFences would, reusing earlier identical results.

    The key holds everything the output depends on: source, language, fence
    options, classes, id, attributes, and the highlight extension's settings.
    """
    key = (src, language, repr(sorted(options.items())), repr(kwargs.get("classes")),
           repr(kwargs.get("id_value")), repr(sorted((kwargs.get("attrs") or {}).items())),
           _settings(md))
    cached = _cache.get(key)
    if cached is not None:
        _stats["hits"] += 1
        _cache.move_to_end(key)
        return cached
    _stats["misses"] += 1
    fenced = md.preprocessors["fenced_code_block"]
    html = fenced.highlight(src=src, language=language, options=dict(options), md=md,
                            classes=kwargs.get("classes"), id_value=kwargs.get("id_value"),
                            attrs=kwargs.get("attrs") or {})
    _cache[key] = html
    if len(_cache) > MAX_ENTRIES:
        _cache.popitem(last=False)
    return html


def cache_info() -> dict[str, int]:
    """Hits, misses and size of the highlight cache (for benchmarks and tests).

    Example:
        >>> sorted(cache_info())
        ['hits', 'misses', 'size']
    """
    return {**_stats, "size": len(_cache)}
