"""The virtual board end to end on the stand-in library: QEMU, sizes, stack, instructions."""

from __future__ import annotations

import json

import numpy as np
import pytest
from emulate_standin import dense_reference, write_standin

import scaledown as sd
from scaledown.errors import EmulationError, InputError
from scaledown.virtual_board import cores, result_line

pytestmark = pytest.mark.usefixtures("toolchain")

SAMPLE = np.array([1, 2, 3, 4, 5, 6, 7, 8], dtype=np.int8)


@pytest.mark.parametrize("core", list(cores.CORES))
def test_every_core_gives_the_hosts_output(dense_lib, core):
    result = sd.emulate(dense_lib, core=core, input=SAMPLE, count=False)
    assert result.passed, str(result)
    assert result.output.tolist() == result.expected.tolist() == dense_reference(SAMPLE.tolist())
    line = result_line.parse(result.result_line)
    assert (line.core, line.model, line.status) == (core, "stand-in_dense", "PASS")


def test_sizes_come_from_the_elf_and_the_library_objects(dense_lib):
    result = sd.emulate(dense_lib, core="cortex-m4", input=SAMPLE, count=False)
    # the stand-in's only static data is its 64-byte arena
    assert result.library_ram_bytes == 64 == result.arena_bytes
    # its constants alone: 32 weights + 4 int32 biases + the 15-byte name
    assert result.library_flash_bytes >= 32 + 16 + 15
    assert result.flash_bytes > result.library_flash_bytes
    assert result.static_ram_bytes >= result.library_ram_bytes
    assert result.ram_bytes == result.static_ram_bytes + result.stack_bytes


def test_a_board_that_computes_something_else_fails(tmp_path):
    lib = write_standin(tmp_path / "lib", invoke="""
#if defined(__arm__)
    output[0] = 1;
#else
    output[0] = 2;
#endif
    return 0;
""")
    result = sd.emulate(lib, core="cortex-m0", count=False)
    assert not result.passed
    assert result.output[0] == 1 and result.expected[0] == 2
    assert "FAIL" in str(result)
    assert result_line.parse(result.result_line).mismatches == 1


