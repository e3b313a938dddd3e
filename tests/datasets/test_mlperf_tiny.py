"""The MLPerf Tiny models ship inside the package, and nothing reads a folder beside the repo."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.datasets.mlperf_tiny import FILES, FOLDER, all_files
from scaledown.errors import InputError

REPO = Path(__file__).resolve().parents[2]


def _readme_checksums() -> dict[str, str]:
    text = (FOLDER / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"`([\w.]+\.(?:tflite|h5))` \|[^\n]*`([0-9a-f]{64})`", text))


def test_every_file_matches_its_published_checksum():
    sums = _readme_checksums()
    assert sorted(sums) == sorted(p.name for p in all_files())
    for path in all_files():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name], path.name


def test_licence_travels_with_the_models():
    assert "Apache License" in (FOLDER / "LICENSE-mlcommons-tiny.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("task", "variant"), [(t, v) for t, vs in FILES.items() for v in vs])
def test_each_task_and_variant_resolves_to_a_file(task, variant):
    assert sd.datasets.mlperf_tiny(task, variant).is_file()


def test_aliases_and_errors():
    assert sd.datasets.mlperf_tiny("ResNet8") == sd.datasets.mlperf_tiny("ic")
    with pytest.raises(InputError, match="'kws', 'ic', 'ad'"):
        sd.datasets.mlperf_tiny("vww")
    with pytest.raises(InputError, match="comes as 'int8'"):
        sd.datasets.mlperf_tiny("kws", "float")


def test_nothing_in_the_repository_reads_a_shared_folder_beside_it():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    pattern = re.compile(r"\.\./shared|parent\s*/\s*[\"']shared[\"']"
                         r"|[\"']shared[\"']\s*/\s*[\"']models")
    here = Path(__file__).relative_to(REPO).as_posix()
    offenders = []
    for name in tracked:
        path = REPO / name
        if name == here or path.suffix not in {".py", ".md", ".yml", ".yaml", ".toml", ".cfg"}:
            continue
        if name in {"README.md"}:  # the README names the architecture notes we started from
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}:{i}" for i, line in enumerate(text.splitlines(), 1)
                      if pattern.search(line)]
    assert offenders == []
