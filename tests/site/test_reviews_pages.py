"""The generated "Paper reviews" section: index, pages, citations, links, filters."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest

from scaledown.site.api_pages import api_reference
from scaledown.site.review_pages import generate, index_page, tutorials_using
from scaledown.site.reviews import bibtex, load_reviews, plain_citation, review_files
from scaledown.tutorials.metadata import slug_and_order, tutorial_sources

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return {f.path: f.content for f in generate(ROOT)}


def test_one_page_per_review_plus_index_script_and_styles(site: dict[str, str]) -> None:
    reviews, _ = load_reviews(ROOT)
    expected = {"reviews/index.md", "reviews/reviews-filter.js", "reviews/reviews.css"}
    expected |= {r.page for r in reviews}
    assert set(site) == expected


def test_index_lists_every_review_with_filter_data(site: dict[str, str]) -> None:
    index = site["reviews/index.md"]
    for review in load_reviews(ROOT)[0]:
        # a Markdown link to the page's source, so MkDocs writes its URL (online or offline)
        item = re.search(rf'<li class="sd-review"([^>]*)>\[\*\*[^\n]*\*\*\]\({review.slug}\.md\)',
                         index)
        assert item, review.slug
        attrs = item.group(1)
        assert f'data-year="{review.year}"' in attrs
        assert f'data-difficulty="{review.difficulty}"' in attrs
        assert f'data-topics="{" ".join(review.topics)}"' in attrs
    for name in ("topic", "year", "difficulty"):
        assert f'<select name="{name}">' in index


def test_site_assets_come_from_the_site_itself(site: dict[str, str]) -> None:
    index = site["reviews/index.md"]
    assert '<script src="reviews-filter.js">' in index
    assert '<link rel="stylesheet" href="reviews.css">' in index
    for asset in ("reviews/reviews-filter.js", "reviews/reviews.css"):
        assert not re.search(r"https?://", site[asset]), asset
    assert not re.search(r"""(?:src|href)=["']https?://""", index)


def test_review_page_has_details_body_and_citation_blocks(site: dict[str, str]) -> None:
    for review in load_reviews(ROOT)[0]:
        page = site[review.page]
        assert page.startswith("---\ntitle: ")
        prose = re.sub(r"```.*?```", "", page, flags=re.DOTALL)
        assert prose.count("\n# ") == 1, "exactly one page title"
        assert '!!! abstract "About the paper"' in page
        assert "## Try it" in page
        # the copy buttons come from mkdocs-material's content.code.copy on these code blocks
        assert "    " + bibtex(review).replace("\n", "\n    ") in page
        assert "    " + plain_citation(review) in page
        assert '=== "BibTeX"' in page and '=== "Plain text"' in page


def test_implemented_in_links_to_the_api_reference(site: dict[str, str]) -> None:
    api_page = api_reference(ROOT)[0].content
    linked = 0
    for review in load_reviews(ROOT)[0]:
        page = site[review.page]
        if not review.implemented_in:
            assert "## In ScaleDown" not in page
            continue
        assert f"**`{review.implemented_in}`**" in page
        for anchor in re.findall(r"\(\.\./framework/api\.md#([\w.-]+)\)", page):
            # mkdocstrings uses the dotted path of each ':::' block as its element id
            assert f"::: {anchor}\n" in api_page, f"{review.slug}: no API entry {anchor}"
            linked += 1
        assert "../framework/api.md" in page
    assert linked >= 1  # int8-ptq -> sd.quantize exists already


def test_every_relative_link_in_generated_pages_resolves(site: dict[str, str]) -> None:
    known = set(site) | {"framework/api.md", "index.md"} | {
        p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    # tutorial pages come from the tutorials generator: learn/tutorials/<slug>.md per source
    known |= {f"learn/tutorials/{named[0]}.md" for named in map(slug_and_order,
              tutorial_sources(ROOT)) if named}
    for path, content in site.items():
        if not path.endswith(".md"):
            continue
        body = re.sub(r"```.*?```", "", content, flags=re.DOTALL)
        for target in re.findall(r"\]\(([^)\s]+)\)", body):
            if re.match(r"[a-z]+://", target):
                continue
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                    target.split("#")[0]))
            assert rel in known, f"{path}: broken link {target}"
        for href in re.findall(r'<a href="([^"]+)/"', content):
            assert f"reviews/{href}.md" in site, f"{path}: broken link {href}/"


