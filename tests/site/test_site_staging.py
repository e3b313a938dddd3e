"""The staging folder behind 'a failed build leaves no new output'."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaledown.errors import ScaleDownError
from scaledown.site import staging


def test_publish_replaces_the_old_site_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "page.html").write_text("old")
    work = staging.start(site)
    (work / "new.html").write_text("new")
    staging.publish(work, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_published_site_has_the_usual_folder_permissions(tmp_path: Path) -> None:
    site = tmp_path / "site"
    work = staging.start(site)
    staging.publish(work, site)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert site.stat().st_mode == plain.stat().st_mode


def test_publish_onto_a_file_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.write_text("not a folder")
    work = staging.start(site)
    with pytest.raises(ScaleDownError, match="is not a folder") as err:
        staging.publish(work, site)
    assert err.value.fix and "-d" in err.value.fix
    assert site.read_text() == "not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_discard_removes_the_staging_folder_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    work = staging.start(site)
    (work / "half.html").write_text("half")
    staging.discard(work)
    staging.discard(work)  # twice is fine
    staging.discard(None)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
