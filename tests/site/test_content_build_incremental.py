"""Incremental build-content: a change regenerates only the pages made from it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scaledown.site.content_build import build_content
from scaledown.site.frontmatter import split_front_matter

REPO = Path(__file__).resolve().parents[2]
DEVICE = "raspberry-pi-pico"
HOLDERS = ("example-accra-makerspace", "example-nairobi-school")  # branches that hold one


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue, mkdocs.yml and tutorials, with a one-page docs/ folder."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(REPO / "hardware_catalog", root / "hardware_catalog")
    shutil.copytree(REPO / "tutorials", root / "tutorials")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "blog" / "posts" / "a.md").write_text("---\ntitle: A\n---\n# A\n")
    return root


GENERATORS = ("catalogue", "fit", "framework", "framework-routes")


def test_one_device_changed_regenerates_its_pages_its_branches_and_the_fit_matrix(
        project: Path) -> None:
    out = project / "build" / "docs"
    first = build_content(project, out, checks=False, generators=GENERATORS)
    assert f"catalogue:device:{DEVICE}" in first.regenerated and "fit" in first.regenerated
    assert build_content(project, out, checks=False, generators=GENERATORS).regenerated == []

    entry = project / "hardware_catalog" / "devices" / f"{DEVICE}.yaml"
    text = entry.read_text()
    entry.write_text(text.replace("summary: A very cheap", "summary: A really cheap", 1))
    report = build_content(project, out, checks=False, generators=GENERATORS)

    assert set(report.regenerated) == {
        f"catalogue:device:{DEVICE}",
        *(f"catalogue:branch:{branch}" for branch in HOLDERS),
        "catalogue:index",  # the table of every device, and hardware.json
        "fit",
    }
    assert set(report.regenerated_files) == {
        f"hardware/devices/{DEVICE}.md",
        *(f"hardware/branches/{branch}.md" for branch in HOLDERS),
        *(f"hardware/availability/{branch}.json" for branch in HOLDERS),
        "hardware/index.md", "hardware/hardware.json",
        "hardware/fit-matrix.md",
    }
    assert "A really cheap" in (out / "hardware/devices" / f"{DEVICE}.md").read_text()
    # only files whose text changed were written; the other device pages stayed as they were
    assert f"hardware/devices/{DEVICE}.md" in report.written
    assert not any(p.startswith("hardware/devices/") and DEVICE not in p for p in report.written)


def test_editing_a_post_runs_no_generator(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out, checks=False, generators=GENERATORS)
    (project / "docs" / "blog" / "posts" / "a.md").write_text("---\ntitle: A\n---\n# A\n\nMore.\n")
    report = build_content(project, out, checks=False, generators=GENERATORS)
    assert report.regenerated == []
    assert report.written == ["blog/posts/a.md"]


def test_a_generated_file_edited_by_hand_is_made_again(project: Path) -> None:
    out = project / "build" / "docs"
    build_content(project, out, checks=False, generators=GENERATORS)
    page = out / "hardware" / "countries.md"
    page.write_text("scribbled")
    report = build_content(project, out, checks=False, generators=GENERATORS)
    assert report.regenerated == ["catalogue:countries"]
    # (below the front matter build-content adds: the page's meta description)
    assert split_front_matter(page.read_text())[1].startswith("# Branches by country")


def test_docstring_page_is_rewritten_when_the_package_changes(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scaledown.site import inputs

    module = project / "documented.py"  # stands for a package module the API page documents
    module.write_text('"""A docstring."""\n')
    monkeypatch.setattr(inputs, "CODE", (*inputs.CODE, "documented.py"))
    out = project / "build" / "docs"
    build_content(project, out, checks=False, generators=GENERATORS)
    api = out / "framework" / "api.md"
    os.utime(api, ns=(1_000_000_000, 1_000_000_000))
    module.write_text('"""A changed docstring."""\n')
    report = build_content(project, out, checks=False, generators=GENERATORS)
    assert "framework" in report.regenerated
    assert "framework/api.md" in report.touched and "framework/api.md" not in report.written
    assert api.stat().st_mtime_ns > 1_000_000_000  # MkDocs' --dirty renders it again
