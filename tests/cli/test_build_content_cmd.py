"""``scaledown build-content --offline``: the offline copy's tree, in a folder of its own."""

from __future__ import annotations

from pathlib import Path

from scaledown.cli import main
from scaledown.site.offline import MARKER


def _project(root: Path) -> Path:
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: D\nsite_url: https://x.org/s/\n")
    (root / "docs" / "index.md").write_text(f"# D\n\nHi.\n\n{MARKER}\n")
    (root / "docs" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  ada:\n    name: Ada\n    description: x\n    avatar: a.svg\n")
    return root


def test_offline_tree_has_the_note_and_the_online_tree_the_link(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert main(["build-content", "--root", str(root), "--offline"]) == 0
    assert main(["build-content", "--root", str(root)]) == 0
    offline = (root / "build" / "offline-docs" / "index.md").read_text()
    online = (root / "build" / "docs" / "index.md").read_text()
    assert "You are reading the offline copy" in offline and "download>" not in offline
    assert '<a href="/s/scaledown-offline.zip" download>' in online
