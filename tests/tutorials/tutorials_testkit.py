"""Helpers for the tutorial tests: tiny synthetic projects (no TensorFlow; kernels start in ~1 s).

A uniquely named module, so importing it never picks up another area's conftest.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

HEADER = """\
# ---
# jupyter:
#   kernelspec: {{display_name: Python 3, language: python, name: python3}}
#   scaledown:
#     title: {title}
#     summary: A synthetic tutorial for the tests.
#     level: beginner
#     minutes: 2
#     prerequisites: []
#     tracks: [newcomer]
#     boards: []
# ---
"""


def write_tutorial(root: Path, name: str, body: str, title: str | None = None) -> Path:
    """Write ``tutorials/<name>.py`` with a valid header and ``body`` (percent format)."""
    path = root / "tutorials" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER.format(title=title or name) + "\n" + textwrap.dedent(body).lstrip()
    path.write_text(text, encoding="utf-8")
    return path


def make_project(root: Path) -> Path:
    """A project folder with mkdocs.yml, constraints.txt and a fake package ``fakesd``."""
    (root / "mkdocs.yml").write_text("site_name: test\n")
    (root / "constraints.txt").write_text("numpy==1.0\n")
    package = root / "pkgs" / "fakesd"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "alpha.py").write_text("def value():\n    return 1\n")
    (package / "beta.py").write_text("def value():\n    return 2\n")
    return root
