"""``sd.export`` of a firmware project: the folder rules, the sample, the format mapping."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import scaledown as sd
from scaledown.errors import ExportError, InputError
from scaledown.firmware.project import MANIFEST


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    from scaledown.compiler.tiny import tiny_int8_tflite

    path = tmp_path / "tiny.tflite"
    path.write_bytes(tiny_int8_tflite())
    return path


def test_overwrite_replaces_only_what_we_wrote(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "fw"
    first = sd.export(tiny, "cmake", out, device="raspberry-pi-pico")
    (out / "notes.txt").write_text("mine")
    (out / "src" / "scaledown" / "my_driver.c").write_text("/* mine */")
    with pytest.raises(ExportError, match="exists"):
        sd.export(tiny, "cmake", out, device="raspberry-pi-pico")
    second = sd.export(tiny, "cmake", out, device="raspberry-pi-pico", overwrite=True, runs=5)
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "src" / "scaledown" / "my_driver.c").read_text() == "/* mine */"
    assert "SD_PROJECT_RUNS 5u" in (second.shared_folder / "sd_project.h").read_text()
    assert sorted(first.files) == sorted(second.files)
    assert not [p for p in out.iterdir() if p.name.startswith(".scaledown-")
                and p.name != MANIFEST]  # no staging folder left


def test_overwrite_never_replaces_a_file_it_did_not_write(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "fw"
    out.mkdir()
    (out / "CMakeLists.txt").write_text("# my own build")
    with pytest.raises(ExportError, match="did not write"):
        sd.export(tiny, "cmake", out, device="raspberry-pi-pico", overwrite=True)
    assert (out / "CMakeLists.txt").read_text() == "# my own build"
    assert sorted(p.name for p in out.iterdir()) == ["CMakeLists.txt"]


def test_switching_format_removes_only_the_old_projects_files(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "edge"
    sd.export(tiny, "cmake", out, device="sparkfun-edge")
    (out / "board" / "virtual" / "my_notes.txt").write_text("keep")
    sd.export(tiny, "arduino", out, device="sparkfun-edge", overwrite=True)
    assert (out / "edge.ino").is_file() and not (out / "CMakeLists.txt").exists()
    assert not (out / "board" / "virtual" / "startup.c").exists()
    assert (out / "board" / "virtual" / "my_notes.txt").read_text() == "keep"


def test_project_format_follows_the_deploy_guide(tiny: Path, tmp_path: Path) -> None:
    assert sd.export(tiny, "project", tmp_path / "a", device="sparkfun-edge").format == "arduino"
    assert sd.export(tiny, "project", tmp_path / "b", device="nordic-thingy53").format == "cmake"


def test_the_given_sample_is_embedded(tiny: Path, tmp_path: Path) -> None:
    sample = np.arange(-8, 8, dtype=np.int8)
    result = sd.export(tiny, "cmake", tmp_path / "fw", device="raspberry-pi-pico",
                       sample=sample)
    assert result.sample == sample.tobytes()
    assert "-8, -7, -6" in (result.shared_folder / "sd_sample.c").read_text()
    with pytest.raises(InputError, match="sample has 3 bytes"):
        sd.export(tiny, "cmake", tmp_path / "fw2", device="raspberry-pi-pico",
                  sample=np.zeros(3, np.int8))
    assert not (tmp_path / "fw2").exists()


def test_a_failed_export_leaves_nothing(tmp_path: Path) -> None:
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    with pytest.raises(InputError, match=r"sd\.quantize"):
        sd.export(tiny_dense_tflite(), "cmake", tmp_path / "fw", device="raspberry-pi-pico")
    assert list(tmp_path.iterdir()) == []
