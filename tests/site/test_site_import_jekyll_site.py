"""`scaledown import jekyll SITE_DIR`: a whole Jekyll site in one command.

The acceptance test imports the test site (jekyll_testkit.py) into a copy of
this repository's site content, then runs `scaledown check` and a strict
MkDocs build, and follows every image and old URL in the built site; the old
URLs also in Zensical's build of the same generated tree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from jekyll_testkit import CATEGORY_MAP, make_jekyll_site, png
from site_testkit import build, make_project

from scaledown.cli import main
from scaledown.site import pipeline, zensical_build
from scaledown.site.authors import load_authors
from scaledown.site.frontmatter import read_markdown
from scaledown.site.redirects import load_redirects

CHECKS = {"blog": "scaledown.site.blog_checks:check_blog",
          "links": "scaledown.site.links:check_links",
          "redirects": "scaledown.site.redirects:check_redirects"}
IMPORTED = "docs/assets/imported/tinyml-circle"


def snapshot(root: Path) -> dict[str, bytes]:
    docs = root / "docs"
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(docs.rglob("*")) if p.is_file()} | {
        "mkdocs.yml": (root / "mkdocs.yml").read_bytes()}


def run(project: Path, *args: str) -> int:
    return main(["import", "jekyll", *args, "--root", str(project)])


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return make_jekyll_site(tmp_path / "old-blog")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The repository's site content with the test site imported, and its build."""
    base = tmp_path_factory.mktemp("acceptance")
    root = make_project(base / "project", copy_site=True)
    jekyll = make_jekyll_site(base / "old-blog")
    assert run(root, str(jekyll), *CATEGORY_MAP) == 0
    check = main(["check", "--root", str(root)])  # every registered checker
    # The build, as the other build tests do it: only blog content and the redirect
    # pages, no other generators (those read the repository's tutorials, reviews and
    # catalogue).
    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "CHECKERS", CHECKS)
    patch.setattr(pipeline, "GENERATORS", {"redirects": "scaledown.site.redirects:generate"})
    built = base / "built"
    try:
        build(root, built)
    finally:
        patch.undo()
    return root, built, str(check)


@pytest.fixture(scope="module")
def zensical_built(imported: tuple[Path, Path, str]) -> Path:
    """Zensical's build of the generated tree the MkDocs build above rendered."""
    root, _, _ = imported
    return zensical_build.build(root, "build/docs", "zensical-site")


def test_site_import_passes_check_and_strict_build(imported: tuple[Path, Path, str]) -> None:
    root, built, check = imported
    assert check == "0"
    for slug in ("welcome", "sensors", "study-group", "new-year"):
        assert (built / "blog" / slug / "index.html").is_file(), slug
    assert not list((root / "docs/blog/posts").glob("*empty*"))  # the empty post was skipped


def test_every_image_shows_in_the_built_pages(imported: tuple[Path, Path, str]) -> None:
    _, built, _ = imported
    seen = set()
    for slug in ("welcome", "sensors", "study-group", "new-year"):
        page = built / "blog" / slug / "index.html"
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', html):
            if "imported/tinyml-circle" not in src:
                continue
            target = built / unquote(urljoin(f"blog/{slug}/", src))
            assert target.is_file(), (slug, src)
            seen.add(target.relative_to(built).as_posix())
    names = {Path(p).name for p in seen}
    # covers and inline images of every post, and the avatars on the posts
    assert {"welcome.png", "board.png", "sensor.png", "new-year.png", "plans.png",
            "lin.png"} <= names


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_old_url_redirects_to_its_post(imported: tuple[Path, Path, str], engine: str,
                                            request: pytest.FixtureRequest) -> None:
    built = imported[1] if engine == "mkdocs" else request.getfixturevalue("zensical_built")
    old_urls = {"welcome/index.html": "blog/welcome/", "sensors/index.html": "blog/sensors/",
                "new-year/index.html": "blog/new-year/",
                "2019/07/10/study-group.html": "blog/study-group/"}
    for old, new in old_urls.items():
        page = built / old
        assert page.is_file(), old
        target = re.search(r'http-equiv="refresh" content="0; ?url=([^"]+)"',
                           page.read_text(encoding="utf-8")).group(1)
        resolved = urljoin(old, target)
        assert resolved == new, (old, target)
        assert (built / resolved / "index.html").is_file()


def test_imported_content(imported: tuple[Path, Path, str]) -> None:
    root, _, _ = imported
    posts = root / "docs/blog/posts"
    welcome = read_markdown(posts / "2019-05-04-welcome.md")
    assert welcome.meta["categories"] == ["Research"]
    assert welcome.meta["image"] == "assets/imported/tinyml-circle/assets/img/covers/welcome.png"
    # a link by a wrong date and one by old URL both reach the sensors post
    assert "[the sensors](2019-06-02-sensors.md)" in welcome.body
    assert "[here](2019-06-02-sensors.md)" in welcome.body
    sensors = read_markdown(posts / "2019-06-02-sensors.md")
    assert sensors.meta["categories"] == ["Hardware"] and sensors.meta["tags"] == ["featured"]
    assert 'src="../../assets/imported/tinyml-circle/assets/img/posts/2019/sensor.png"' \
        in sensors.body
    study = read_markdown(posts / "2019-07-10-study-group.md")
    assert study.meta["tags"] == ["meetups", "sticky"] and study.meta["pin"] is True
    assert study.meta["categories"] == ["Community"]
    authors = load_authors(root)
    assert authors["ada"]["name"] == "Ada"  # kept untouched despite the site's 'ada'
    assert authors["lin"] == {
        "name": "Lin Wei", "description": "Builds sensor boards: 'cheap', open & documented",
        "avatar": "assets/imported/tinyml-circle/assets/img/authors/lin.png",
        "url": "https://example.org/lin"}
    assert authors["kofi"]["avatar"] == "assets/imported/tinyml-circle/authors/kofi.svg"
    assert authors["maria"]["name"] == "María José"
    assert load_redirects(root)[0]["welcome/"] == "blog/posts/2019-05-04-welcome.md"


