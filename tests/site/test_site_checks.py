"""`scaledown check` for the blog: each bad input is found with file, line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_testkit import REPO, SVG, make_project, post_text, write_post

from scaledown.cli import main
from scaledown.errors import ScaleDownError
from scaledown.site import pipeline
from scaledown.site.blog_checks import check_blog
from scaledown.site.links import check_links
from scaledown.site.slugs import slugify


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def errors(root: Path) -> list[pipeline.Problem]:
    found = check_blog(root) + check_links(root, generated=set())
    return [p for p in found if p.severity == "error"]


def test_valid_project_has_no_errors(project: Path) -> None:
    assert errors(project) == []


def test_real_site_content_passes(repo_root: Path) -> None:
    problems = pipeline.run_checks(repo_root, only=["blog", "links"])
    assert [str(p) for p in problems if p.severity == "error"] == []


BAD_POSTS = {
    # name: (front-matter extra or replacement, expected message part, expected line)
    "unknown author": (post_text("X", authors="[adaa]"), "unknown author 'adaa'", 4),
    "category not allowed": (post_text("X", categories="[Hardwear]"),
                             "category 'Hardwear' is not allowed", 5),
    "missing date": ("---\ntitle: X\nauthors: [ada]\ncategories: [Hardware]\n---\n"
                     "A\n<!-- more -->\n",
                     "missing required field 'date'", 1),
    "date not a date": (post_text("X", date="next week"), "is not a valid date", 3),
    "impossible date": (post_text("X", date="2024-02-30"), "impossible value", 3),
    "missing image": (post_text("X", extra="image: assets/nope.png\n"), "cover image not found", 6),
    "wrong type": (post_text("X", extra="draft: maybe\n"), "field 'draft' has the wrong type", 6),
    "no excerpt": (post_text("X", body="Just text.\n"), "no excerpt separator", 7),
    "malformed yaml": ("---\ntitle: X\nauthors: [ada\n---\n", "malformed YAML", 4),
}


@pytest.mark.parametrize("case", list(BAD_POSTS))
def test_bad_post_is_reported_with_line_and_fix(project: Path, case: str) -> None:
    text, message, line = BAD_POSTS[case]
    write_post(project, "2024-05-03-x.md", text)
    found = [p for p in errors(project) if message in p.message]
    assert found, f"{case}: expected '{message}' in {[str(p) for p in errors(project)]}"
    assert str(found[0].path).endswith("docs/blog/posts/2024-05-03-x.md")
    assert found[0].line == line
    assert found[0].fix


def test_close_matches_are_suggested(project: Path) -> None:
    write_post(project, "2024-05-03-x.md", post_text("X", categories="[Hardwear]"))
    (problem,) = [p for p in errors(project) if "Hardwear" in p.message]
    assert "did you mean 'Hardware'" in (problem.fix or "")


def test_broken_internal_link_and_image(project: Path) -> None:
    body = ("# X\n\nIntro.\n\n<!-- more -->\n\nSee [gone](2024-01-01-gone.md).\n\n"
            "![p](../../assets/no.png)\n")
    write_post(project, "2024-05-03-x.md", post_text("X", body=body))
    found = {p.message: p.line for p in errors(project)}
    assert found == {"broken link: 2024-01-01-gone.md": 13, "broken link: ../../assets/no.png": 15}


def test_links_in_code_and_external_links_are_ignored(project: Path) -> None:
    body = ("# X\n\nIntro.\n\n<!-- more -->\n\n```md\n[x](nope.md)\n```\n\n"
            "[web](https://example.org) [top](#x) `[y](nope.md)`\n")
    write_post(project, "2024-05-03-x.md", post_text("X", body=body))
    assert errors(project) == []


def test_links_to_generated_pages_resolve(project: Path) -> None:
    (project / "docs" / "index.md").write_text("[boards](hardware/devices/esp32.md)\n")
    assert check_links(project, generated={"hardware/devices/esp32.md"}) == []
    assert check_links(project, generated=set())[0].message.startswith("broken link")


def test_absolute_link_is_an_error(project: Path) -> None:
    (project / "docs" / "index.md").write_text("[blog](/blog/index.md)\n")
    (problem,) = check_links(project, generated=set())
    assert "relative" in (problem.fix or "")


def test_duplicate_slugs(project: Path) -> None:
    write_post(project, "2024-06-01-first-post.md", post_text("First Post!", "2024-06-01"))
    found = [p for p in errors(project) if "slug 'first-post'" in p.message]
    assert len(found) == 2  # both files are named
    names = {Path(p.path).name for p in found}
    assert names == {"2024-05-01-first-post.md", "2024-06-01-first-post.md"}


def test_explicit_slug_resolves_duplicate(project: Path) -> None:
    write_post(project, "2024-06-01-first-post.md",
               post_text("First Post!", "2024-06-01", extra="slug: first-post-again\n"))
    assert errors(project) == []


def test_authors_file_problems(project: Path) -> None:
    (project / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  ada:\n    name: Ada\n    description: x\n    avatar: assets/missing.svg\n"
        "  grace:\n    name: Grace\n    description: y\n    avatar: https://cdn.example/g.png\n")
    messages = [p.message for p in errors(project)]
    assert "avatar of 'ada' not found: docs/assets/missing.svg" in messages
    assert any("another host" in m for m in messages)


def test_draft_and_pin_types_accepted(project: Path) -> None:
    (project / "docs" / "cover.svg").write_text(SVG)
    write_post(project, "2024-05-03-x.md",
               post_text("X", extra="draft: true\npin: true\ntags: [sticky]\nimage: cover.svg\n"))
    assert errors(project) == []


def test_slugify_matches_file_names_and_urls() -> None:
    assert slugify("Quantization: 8-bit, on an ESP32-S3!") == "quantization-8-bit-on-an-esp32-s3"
    assert slugify("  Déjà  vu  ") == "deja-vu"
    assert slugify("!!!") == ""


def test_check_command_exit_code_and_output(project: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHECKERS", {"blog": "scaledown.site.blog_checks:check_blog"})
    assert main(["check", "--root", str(project)]) == 0
    write_post(project, "2024-05-03-x.md", post_text("X", authors="[nobody]"))
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "docs/blog/posts/2024-05-03-x.md:4: error: unknown author 'nobody'" in err
    assert "fix:" in err


def test_mkdocs_yml_categories_are_the_checked_list() -> None:
    from scaledown.site.siteconfig import blog_settings

    settings = blog_settings(REPO)
    assert settings.categories_allowed and settings.excerpt_required


@pytest.mark.parametrize("only", [["bogus"], ["blog", "bogus"], ["link"]])
def test_unknown_check_kind_is_an_error_listing_the_known_ones(
        project: Path, only: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", "--root", str(project)]
    for name in only:
        argv += ["--only", name]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"unknown check '{only[-1]}'" in err
    assert "known checks are: " + ", ".join(pipeline.CHECKERS) in err
    assert "Traceback" not in err
    with pytest.raises(ScaleDownError):
        pipeline.run_checks(project, only=only)


def test_unknown_check_kind_suggests_the_close_one(capsys: pytest.CaptureFixture[str],
                                                   project: Path) -> None:
    assert main(["check", "--root", str(project), "--only", "link"]) == 1
    assert "(did you mean 'links'?)" in capsys.readouterr().err


def test_the_catalogue_checked_again_sees_each_change(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # make serve checks after every save in one process; the catalogue's problems are
    # reused only while hardware_catalog/ (and the code, and the date) are unchanged
    import shutil

    from scaledown.hardware import checks

    root = tmp_path / "proj"
    shutil.copytree(REPO / "hardware_catalog", root / "hardware_catalog")
    before = pipeline.run_checks(root, only=["catalogue"])
    assert not [p for p in before if p.severity == "error"]
    device = sorted((root / "hardware_catalog" / "devices").glob("*.yaml"))[0]
    text = device.read_text()
    device.write_text(text.replace(f"id: {device.stem}", "id: another-id", 1))
    errors = [p.message for p in pipeline.run_checks(root, only=["catalogue"])
              if p.severity == "error"]
    assert any("does not match the file name" in m for m in errors), errors
    device.write_text(text)
    assert pipeline.run_checks(root, only=["catalogue"]) == before
    fake = [pipeline.Problem("hardware_catalog/x.yaml", 1, "a checker of its own")]
    monkeypatch.setattr(checks, "check_catalogue", lambda root: fake)
    assert pipeline.run_checks(root, only=["catalogue"]) == fake  # not the remembered ones
