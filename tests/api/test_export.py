"""sd.export: the generated C/C++ compiles, and the array is the model file byte for byte;
firmware projects: the folder rules, the sample, the format mapping."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import scaledown as sd
from scaledown.api import export as export_module
from scaledown.api.export import c_identifier
from scaledown.backends.tflm.ops import TFLM_BUILTINS
from scaledown.datasets import mlperf_tiny
from scaledown.errors import ExportError, InputError, UnsupportedOpError
from scaledown.firmware.project import MANIFEST

GXX = shutil.which("g++")
needs_gxx = pytest.mark.skipif(GXX is None, reason="g++ is not installed")

MAIN_CC = """
#include <cstdint>
#include <cstdio>
#include "model_data.h"
int main(int argc, char** argv) {
  if (reinterpret_cast<std::uintptr_t>(IDENT_data) % 16 != 0) return 3;
  static_assert(IDENT_arena_size % 16 == 0, "arena constant must stay aligned");
  std::FILE* f = std::fopen(argv[1], "wb");
  if (!f) return 4;
  std::fwrite(IDENT_data, 1, IDENT_data_len, f);
  std::fclose(f);
  std::printf("%zu %zu %d\\n", (std::size_t)IDENT_data_len, (std::size_t)IDENT_arena_size,
              IDENT_op_count);
  return 0;
}
"""

# A stand-in for TFLM's header with the methods of the real MicroMutableOpResolver
# (names taken from TFLM_BUILTINS), so model_ops.h can be compiled without TFLM.
STUB = """
#pragma once
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;
namespace tflite {
template <unsigned int N> class MicroMutableOpResolver {
 public:
  unsigned int count = 0;
METHODS
};
}
"""


def _compile_and_dump(folder: Path, ident: str, work: Path) -> tuple[bytes, list[int]]:
    (work / "main.cc").write_text(MAIN_CC.replace("IDENT", ident))
    subprocess.run([GXX, "-std=c++17", "-Wall", "-Wextra", "-Werror", "-c",
                    str(folder / "model_data.cc"), "-o", str(work / "model_data.o")], check=True)
    subprocess.run([GXX, "-std=c++17", "-Wall", "-Werror", f"-I{folder}", str(work / "main.cc"),
                    str(work / "model_data.o"), "-o", str(work / "dump")], check=True)
    run = subprocess.run([str(work / "dump"), str(work / "out.bin")], check=True,
                         capture_output=True, text=True)
    return (work / "out.bin").read_bytes(), [int(v) for v in run.stdout.split()]


@needs_gxx
def test_generated_files_compile_and_hold_the_exact_model_bytes(tmp_path):
    model = mlperf_tiny("kws")
    result = sd.export(model, "c", tmp_path / "fw")
    dumped, (length, arena, op_count) = _compile_and_dump(tmp_path / "fw", result.identifier,
                                                          tmp_path)
    assert dumped == model.read_bytes()
    assert length == model.stat().st_size
    assert arena == result.arena_bytes >= result.arena.required_bytes * 1.2
    assert op_count == len(result.ops) == 6


@needs_gxx
def test_op_resolver_snippet_compiles_and_registers_exactly_the_models_ops(tmp_path):
    result = sd.export(mlperf_tiny("ic"), "c", tmp_path / "fw",
                       name="ResNet-8 (int8)")
    methods = "\n".join(f"  TfLiteStatus {m}() {{ return ++count <= N ? kTfLiteOk : "
                        f"kTfLiteError; }}" for m in TFLM_BUILTINS.values())
    stub = tmp_path / "tensorflow" / "lite" / "micro"
    stub.mkdir(parents=True)
    (stub / "micro_mutable_op_resolver.h").write_text(STUB.replace("METHODS", methods))
    ident = result.identifier
    count = len(result.ops)
    (tmp_path / "use.cc").write_text(
        f'#include "model_ops.h"\nint main() {{ {ident}_resolver_t r; '
        f"return ({ident}_register_ops(r) == kTfLiteOk && r.count == {count}) ? 0 : 1; }}\n"
    )
    subprocess.run([GXX, "-std=c++17", "-Wall", "-Werror", f"-I{tmp_path}",
                    f"-I{tmp_path / 'fw'}", str(tmp_path / "use.cc"), "-o",
                    str(tmp_path / "use")], check=True)
    assert subprocess.run([str(tmp_path / "use")]).returncode == 0
    assert ident == "resnet_8_int8"
    assert result.ops == ["CONV_2D", "ADD", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED",
                          "SOFTMAX"]


@pytest.mark.parametrize(
    ("name", "ident"),
    [("kws", "kws"), ("my model v1.2", "my_model_v1_2"), ("3layers", "m_3layers"),
     ("class", "class_model"), ("_Reserved__Name", "reserved_name"), ("模型", "model")],
)
def test_identifiers_are_valid_c(name, ident):
    assert c_identifier(name) == ident


def test_unwritable_folder_is_an_export_error_with_nothing_left(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ExportError) as err:
        sd.export(mlperf_tiny("ad"), "c", blocker / "fw")
    assert "fix:" in str(err.value)
    with pytest.raises(ExportError, match="is a file"):
        sd.export(mlperf_tiny("ad"), "c", blocker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_failure_while_writing_leaves_no_partial_files(tmp_path, monkeypatch):
    out = tmp_path / "fw"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    real = Path.write_text
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", flaky)
    with pytest.raises(ExportError, match="No space left"):
        sd.export(mlperf_tiny("ad"), "c", out)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_float_model_is_refused_unless_allowed(tmp_path):
    with pytest.raises(UnsupportedOpError, match="quantize"):
        sd.export(mlperf_tiny("ad", "float"), "c", tmp_path / "fw")
    assert not (tmp_path / "fw").exists()
    result = sd.export(mlperf_tiny("ad", "float"), "c", tmp_path / "fw", allow_float=True)
    assert result.ops == ["FULLY_CONNECTED"]


def test_bad_format_and_margin(tmp_path):
    with pytest.raises(InputError, match="unknown export format"):
        sd.export(mlperf_tiny("ad"), "rust", tmp_path)
    with pytest.raises(InputError, match="margin"):
        sd.export(mlperf_tiny("ad"), "c", tmp_path, margin=-1)
    assert export_module.DEFAULT_MARGIN == 0.2


# ---- firmware projects: sd.export(model, 'cmake' | 'arduino' | ..., device=ID) ----


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


def test_overwrite_keeps_the_sensor_code_you_wrote(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "fw"
    sd.export(tiny, "cmake", out, device="raspberry-pi-pico")
    sensor = out / "src" / "scaledown" / "sd_sensor.c"
    mine = sensor.read_text().replace("return 0;", "return read_my_accelerometer(input);")
    sensor.write_text(mine)
    again = sd.export(tiny, "cmake", out, device="raspberry-pi-pico", overwrite=True)
    assert sensor.read_text() == mine
    assert again.kept == [sensor]
    third = sd.export(tiny, "platformio", out, device="raspberry-pi-pico", overwrite=True)
    assert sensor.read_text() == mine and third.kept == [sensor]
    assert not (out / "CMakeLists.txt").exists()  # unchanged and no longer part of it