def test_report_names_corrections_clashes_and_skips(project: Path, site: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, str(site), *CATEGORY_MAP) == 0
    out, err = capsys.readouterr()
    welcome = site / "_posts" / "2019-05-04-welcome.md"
    assert f"{welcome}:15: warning: link to post 2019-06-01-sensors.md" in err
    assert "2019-06-02-sensors.md, the post with the same slug" in err
    assert f"{site / '_posts' / '2019-08-01-empty.md'}:1: warning: skipped: empty file" in err
    assert "author 'ada' (Ada Byron) is already in docs/blog/.authors.yml" in err
    assert "category 'Meetups' is not allowed here; kept as a tag" in err
    assert "category TinyML -> Research" in out and "category Meetups -> tag meetups" in out
    assert "redirect welcome/ -> blog/posts/2019-05-04-welcome.md" in out
    assert f"created {IMPORTED}/assets/img/posts/2019/board.png" in out


def test_rerun_changes_nothing_unless_forced(project: Path, site: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, str(site), *CATEGORY_MAP) == 0
    after_first = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP) == 0
    assert snapshot(project) == after_first
    assert "nothing changed" in capsys.readouterr().err
    # an imported post edited by hand is not overwritten without --force
    post = project / "docs/blog/posts/2019-06-02-sensors.md"
    post.write_text(post.read_text() + "\nEdited.\n")
    edited = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP) == 1
    assert "already exists with other content" in capsys.readouterr().err
    assert snapshot(project) == edited
    assert run(project, str(site), *CATEGORY_MAP, "--force") == 0
    assert snapshot(project) == after_first


def test_dry_run_reports_and_writes_nothing(project: Path, site: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP, "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert snapshot(project) == before
    assert report["dry_run"] is True and report["written"] == []
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses["docs/blog/posts/2019-05-04-welcome.md"] == "create"
    assert statuses["docs/blog/.authors.yml"] == "update"
    assert statuses["docs/.redirects.yml"] == "create"
    assert "fix link 2019-05-04-welcome.md:15: 2019-06-01-sensors.md -> 2019-06-02-sensors.md" \
        in report["actions"]


def test_one_bad_post_means_nothing_is_written(project: Path, site: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (site / "_posts" / "2019-09-01-broken.md").write_text("---\ntitle: [oops\n---\nText\n")
    before = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP) == 1
    err = capsys.readouterr().err
    assert f"{site / '_posts' / '2019-09-01-broken.md'}:3: error: malformed YAML" in err
    assert "nothing imported" in err
    assert snapshot(project) == before


def test_missing_image_is_located_and_blocks_unless_allowed(
        project: Path, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "assets/img/posts/2019/board.png").unlink()
    before = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP) == 1
    err = capsys.readouterr().err
    welcome = site / "_posts" / "2019-05-04-welcome.md"
    assert f"{welcome}:13: error: /assets/img/posts/2019/board.png is not a file" in err
    assert snapshot(project) == before
    assert run(project, str(site), *CATEGORY_MAP, "--allow-missing") == 0
    assert f"{welcome}:13: warning: /assets/img/posts/2019/board.png" in capsys.readouterr().err


def test_category_map_must_name_an_allowed_category(project: Path, site: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, str(site), "--category-map", "TinyML=Cooking") == 1
    err = capsys.readouterr().err
    assert "'Cooking' is not an allowed category" in err and "Research" in err
    assert run(project, str(site), "--category-map", "TinyML") == 1
    assert "is not OLD=NEW" in capsys.readouterr().err


def test_site_without_config_is_refused(project: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "not-a-site"
    folder.mkdir()
    assert run(project, str(folder)) == 1
    assert "has no _config.yml" in capsys.readouterr().err


def test_existing_authors_file_keeps_its_comments(project: Path, site: Path) -> None:
    path = project / "docs/blog/.authors.yml"
    path.write_text("# our people\n" + path.read_text() + "# end of list\n")
    original = path.read_text()
    assert run(project, str(site), *CATEGORY_MAP) == 0
    text = path.read_text()
    assert text.startswith(original.split("# end of list")[0])
    assert "# end of list" in text and "  lin:\n    name: Lin Wei\n" in text


def test_new_images_do_not_replace_other_files(project: Path, site: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    mine = project / IMPORTED / "assets/img/covers/welcome.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(png((1, 2, 3)))
    assert run(project, str(site), *CATEGORY_MAP) == 1
    assert "already exists with other content" in capsys.readouterr().err
    assert mine.read_bytes() == png((1, 2, 3))


def test_unknown_author_and_liquid_block_the_import(project: Path, site: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    odd = site / "_posts" / "2019-09-09-odd.md"
    odd.write_text("---\ntitle: Odd\nauthor: nobody\n---\nIntro\n<!--more-->\n"
                   "{% include video.html %}\n")
    before = snapshot(project)
    assert run(project, str(site), *CATEGORY_MAP) == 1
    err = capsys.readouterr().err
    assert f"{odd}:3: error: author 'nobody' is not in docs/blog/.authors.yml" in err
    assert f"{odd}:7: error: unknown Liquid tag {{% include video.html %}}" in err
    assert snapshot(project) == before
    assert run(project, str(site), *CATEGORY_MAP, "--allow-missing", "--allow-unknown") == 0
    assert (project / "docs/blog/posts/2019-09-09-odd.md").is_file()
