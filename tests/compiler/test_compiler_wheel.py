"""The kernel library ships inside the wheel, so sd.compile works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_installed_wheel_writes_the_kernels(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="the build backend (dev extra) is needed")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "--quiet", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = tmp_path.glob("scaledown_tinyml-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("scaledown/compiler/kernels/sd_kernels.c",
                   "scaledown/compiler/kernels/sd_kernels.h"):
        assert needed in names, needed
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)  # a wheel is a zip laid out for site-packages
    script = ("import scaledown as sd; from scaledown.compiler.tiny import tiny_int8_tflite; "
              "r = sd.compile(tiny_int8_tflite(), 'out'); print(sd.__file__); "
              "print(sorted(p.name for p in r.files))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    where, files = done.stdout.strip().splitlines()[-2:]
    assert where.startswith(str(site))
    assert files == "['sd_kernels.c', 'sd_kernels.h', 'sd_model.c', 'sd_model.h']"
    kernels = (tmp_path / "out" / "sd_kernels.c").read_text()
    assert kernels == (REPO / "scaledown/compiler/kernels/sd_kernels.c").read_text()
