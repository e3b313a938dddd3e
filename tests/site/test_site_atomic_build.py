"""atomic_build: the staging folder behind 'a failed build leaves no new output'."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaledown.errors import ScaleDownError
from scaledown.site import atomic_build


def test_publish_replaces_the_old_site_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "page.html").write_text("old")
    work = atomic_build.start(site)
    (work / "new.html").write_text("new")
    atomic_build.publish(work, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_published_site_has_the_usual_folder_permissions(tmp_path: Path) -> None:
    site = tmp_path / "site"
    work = atomic_build.start(site)
    atomic_build.publish(work, site)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert site.stat().st_mode == plain.stat().st_mode


def test_publish_onto_a_file_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.write_text("not a folder")
    work = atomic_build.start(site)
    with pytest.raises(ScaleDownError, match="is not a folder") as err:
        atomic_build.publish(work, site)
    assert err.value.fix and "-d" in err.value.fix
    assert site.read_text() == "not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_discard_removes_the_staging_folder_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    work = atomic_build.start(site)
    (work / "half.html").write_text("half")
    atomic_build.discard(work)
    atomic_build.discard(work)  # twice is fine
    atomic_build.discard(None)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
