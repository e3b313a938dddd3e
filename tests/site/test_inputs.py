"""Fingerprints and stamps of a build's inputs (scaledown/site/inputs.py)."""

from __future__ import annotations

import os
from pathlib import Path

from scaledown.site import inputs, serve


def _project(root: Path) -> Path:
    for name in ("docs", "hardware_catalog", "tutorials", ".scaledown-cache/templates",
                 ".scaledown-cache/compiled-fit", ".scaledown-cache/reviews"):
        (root / name).mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text("site_name: demo\n")
    return root


def test_the_stamp_changes_with_any_input_and_not_with_the_engines_caches(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = inputs.build_stamp(root)
    (root / ".scaledown-cache" / "templates" / "x.cache").write_bytes(b"compiled")
    (root / ".scaledown-cache" / "compiled-fit" / "a.json").write_text("{}")
    (root / "docs" / "__pycache__").mkdir()
    (root / "docs" / "__pycache__" / "x.pyc").write_bytes(b"")
    (root / "build").mkdir()
    (root / "build" / "page.md").write_text("output, not input")
    assert inputs.build_stamp(root) == first
    for changed in ("docs/new.md", "tutorials/01-a.py", ".scaledown-cache/reviews/r.json",
                    "hardware_catalog/devices.yaml"):
        (root / changed).write_text("x")
        assert inputs.build_stamp(root) != first, changed
        first = inputs.build_stamp(root)
    config = root / "mkdocs.yml"
    info = config.stat()
    os.utime(config, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert inputs.build_stamp(root) != first


def test_serve_watches_exactly_the_build_inputs() -> None:
    assert set(serve.WATCHED) == set(inputs.BUILD_INPUTS)
