"""The files keep the interface the Cortex-M harness builds against, and stay portable C99."""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess

import pytest

import scaledown as sd

FILES = ("sd_kernels.c", "sd_kernels.h", "sd_model.c", "sd_model.h")


def test_header_declares_the_agreed_interface(compiled_mlperf):
    c = compiled_mlperf["kws"]
    header = (c.folder / "sd_model.h").read_text()
    assert "#include <stdint.h>" in header
    assert "#define SD_MODEL_INPUT_BYTES 490\n" in header  # 1x49x10x1 int8
    assert "#define SD_MODEL_OUTPUT_BYTES 12\n" in header
    assert f"#define SD_MODEL_ARENA_BYTES {c.result.arena_bytes}\n" in header
    assert "#define SD_MODEL_OPS 13\n" in header
    assert "int sd_model_invoke(const int8_t *input, int8_t *output);" in header
    assert "extern const char sd_model_name[];" in header
    source = (c.folder / "sd_model.c").read_text()
    assert ("static int8_t sd_arena[SD_MODEL_ARENA_BYTES] __attribute__((aligned(16)));"
            in source)
    assert 'const char sd_model_name[] = "kws";' in source
    assert sorted(p.name for p in c.result.files) == sorted(FILES)


def test_every_call_says_what_it_computes(compiled_mlperf):
    source = (compiled_mlperf["kws"].folder / "sd_model.c").read_text()
    body = source[source.index("int sd_model_invoke"):]
    comments = re.findall(r"/\* step \d+, op (\d+) (\w+): ([^*]*)\*/\n  (sd_\w+)\(", body)
    assert len(comments) == compiled_mlperf["kws"].result.calls == 12
    first = comments[0]
    assert first[:2] == ("0", "CONV_2D") and first[3] == "sd_conv2d_s8"
    assert "1x49x10x1 -> 1x25x5x64" in first[2] and "stride 2x2" in first[2]
    assert "zp" in first[2] and "per-channel (64 scales)" in first[2]


def test_the_sources_use_no_heap_no_printf_no_libm(compiled_mlperf):
    for name, c in compiled_mlperf.items():
        for file in FILES:
            text = (c.folder / file).read_text()
            includes = set(re.findall(r'#include\s+[<"]([^>"]+)[>"]', text))
            assert includes <= {"stdint.h", "sd_model.h", "sd_kernels.h"}, (name, file)
            code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments may say "no malloc"
            for word in ("malloc", "free(", "printf", "float", "double"):
                assert word not in code, (name, file, word)


def test_plain_cc_builds_the_folder_alone(compiled_mlperf, tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler")
    for file in FILES:
        shutil.copy(compiled_mlperf["resnet8"].folder / file, tmp_path / file)
    done = subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-c",
                           "sd_model.c", "sd_kernels.c"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["kws", "resnet8", "ad01"])
def test_cortex_m4_build_needs_no_library_function(compiled_mlperf, tmp_path, name):
    if shutil.which("arm-none-eabi-gcc") is None:
        pytest.skip("arm-none-eabi-gcc is not installed")
    folder = compiled_mlperf[name].folder
    done = subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Os",
                           "-Wall", "-Werror", "-c", str(folder / "sd_model.c"),
                           str(folder / "sd_kernels.c")], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    nm = subprocess.run(["arm-none-eabi-nm", "-u", "sd_kernels.o"], cwd=tmp_path,
                        capture_output=True, text=True)
    assert nm.stdout.strip() == "sd_kernels.o:" or nm.stdout.strip() == ""


def test_invoke_refuses_null_pointers(compiled_mlperf):
    model = compiled_mlperf["ad01"].model
    assert model._invoke(None, None) == -1
    buf = ctypes.create_string_buffer(model.output_bytes)
    assert model._invoke(None, ctypes.addressof(buf)) == -1


def test_compile_is_deterministic(compiled_mlperf, tmp_path):
    c = compiled_mlperf["resnet8"]
    again = sd.compile(c.tflite, tmp_path / "again", name="resnet8")
    for file in FILES:
        assert (again.folder / file).read_text() == (c.folder / file).read_text(), file


HARNESS = """#include <stdio.h>
#include "sd_model.h"
int main(void) {
  static int8_t in[SD_MODEL_INPUT_BYTES], out[SD_MODEL_OUTPUT_BYTES];
  if (fread(in, 1, sizeof in, stdin) != sizeof in) return 2;
  if (sd_model_invoke(in, out) != 0) return 3;
  fwrite(out, 1, sizeof out, stdout);
  return 0;
}
"""


@pytest.mark.parametrize("name", ["kws", "resnet8", "ad01", "digits", "branchy"])
def test_no_undefined_behaviour_or_bad_access_under_sanitizers(request, tmp_path, name):
    """UBSan and ASan watch every kernel of the model on extreme and random inputs."""
    import numpy as np

    if name in ("digits", "branchy"):
        c = request.getfixturevalue(f"compiled_{name}")
    else:
        c = request.getfixturevalue("compiled_mlperf")[name]
    for file in FILES:
        shutil.copy(c.folder / file, tmp_path / file)
    (tmp_path / "main.c").write_text(HARNESS)
    build = subprocess.run(["gcc", "-std=c99", "-O1", "-g", "-fsanitize=undefined,address",
                            "-fno-sanitize-recover=all", "sd_model.c", "sd_kernels.c", "main.c",
                            "-o", "model"], cwd=tmp_path, capture_output=True, text=True)
    if build.returncode != 0 and "sanitize" in build.stderr:
        pytest.skip(f"this gcc has no sanitizers: {build.stderr.strip()[:120]}")
    assert build.returncode == 0, build.stderr
    n = c.model.input_bytes
    rng = np.random.default_rng(7)
    inputs = [np.full(n, -128), np.full(n, 127), *rng.integers(-128, 128, (2, n))]
    for x in inputs:
        x = np.asarray(x, np.int8)
        run = subprocess.run([str(tmp_path / "model")], input=x.tobytes(), capture_output=True)
        assert run.returncode == 0, run.stderr.decode()[-500:]
        assert np.array_equal(np.frombuffer(run.stdout, np.int8), c.model(x))