def test_cli_exit_code_follows_the_verdict(tmp_path, capsys, dense_lib):
    from scaledown.cli import main

    assert main(["emulate", str(dense_lib), "--core", "cortex-m33", "--no-count",
                 "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["passed"] and shown["core"] == "cortex-m33"
    wrong = write_standin(tmp_path / "wrong", invoke="""
#if defined(__arm__)
    output[1] = 5;
#endif
    return 0;
""")
    assert main(["emulate", str(wrong), "--no-count"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_the_painted_stack_sees_a_known_buffer(tmp_path):
    small = sd.emulate(write_standin(tmp_path / "small"), core="cortex-m4", count=False)
    deep = sd.emulate(write_standin(tmp_path / "deep", invoke="""
    volatile int8_t buffer[2000];
    for (int i = 0; i < 2000; ++i) buffer[i] = input[i % SD_MODEL_INPUT_BYTES];
    output[0] = buffer[1999];
    return 0;
"""), core="cortex-m4", count=False)
    assert small.stack_bytes < 400
    assert 2000 <= deep.stack_bytes < small.stack_bytes + 2000 + 200


# sd_model_invoke written in Thumb assembly, so its instruction count is known:
# movs; a loop of subs+bne run LOOPS times; a 32-bit mov.w; movs; bx lr.
EXACT_MODEL = """#include "sd_model.h"
const char sd_model_name[] = "counted";
#if defined(__arm__)
__attribute__((naked)) int sd_model_invoke(const int8_t *input, int8_t *output)
{
    __asm volatile(
        "movs r2, #LOOPS\\n"
        "1: subs r2, r2, #1\\n"
        "bne 1b\\n"
        "mov.w r3, #0\\n"
        "movs r0, #0\\n"
        "bx lr\\n");
}
#else
int sd_model_invoke(const int8_t *input, int8_t *output) { (void)input; (void)output; return 0; }
#endif
"""


@pytest.mark.parametrize("loops", [1, 5])
def test_the_instruction_count_is_exact(tmp_path, unicorn, loops):
    lib = write_standin(tmp_path / "lib")
    (lib / "sd_model.c").write_text(EXACT_MODEL.replace("LOOPS", str(loops)))
    result = sd.emulate(lib, core="cortex-m4")
    assert result.passed
    assert result.instructions == 1 + 2 * loops + 3
    assert "not a time" in str(result)


def test_the_dense_layer_count_is_the_same_on_m3_m4_m7(dense_lib, unicorn):
    # the same Thumb-2 code (no FPU use) executes the same instructions
    counts = {core: sd.emulate(dense_lib, core=core, input=SAMPLE).instructions
              for core in ("cortex-m3", "cortex-m4")}
    assert counts["cortex-m3"] == counts["cortex-m4"] > 8 * 4  # at least one per MAC


def test_cortex_m55_is_run_but_not_counted(dense_lib, unicorn):
    result = sd.emulate(dense_lib, core="cortex-m55", input=SAMPLE)
    assert result.passed and result.instructions is None
    assert any("Unicorn has no cortex-m55" in note for note in result.notes)


def test_a_model_whose_arena_does_not_fit_leaves_no_folder(tmp_path):
    lib = write_standin(tmp_path / "lib", arena_bytes=32_000)
    out = tmp_path / "kept"
    with pytest.raises(EmulationError, match=r"32,000 bytes.*16,384 bytes"):
        sd.emulate(lib, core="cortex-m0", out=out)
    assert not out.exists()


def test_out_keeps_the_image(tmp_path, dense_lib):
    out = tmp_path / "board"
    result = sd.emulate(dense_lib, core="cortex-m7", count=False, out=out)
    assert result.folder == out
    assert (out / "firmware.elf").read_bytes()[:4] == b"\x7fELF"
    assert (out / "link.ld").is_file()


def test_input_of_the_wrong_size_is_refused(dense_lib):
    with pytest.raises(InputError, match="input has 3 bytes") as err:
        sd.emulate(dense_lib, input=b"abc")
    assert "SD_MODEL_INPUT_BYTES = 8" in str(err.value)
    with pytest.raises(InputError, match="float values"):
        sd.emulate(dense_lib, input=np.zeros(8, dtype=np.float32))


@pytest.mark.parametrize("core", ["cortex-m0", "cortex-m4", "cortex-m33"])
def test_the_c_counter_agrees_with_the_python_one(tmp_path, unicorn, core):
    from scaledown.virtual_board.count import count_instructions

    lib = write_standin(tmp_path / "lib")
    sd.emulate(lib, core=core, input=SAMPLE, count=False, out=tmp_path / "board")
    elf = tmp_path / "board" / "firmware.elf"
    native = count_instructions(elf, cores.core(core), engine="native")
    python = count_instructions(elf, cores.core(core), engine="python")
    assert native.instructions == python.instructions > 0
    assert native.exit_code == python.exit_code == 0
    assert "status=PASS" in native.output


def test_a_stack_that_outgrows_its_space_is_refused(tmp_path):
    lib = write_standin(tmp_path / "lib", invoke="""
    volatile int8_t buffer[6000];
    for (int i = 0; i < 6000; ++i) buffer[i] = input[i % SD_MODEL_INPUT_BYTES];
    output[0] = buffer[5999];
    return 0;
""")
    with pytest.raises(EmulationError, match=r"stack|fault"):
        sd.emulate(lib, core="cortex-m0", count=False)  # 4 KiB of stack kept there


def test_a_stack_that_reaches_the_arena_is_refused_even_without_a_fault(tmp_path):
    lib = write_standin(tmp_path / "lib", invoke="""
    volatile int8_t buffer[33000];
    for (int i = 0; i < 33000; i += 64) buffer[i] = input[0];
    output[0] = buffer[0];
    return 0;
""")
    with pytest.raises(EmulationError, match="used all 32,768 bytes of stack"):
        sd.emulate(lib, core="cortex-m4", count=False)


def test_a_library_too_big_for_the_flash_names_both_sizes(tmp_path):
    lib = write_standin(tmp_path / "lib", extra="static const int8_t sd_big[300000] = {1};",
                        invoke="""
    output[0] = sd_big[(uint8_t)input[0]];
    return 0;
""")
    with pytest.raises(EmulationError, match=r"flash of the cortex-m0: [\d,]+ bytes too many "
                                             r"for its 262,144 bytes"):
        sd.emulate(lib, core="cortex-m0", count=False)


def test_cli_reads_an_input_file_and_keeps_the_image(tmp_path, capsys, dense_lib):
    from scaledown.cli import main

    sample = tmp_path / "sample.npy"
    np.save(sample, SAMPLE)
    out = tmp_path / "board"
    assert main(["emulate", str(dense_lib), "--input", str(sample), "--out", str(out),
                 "--no-count", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["output"] == dense_reference(SAMPLE.tolist())
    assert shown["folder"] == str(out) and (out / "firmware.elf").is_file()
    raw = tmp_path / "sample.bin"
    raw.write_bytes(b"\x01\x02")
    assert main(["emulate", str(dense_lib), "--input", str(raw)]) == 1
    assert "input has 2 bytes" in capsys.readouterr().err


def test_an_invoke_that_fails_only_on_the_board_is_an_error_verdict(tmp_path):
    lib = write_standin(tmp_path / "lib", invoke="""
#if defined(__arm__)
    return 3;
#else
    return 0;
#endif
""")
    result = sd.emulate(lib, core="cortex-m3", count=False)
    assert (result.passed, result.status) == (False, "ERROR")
    assert "ERROR: sd_model_invoke returned 3 on the board" in str(result)
    assert result_line.parse(result.result_line).rc == 3
