"""scaledown.site.task_labels: every task-list checkbox is named after the text of its item.

The extension works on Python-Markdown's tree, after ``pymdownx.tasklist``; both
site engines run it because ``mkdocs.yml`` lists it (the built pages of both are
checked in tests/site/test_theme_overrides.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from scaledown.site import task_labels
from scaledown.site.task_labels import TaskLabelsExtension

REPO = Path(__file__).resolve().parents[2]
LABEL = re.compile(r'<input type="checkbox" aria-label="([^"]*)"')


def _convert(text: str, *, ours: bool = True) -> str:
    extensions = ["pymdownx.tasklist", "attr_list", "md_in_html"]
    if ours:
        extensions.append("scaledown.site.task_labels")
    return markdown.markdown(text, extensions=extensions,
                             extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}})


def test_without_the_extension_the_checkbox_has_no_name() -> None:
    # What pymdownx.tasklist writes alone: the test below can fail.
    html = _convert("- [x] Tests pass\n", ours=False)
    assert '<input type="checkbox"' in html and "aria-label" not in html


def test_each_checkbox_gets_the_text_of_its_item() -> None:
    html = _convert("- [x] Tests *pass*\n- [ ] Docs [updated](x.md) too\n- plain item\n")
    assert LABEL.findall(html) == ["Tests pass", "Docs updated too"]
    assert html.count("aria-label") == 2  # the item without a checkbox is left alone
    assert "<em>pass</em>" in html and '<a href="x.md">updated</a>' in html  # text unchanged


def test_code_entities_and_quotes_read_as_written_and_stay_escaped() -> None:
    html = _convert('- [ ] Mark it `<!-- skip -->` & say "done" \\*now\\*\n')
    [name] = LABEL.findall(html)
    assert name == "Mark it &lt;!-- skip --&gt; &amp; say &quot;done&quot; *now*"
    assert "<!-- skip -->" not in html.split("<code>")[0]  # no markup leaks into the tag


def test_nested_items_have_their_own_names_and_stop_the_parent() -> None:
    html = _convert("- [ ] Parent\n    - [x] Child one\n    - [ ] Child two\n")
    assert LABEL.findall(html) == ["Parent", "Child one", "Child two"]


def test_loose_items_are_named_by_their_first_paragraph() -> None:
    html = _convert("1. [x] First step\n\n    Why it matters.\n\n2. [ ] Second step\n")
    assert LABEL.findall(html) == ["First step", "Second step"]


def test_an_item_without_words_still_gets_a_name() -> None:
    html = _convert("- [ ] <span></span>\n")
    assert LABEL.findall(html) == [task_labels.FALLBACK]


def test_a_converter_reused_for_many_pages_names_each_page() -> None:
    # MkDocs and Zensical keep one Markdown instance and reset it between pages.
    md = markdown.Markdown(extensions=["pymdownx.tasklist", TaskLabelsExtension()])
    assert LABEL.findall(md.convert("- [ ] One\n")) == ["One"]
    md.reset()
    assert LABEL.findall(md.convert("- [ ] Two\n- [ ] Three\n")) == ["Two", "Three"]


def _extension_names() -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names Python objects (!!python/name:...); only the names matter here.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    Loader.add_multi_constructor("!", lambda *_: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


def test_mkdocs_yml_runs_it_after_the_tasklist_extension() -> None:
    names = _extension_names()
    assert "scaledown.site.task_labels" in names, "the site's checkboxes would have no name"
    assert names.index("scaledown.site.task_labels") > names.index("pymdownx.tasklist")


@pytest.mark.parametrize("text", [
    "No list here.\n", "- [ ] \n", "* [x]\n", "- [x] a\n\n    ```\n    code\n    ```\n",
    "> - [ ] quoted\n", '<div markdown="1">\n\n- [ ] in HTML\n\n</div>\n'])
def test_it_only_adds_names(text: str) -> None:
    assert re.sub(r' aria-label="[^"]*"', "", _convert(text)) == _convert(text, ours=False)