def test_tutorials_that_use_a_method_are_found(tmp_path: Path) -> None:
    (tmp_path / "tutorials").mkdir()
    header = "# ---\n# jupyter:\n#   scaledown:\n#     title: {title}\n# ---\n\n# %%\n"
    (tmp_path / "tutorials/01-int8.py").write_text(
        header.format(title="Int8 on a board") + 'm = sd.quantize(m, scheme="int8", data=x)\n')
    (tmp_path / "tutorials/02-fp16.py").write_text(
        header.format(title="Half precision") + "m = sd.quantize(m, scheme='float16')\n")
    (tmp_path / "tutorials/03-prune.py").write_text(
        header.format(title="Pruning") + "m = sd.prune(m, sparsity=0.5)\n")
    assert tutorials_using(tmp_path, "int8-ptq") == [("Int8 on a board",
                                                       "learn/tutorials/int8.md")]
    assert tutorials_using(tmp_path, "float16") == [("Half precision", "learn/tutorials/fp16.md")]
    assert tutorials_using(tmp_path, "magnitude-pruning") == [("Pruning",
                                                                "learn/tutorials/prune.md")]
    assert tutorials_using(tmp_path, "knowledge-distillation") == []


@pytest.mark.e2e
def test_filters_hide_and_show_reviews_in_a_browser(tmp_path: Path, site: dict[str, str]) -> None:
    """Drive the real script in headless Chromium on the generated index."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: run 'make browser' (apt-get install chromium)")
    reviews, _ = load_reviews(ROOT)
    body = site["reviews/index.md"].split("---\n", 2)[2]
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "index.html").write_text(f"<!doctype html><html><body>{body}</body></html>")
    for asset in ("reviews-filter.js", "reviews.css"):
        (folder / asset).write_text(site[f"reviews/{asset}"])
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((folder / "index.html").as_uri())
            visible = page.locator(".sd-review:visible")
            assert page.locator("#sd-review-filters").is_visible()
            assert visible.count() == len(reviews)

            page.select_option("select[name=topic]", "pruning")
            pruning = [r for r in reviews if "pruning" in r.topics]
            assert visible.count() == len(pruning) > 0
            count = page.text_content("#sd-review-count")
            assert count == f"{len(pruning)} of {len(reviews)} reviews"

            page.select_option("select[name=difficulty]", "mid-career")
            both = [r for r in pruning if r.difficulty == "mid-career"]
            assert visible.count() == len(both)

            page.select_option("select[name=topic]", "")
            page.select_option("select[name=difficulty]", "")
            year = str(min(r.year for r in reviews))
            page.select_option("select[name=year]", year)
            assert visible.count() == sum(str(r.year) == year for r in reviews)

            page.click("button[type=reset]")
            page.wait_for_function(
                f"document.querySelectorAll('.sd-review:not([hidden])').length === {len(reviews)}")
            assert all(url.startswith("file://") for url in requests), requests
        finally:
            browser.close()


def test_index_page_without_reviews_is_still_valid() -> None:
    page = index_page([])
    assert "0 reviews" in page and "<ul class=\"sd-review-list\"" in page


def test_generation_needs_no_network_and_no_docs_writes(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "paper_reviews", tmp_path / "paper_reviews")
    (tmp_path / "docs/blog").mkdir(parents=True)
    shutil.copy(ROOT / "docs/blog/.authors.yml", tmp_path / "docs/blog/.authors.yml")
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    files = generate(tmp_path)
    assert len(files) == len(review_files(tmp_path)) + 3
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before


def test_doi_only_review_gets_doi_links(tmp_path: Path) -> None:
    from scaledown.site.review_pages import review_page
    from scaledown.site.reviews import Review

    review = Review(path=tmp_path / "paper_reviews/x.md", slug="x", title="A Journal Paper",
                    authors=("Ada Lovelace",), venue="Journal of Tiny Things", year=1999,
                    url="https://doi.org/10.1000/xyz123", topics=("hardware",),
                    reviewer="ada", difficulty="beginner", doi="10.1000/xyz123",
                    body="# A journal paper\n\nText.\n")
    page = review_page(review, reviewer_name="Ada", tutorials=[])
    assert "[doi:10.1000/xyz123](https://doi.org/10.1000/xyz123)" in page
    assert "doi = {10.1000/xyz123}" in page and "eprint" not in page
    assert "Lovelace, A. (1999). A Journal Paper. Journal of Tiny Things. " \
           "https://doi.org/10.1000/xyz123" in page
    assert "## In ScaleDown" not in page
