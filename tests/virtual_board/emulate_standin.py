"""A hand-written stand-in for the library ``sd.compile`` writes (same interface).

A fixed int8 dense layer (8 inputs, 4 outputs) split like the real library
into ``sd_model.c`` and ``sd_kernels.c``. ``invoke`` replaces the body of
``sd_model_invoke`` for tests that need a known stack use, a known
instruction count, or a different answer on Arm than on the host.
"""

from __future__ import annotations

from pathlib import Path

INPUT_BYTES = 8
OUTPUT_BYTES = 4
WEIGHTS = (1, -2, 3, -4, 5, -6, 7, -8, 9, 10, 11, 12, -13, -14, -15, -16,
           17, -18, 19, -20, 21, -22, 23, -24, -1, -1, -1, -1, 2, 2, 2, 2)
BIAS = (10, -20, 30, -40)

DENSE_INVOKE = """
    sd_dense(input, SD_W, SD_B, SD_MODEL_INPUT_BYTES, SD_MODEL_OUTPUT_BYTES, sd_arena);
    for (int i = 0; i < SD_MODEL_OUTPUT_BYTES; ++i) {
        output[i] = sd_arena[i];
    }
    return 0;
"""


def dense_reference(x: list[int]) -> list[int]:
    """What the stand-in computes, in Python (a third, independent path)."""
    out = []
    for j in range(OUTPUT_BYTES):
        acc = BIAS[j] + sum(x[i] * WEIGHTS[j * INPUT_BYTES + i] for i in range(INPUT_BYTES))
        out.append(max(-128, min(127, acc >> 4)))
    return out


def write_standin(folder: Path, *, invoke: str = DENSE_INVOKE, arena_bytes: int = 64,
                  name: str = "stand-in dense", extra: str = "") -> Path:
    """Write the four library files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sd_model.h").write_text(
        "#include <stdint.h>\n"
        f"#define SD_MODEL_INPUT_BYTES {INPUT_BYTES}\n"
        f"#define SD_MODEL_OUTPUT_BYTES {OUTPUT_BYTES}\n"
        f"#define SD_MODEL_ARENA_BYTES {arena_bytes}\n"
        "#define SD_MODEL_OPS 1\n"
        "int sd_model_invoke(const int8_t *input, int8_t *output);\n"
        "extern const char sd_model_name[];\n")
    (folder / "sd_kernels.h").write_text(
        "#include <stdint.h>\n"
        "void sd_dense(const int8_t *x, const int8_t *w, const int32_t *b, int n, int m,"
        " int8_t *y);\n")
    (folder / "sd_kernels.c").write_text(
        '#include "sd_kernels.h"\n'
        "void sd_dense(const int8_t *x, const int8_t *w, const int32_t *b, int n, int m,"
        " int8_t *y)\n{\n"
        "    for (int j = 0; j < m; ++j) {\n"
        "        int32_t acc = b[j];\n"
        "        for (int i = 0; i < n; ++i) acc += (int32_t)x[i] * w[j * n + i];\n"
        "        acc >>= 4;\n"
        "        y[j] = (int8_t)(acc > 127 ? 127 : acc < -128 ? -128 : acc);\n"
        "    }\n}\n")
    weights = ", ".join(map(str, WEIGHTS))
    bias = ", ".join(map(str, BIAS))
    (folder / "sd_model.c").write_text(
        '#include "sd_model.h"\n#include "sd_kernels.h"\n'
        f'const char sd_model_name[] = "{name}";\n'
        f"static const int8_t SD_W[{len(WEIGHTS)}] = {{{weights}}};\n"
        f"static const int32_t SD_B[{len(BIAS)}] = {{{bias}}};\n"
        "static int8_t sd_arena[SD_MODEL_ARENA_BYTES];\n"
        f"{extra}\n"
        "int sd_model_invoke(const int8_t *input, int8_t *output)\n{\n"
        "    (void)SD_W; (void)SD_B; (void)sd_arena;\n"
        f"{invoke}\n}}\n")
    return folder
