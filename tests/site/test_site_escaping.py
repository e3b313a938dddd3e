"""Untrusted text never becomes markup: payloads in every text field, one strict build.

A temp copy of the repository's content gets attack strings in every text
field of every content kind: blog posts and authors, tutorial metadata, the
hardware catalogue (a device, one of its sensors, a branch that holds it),
a study-group session and a paper review, plus a saved tutorial model whose
file name becomes a label in the fit matrix. The site is built once, with
every checker and generator registered (the API reference aside: it renders
docstrings, not content), and every built HTML page is parsed with the
standard library's ``html.parser``. The test fails if any element or
attribute came from a payload.

Fields a check rejects outright count as handled: the theme (mkdocs-material)
prints a post's title, tags and description and an author's name and
description without escaping them, so ``scaledown check`` refuses ``<``, ``>``
(and ``"`` where the theme writes the value into an attribute) there; those
fields get the Markdown payload, and ``test_check_rejects_markup_in_fields_the_theme_prints``
shows the rest is refused. Catalogue fields whose schema pins a pattern or
a list of values (ids, dates, web addresses, enums) are rejected by the
schema, and the build keeps their real values: the test finds them by
validating each planted file against its JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_testkit import REPO, SVG, build

from scaledown.site import pipeline

MARK = "sdx"
TAGS = '<img src=x onerror=alert(1)> "><script>sdx()</script>'
MARKDOWN = "*sdx* **sdx** [sdxlink](javascript:alert(1)) {: onclick=sdx } `sdx` :smile:"
PAYLOAD = f"{MARK} {TAGS} {MARKDOWN} it's"
URL = 'https://example.org/"><img/src=x/onerror=alert(1)>'
# Characters the theme prints raw; such fields get only the Markdown payload.
THEME_SAFE = f"{MARK} {MARKDOWN}"
# Shorter payloads, in order, for catalogue fields with a length limit.
SHORTER = [PAYLOAD, TAGS, MARKDOWN, "<img src=x onerror=alert(1)>", '"><script>sdx</script>',
           "*sdx* [sdxlink](javascript:x)", "<b onclick=x>sdx"]

DEVICE = "arduino-nano-33-ble-sense-rev2"
BRANCH = "example-accra-makerspace"
TUTORIAL = "05-will-it-fit.py"
REVIEW = "mcunet.md"
SESSION = "2026-12-09-quantization.yml"
HOME = "# Home\n\n<!-- scaledown:highlights -->\n"


class PayloadFinder(HTMLParser):
    """Collects every element or attribute of a page that a payload created."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if value.lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "title" and value == ":smile:":  # an emoji made from a shortcode
                self.found.append(f"<{tag} title=':smile:'> (emoji)")
            if name == "src" and value == "x":
                self.found.append(f"<{tag} src=x>")
            if name in ("href", "src") and re.search(r"[\"<>]", value):
                self.found.append(f"<{tag} {name}={value!r}> (quote or bracket in a link)")
        if tag not in ("img", "br", "meta", "link", "input", "hr", "source"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside, text = (self.open[-1] if self.open else ""), data.strip()
        if inside in ("script", "style") and MARK in data:
            self.found.append(f"<{inside}> holding {text[:60]!r}")
        # Emphasis, code or a link a payload made holds just the payload's word; the
        # same element around an escaped title holds the whole payload as text.
        if ((inside in ("em", "strong", "code") and text == MARK)
                or (inside == "a" and text == "sdxlink")):
            self.found.append(f"<{inside}>{text}</{inside}>")


def payloads_in(page: str) -> list[str]:
    """What a payload made into markup on one page (empty when the page is clean).

    Example:
        >>> payloads_in('<p>&lt;img src=x onerror=alert(1)&gt;</p>')
        []
        >>> payloads_in('<p><img src=x onerror=alert(1)></p>')
        ["<img onerror='alert(1)'>", '<img src=x>']
    """
    finder = PayloadFinder()
    finder.feed(page)
    finder.close()
    return finder.found


# --- planting -------------------------------------------------------------------------------


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _with_front_matter(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def _plant_blog(root: Path) -> None:
    docs = root / "docs"
    posts = docs / "blog" / "posts"
    shutil.rmtree(posts)
    posts.mkdir()
    (docs / "index.md").write_text(HOME)
    authors = yaml.safe_load((docs / "blog" / ".authors.yml").read_text())
    # The theme renders an author's name as Markdown too: only a word gets through the check.
    authors["authors"]["sdx"] = {"name": f"{MARK} it's", "description": THEME_SAFE,
                                 "avatar": "assets/sdx.svg"}
    (docs / "blog" / ".authors.yml").write_text(yaml.safe_dump(authors))
    (docs / "assets" / "sdx.svg").write_text(SVG)
    for day, tag in ((1, "sticky"), (2, "featured"), (3, "hardware")):
        meta = {"title": f"{THEME_SAFE} {day}", "date": dt.date(2024, 5, day), "authors": ["sdx"],
                "categories": ["Hardware"], "tags": [tag, THEME_SAFE],
                "description": THEME_SAFE if day != 3 else None,
                # Read by the learning paths, not by the theme: the whole payload.
                "difficulty": PAYLOAD, "summary": PAYLOAD}
        meta = {k: v for k, v in meta.items() if v is not None}
        body = f"# Post {day}\n\nFirst paragraph.\n\n<!-- more -->\n\nMore.\n"
        (posts / f"2024-05-0{day}-post-{day}.md").write_text(_with_front_matter(meta, body))


def _plant_tutorial(root: Path) -> None:
    path = root / "tutorials" / TUTORIAL
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "# ---")
    header = yaml.safe_load("".join(re.sub(r"^# ?", "", line) for line in lines[1:end]))
    meta = header["jupyter"]["scaledown"]
    meta.update(title=PAYLOAD, summary=PAYLOAD,
                prerequisites=[*meta["prerequisites"], PAYLOAD])
    dumped = yaml.safe_dump(header, sort_keys=False, width=10_000)
    commented = "".join(f"# {line}\n" for line in dumped.splitlines())
    path.write_text("# ---\n" + commented + "".join(lines[end:]))


def _plant_session(root: Path) -> None:
    path = root / "study_groups" / SESSION
    data = yaml.safe_load(path.read_text())
    data.update(title=PAYLOAD, host=PAYLOAD, agenda=[PAYLOAD, PAYLOAD],
                materials=[{"title": PAYLOAD, "url": URL}], slides=URL, recording=URL)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _plant_review(root: Path) -> None:
    path = root / "paper_reviews" / REVIEW
    meta, body = _front_matter(path.read_text())
    # The reviewer's name comes from the authors file (the blog's planted author).
    meta.update(title=PAYLOAD, authors=[f"Ada {PAYLOAD}", "Grace Hopper"], venue=PAYLOAD,
                summary=PAYLOAD, url=URL, reviewer="sdx")
    # A DOI only needs '10.<digits>/' and no space: it can carry markup.
    meta.pop("arxiv")
    meta["doi"] = "10.1234/sdx\"><img/src=x/onerror=alert(1)>"
    path.write_text(_with_front_matter(meta, body))


def _replace_strings(data: Any, value: str) -> Any:
    if isinstance(data, str):
        return value
    if isinstance(data, list):
        return [_replace_strings(v, value) for v in data]
    if isinstance(data, dict):
        return {k: _replace_strings(v, value) for k, v in data.items()}
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def free_text_fields(schema: dict[str, Any], defs: dict[str, Any],
                     path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths of the string fields a schema leaves free (no pattern, list of values or format).

    ``*`` stands for every item of a list.
    """
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    kinds = schema.get("type")
    found = []
    if (kinds == "string" or (isinstance(kinds, list) and "string" in kinds)) and not any(
            key in schema for key in ("pattern", "enum", "format", "const")):
        found.append(path)
    for key, sub in schema.get("properties", {}).items():
        found += free_text_fields(sub, defs, (*path, key))
    if isinstance(schema.get("items"), dict):
        found += free_text_fields(schema["items"], defs, (*path, "*"))
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += free_text_fields(sub, defs, path)
    return found


def _add_missing(data: Any, path: tuple[str, ...]) -> None:
    """Give an optional text field a value wherever its parent exists (to plant in)."""
    if not path:
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in data if isinstance(data, list) else []:
            _add_missing(item, rest)
    elif isinstance(data, dict):
        if not rest:
            data.setdefault(head, "optional text")
        elif head in data:
            _add_missing(data[head], rest)


def plant_catalogue_file(path: Path, kind: str, schema_dir: Path) -> tuple[list[str], Any]:
    """Put a payload in every text field the schema accepts one in; return the others.

    A field with a length limit gets the longest payload that fits; a field
    the schema rejects every payload in keeps its real value (an id, a date,
    a web address, a value from a fixed list).

    Returns:
        (the fields the schema refused every payload in, the entry before planting).
    """
    from jsonschema import Draft202012Validator

    schema = json.loads((schema_dir / f"{kind}.schema.json").read_text())
    original = yaml.safe_load(path.read_text())
    # Optional free-text fields the entry leaves out are planted too.
    for field in free_text_fields(schema, schema.get("$defs", {})):
        _add_missing(original, field)
    planted = _replace_strings(original, PAYLOAD)
    validator = Draft202012Validator(schema)
    refused: list[str] = []
    for _ in range(50):
        errors = list(validator.iter_errors(planted))
        if not errors:
            break
        for error in errors:
            where = tuple(error.absolute_path)
            while where and not isinstance(_get(planted, where), str):
                where = where[:-1]
            current = _get(planted, where) if where else None
            if current in SHORTER:
                following = SHORTER.index(current) + 1
                if following < len(SHORTER):
                    _set(planted, where, SHORTER[following])
                else:
                    _set(planted, where, _get(original, where))
                    refused.append(".".join(map(str, where)))
            else:
                raise AssertionError(f"{path.name}: cannot place the payload: {error.message}")
    path.write_text(yaml.safe_dump(planted, sort_keys=False, allow_unicode=True))
    return refused, original


def _leaf_lines(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[int, tuple[Any, ...]]:
    if isinstance(node, yaml.ScalarNode):
        return {node.start_mark.line + 1: path}
    found: dict[int, tuple[Any, ...]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.update(_leaf_lines(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            found.update(_leaf_lines(value, (*path, i)))
    return found


def _restore_what_the_checker_refuses(root: Path, originals: dict[Path, Any],
                                      refused: dict[str, list[str]]) -> None:
    """Rules beyond the schema (a known core class, say): those fields keep their real value."""
    from scaledown.hardware.checks import check_catalogue

    for _ in range(10):
        errors = [p for p in check_catalogue(root) if p.severity == "error"]
        if not errors:
            return
        for problem in errors:
            path = root / str(problem.path)
            if path not in originals or problem.line is None:
                raise AssertionError(f"the catalogue check failed: {problem}")
            where = _leaf_lines(yaml.compose(path.read_text()))[problem.line]
            data = yaml.safe_load(path.read_text())
            _set(data, where, _get(originals[path], where))
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
            refused[path.parent.name.rstrip("s")].append(".".join(map(str, where)))
    raise AssertionError("the catalogue check keeps failing")


def _plant_catalogue(root: Path) -> dict[str, list[str]]:
    folder = root / "hardware_catalog"
    device = yaml.safe_load((folder / "devices" / f"{DEVICE}.yaml").read_text())
    files = {"device": folder / "devices" / f"{DEVICE}.yaml",
             "sensor": folder / "sensors" / f"{device['sensors']['value'][0]}.yaml",
             "branch": folder / "branches" / f"{BRANCH}.yaml"}
    refused: dict[str, list[str]] = {}
    originals: dict[Path, Any] = {}
    for kind, path in files.items():
        refused[kind], originals[path] = plant_catalogue_file(path, kind, folder / "schemas")
    _restore_what_the_checker_refuses(root, originals, refused)
    return refused


def _plant_fit_model(root: Path) -> None:
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    models = root / ".scaledown-cache" / "tutorial-models"
    models.mkdir(parents=True)
    # The file name after the tutorial's slug becomes the model's label in the fit matrix.
    (models / "will-it-fit-sdx <img src=x onerror=alert(1)> *sdx*.tflite").write_bytes(
        tiny_dense_tflite())


def _api_stub() -> str:
    """The API page without docstrings, with the anchors review pages link to."""
    import scaledown
    from scaledown.site.review_pages import api_anchor, api_documented

    names = [n for n in scaledown._LAZY if api_documented(n)]
    return "# API reference\n\n" + "".join(f"## {n} {{ #{api_anchor(n)} }}\n\n" for n in names)


def make_payload_project(root: Path) -> dict[str, list[str]]:
    """A copy of the repository's content with payloads planted (see the module docstring)."""
    config = (REPO / "mkdocs.yml").read_text()
    # The real nav lists pages by their real titles; let MkDocs derive one here.
    (root / "mkdocs.yml").write_text(config.split("\nnav:", 1)[0] + "\n")
    for folder in ("overrides", "docs", "tutorials", "study_groups", "paper_reviews",
                   "hardware_catalog"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (root / "docs" / "framework" / "api.md").write_text(_api_stub())
    _plant_blog(root)
    _plant_tutorial(root)
    _plant_session(root)
    _plant_review(root)
    _plant_fit_model(root)
    return _plant_catalogue(root)


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("payloads")
    refused = make_payload_project(root)
    patch = pytest.MonkeyPatch()
    patch.delenv("SCALEDOWN_CACHE_DIR", raising=False)
    # Every content kind's generator except the API reference (docstrings, not content).
    patch.setattr(pipeline, "GENERATORS",
                  {k: v for k, v in pipeline.GENERATORS.items() if k != "framework"})
    # The copied reviews' Try-it blocks have not run in this folder; running them is
    # tests/site/test_reviews_tryit.py's subject, not escaping (their pages say so).
    patch.setattr(pipeline, "CHECKERS",
                  {k: v for k, v in pipeline.CHECKERS.items() if k != "tryit"})
    try:
        build(root, root / "site")
    finally:
        patch.undo()
    return root / "site", refused


def test_no_element_or_attribute_comes_from_a_payload(
    planted_site: tuple[Path, dict[str, list[str]]],
) -> None:
    site, _ = planted_site
    pages = sorted(site.rglob("*.html"))
    found = {str(p.relative_to(site)): hits for p in pages
             if (hits := payloads_in(p.read_text(encoding="utf-8")))}
    assert not found, json.dumps(found, indent=1)


class ArticleText(HTMLParser):
    """The text a reader sees in a page's content (``<article>``), entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or (self.depth and tag == "div"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in ("article", "div"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def article_text(page: str) -> str:
    parser = ArticleText()
    parser.feed(page)
    return parser.text()


def test_payloads_reached_the_pages_as_text(
    planted_site: tuple[Path, dict[str, list[str]]],
) -> None:
    """The payloads were planted where they land: each page's content shows one, as text."""
    site, _ = planted_site
    for page in ["learn/index.html", "learn/tutorials/will-it-fit/index.html",
                 "learn/paths/newcomer/index.html", "learn/study-groups/index.html",
                 "reviews/index.html", "reviews/mcunet/index.html",
                 f"hardware/devices/{DEVICE}/index.html", f"hardware/branches/{BRANCH}/index.html",
                 "hardware/index.html", "hardware/countries/index.html",
                 "hardware/fit-matrix/index.html"]:
        text = article_text((site / page).read_text(encoding="utf-8"))
        assert PAYLOAD in text or TAGS in text or MARKDOWN in text, page
    home = article_text((site / "index.html").read_text(encoding="utf-8"))
    assert home.count(THEME_SAFE) >= 4  # hero, featured and latest titles, descriptions
    device = article_text((site / f"hardware/devices/{DEVICE}/index.html").read_text())
    assert "sdx <img src=x onerror=alert(1)> *sdx*" in device  # the planted model's label


def test_schema_keeps_only_pinned_catalogue_fields(
    planted_site: tuple[Path, dict[str, list[str]]],
) -> None:
    """The payload went into every free-text field; what the schema refused is pinned."""
    _, refused = planted_site
    pinned = re.compile(r"(^|\.)(id|source\.\d+|url|file|date|last_verified|class|category|"
                        r"lifecycle|support|type|interface\.\d+|country|kind|currency|"
                        r"delivery\.\d+|asset|device|condition|status|due|maintainers\.\d+|"
                        r"sensors\.value\.\d+|value)$")
    for kind, fields in refused.items():
        free = [f for f in fields if not pinned.search(f)]
        assert not free, f"{kind}: the schema refused the payload in free-text fields {free}"


def test_check_rejects_markup_in_fields_the_theme_prints(tmp_path: Path) -> None:
    from site_testkit import make_project, post_text, write_post

    from scaledown.site.blog_checks import check_blog

    root = make_project(tmp_path / "proj")
    authors = root / "docs" / "blog" / ".authors.yml"
    data = yaml.safe_load(authors.read_text())
    data["authors"]["grace"].update(name=f"Grace {MARKDOWN}", description=PAYLOAD,
                                    url="javascript:alert(1)")
    authors.write_text(yaml.safe_dump(data))
    quoted = PAYLOAD.replace("'", "''")
    write_post(root, "2024-05-03-bad.md", post_text(
        f"'{quoted}'", "2024-05-03",
        extra=f"description: '{quoted}'\ntags: ['{quoted}']\nslug: '{quoted}'\n"))
    messages = [p.message for p in check_blog(root) if p.severity == "error"]
    for field in ("title", "tags", "description"):
        assert any(f"field '{field}' contains" in m for m in messages), (field, messages)
    assert any("not a URL slug" in m for m in messages), messages
    assert any("the name of 'grace' contains" in m for m in messages), messages
    assert any("the description of 'grace' contains" in m for m in messages), messages
    assert any("the url of 'grace' is not a web address" in m for m in messages), messages
