"""scaledown.site.zensical_build: clear errors, nothing half-written, the previous site kept."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from scaledown.errors import InputError, RuntimeNotInstalledError, ScaleDownError
from scaledown.site import zensical_build


def _project(root: Path, home: str = "# Home\n\nHello.\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    docs = root / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(home, encoding="utf-8")
    return root


def _leftovers(root: Path) -> list[str]:
    """Overlay configs and staging folders a build must not leave behind."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(".*")
                  if p.name.startswith(".zensical-") or ".staging-" in p.name)


def test_builds_the_tree_and_leaves_no_overlay_or_staging(tmp_path: Path) -> None:
    root = _project(tmp_path)
    site = zensical_build.build(root, site_dir="out")
    assert site == root / "out"
    assert "Hello." in (site / "index.html").read_text(encoding="utf-8")
    assert _leftovers(root) == []


def test_a_failed_build_keeps_the_previous_site_and_quotes_zensical(tmp_path: Path) -> None:
    root = _project(tmp_path)
    zensical_build.build(root, site_dir="out")
    before = (root / "out" / "index.html").read_text(encoding="utf-8")
    (root / "build" / "docs" / "index.md").write_text("# Home\n\nSee [x](missing.md).\n")
    with pytest.raises(ScaleDownError) as caught:
        zensical_build.build(root, site_dir="out")
    message = str(caught.value)
    assert "nothing was published" in message
    assert "page does not exist" in message and "index.md:3" in message  # Zensical's words
    assert "Traceback" not in message and "\x1b[" not in message
    assert (root / "out" / "index.html").read_text(encoding="utf-8") == before
    assert _leftovers(root) == []


def test_without_a_docs_tree_it_says_to_run_build_content(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    with pytest.raises(InputError, match="no generated docs tree") as caught:
        zensical_build.build(tmp_path)
    assert "scaledown build-content" in caught.value.fix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]


def test_folders_outside_the_project_are_refused(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    with pytest.raises(InputError, match="outside the project folder") as caught:
        zensical_build.build(root, site_dir=tmp_path / "elsewhere")
    assert "--site-dir" in caught.value.fix
    assert not (tmp_path / "elsewhere").exists()


def test_without_zensical_it_names_the_extra(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "zensical" else real(name, *a))
    with pytest.raises(RuntimeNotInstalledError) as caught:
        zensical_build.build(_project(tmp_path))
    assert "[zensical]" in caught.value.fix


def test_command_line_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    assert zensical_build.main(["--root", str(root), "--site-dir", "out"]) == 0
    assert "Zensical built 2 HTML files" in capsys.readouterr().out  # index and 404
    assert zensical_build.main(["--root", str(root), "--docs-dir", "nowhere"]) == 1
    assert capsys.readouterr().out.startswith("error: no generated docs tree")
