"""The cached highlighter gives exactly the HTML SuperFences gives without it."""

from __future__ import annotations

import markdown

from scaledown.site import fences

SOURCE = """\
```python
def f(x):
    return x * 2
```

```{.yaml title="mkdocs.yml" hl_lines="2"}
site_name: ScaleDown
theme: material
```

```
plain text
```
"""


def _convert(custom: bool) -> str:
    configs: dict = {"pymdownx.highlight": {}}
    if custom:
        configs["pymdownx.superfences"] = {"custom_fences": [
            {"name": "*", "class": "highlight", "format": fences.highlight_once,
             "validator": fences.highlight_validator}]}
    md = markdown.Markdown(extensions=["attr_list", "pymdownx.highlight", "pymdownx.superfences"],
                           extension_configs=configs)
    return md.convert(SOURCE)


def test_same_html_as_superfences_and_reused() -> None:
    plain = _convert(custom=False)
    first = _convert(custom=True)
    hits = fences.cache_info()["hits"]
    again = _convert(custom=True)
    assert first == plain
    assert again == plain
    assert fences.cache_info()["hits"] >= hits + 3  # all three blocks came from the cache
    assert 'class="hll"' in plain and "mkdocs.yml" in plain  # options were honoured
