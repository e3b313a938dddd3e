/* The ScaleDown board harness: run the model once on a sample input, compare
 * with the host's output and print ONE result line over semihosting.
 *
 * The line's format is defined in scaledown/virtual_board/result_line.py (version
 * v1) and written by sd_result_line.c, the one C writer of it. Exit code: 0 PASS, 1 FAIL (outputs differ),
 * 2 ERROR (sd_model_invoke returned non-zero), 3 processor fault.
 * Before it, a line "SDOUTPUT <hex>" holds the output bytes themselves.
 */
#include <stddef.h>
#include <stdint.h>

#include "sd_harness_data.h"
#include "sd_model.h"
#include "sd_result_line.h"
#include "sd_semihost.h"
#include "sd_sha256.h"

#define SD_STACK_PAINT 0xC5AC5AC5u

extern uint32_t _sstack, _estack;
/* Linker symbols: where flash starts, where .data's initial values sit in it, RAM bounds. */
extern uint32_t _sflash, _sidata, _sdata, _edata, _sbss, _ebss;

/* Set by build.py in sd_harness_data.h; a real board's port defines its own. */
#ifndef SD_HARNESS_BOARD
#define SD_HARNESS_BOARD "na"
#endif
#ifndef SD_HARNESS_MODEL_SHA256
#define SD_HARNESS_MODEL_SHA256 "na"
#endif
#ifndef SD_HARNESS_SDV
#define SD_HARNESS_SDV "na"
#endif

static int8_t sd_harness_output[SD_MODEL_OUTPUT_BYTES];
static char sd_line[640];

/* Fill the unused stack (below the current stack pointer) with a pattern. */
static void __attribute__((noinline)) sd_stack_paint(void)
{
    uint32_t *sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = &_sstack; p < sp; ++p) {
        *p = SD_STACK_PAINT;
    }
}

/* Bytes of stack ever used: from the top down to the lowest overwritten word. */
static uint32_t sd_stack_high_water(void)
{
    const uint32_t *p = &_sstack;
    while (p < &_estack && *p == SD_STACK_PAINT) {
        ++p;
    }
    return (uint32_t)((const uint8_t *)&_estack - (const uint8_t *)p);
}

/* Print the SDOUTPUT and SDRESULT lines. Not inlined: its locals (the result, the hex
 * digest) stay out of main's frame, which the stack figure includes. */
static void __attribute__((noinline)) sd_report(int code, int rc, int32_t mismatches,
                                                uint32_t stack)
{
    char hex[65];
    sd_sha256_hex((const uint8_t *)sd_harness_output, SD_MODEL_OUTPUT_BYTES, hex);
    /* QEMU has no real clock, so the time and the clock are "na"; one inference was run. */
    uint32_t data_bytes = (uint32_t)((uint8_t *)&_edata - (uint8_t *)&_sdata);
    uint32_t flash = (uint32_t)((uint8_t *)&_sidata - (uint8_t *)&_sflash) + data_bytes;
    uint32_t ram = data_bytes + (uint32_t)((uint8_t *)&_ebss - (uint8_t *)&_sbss);
    const sd_result_t result = {
        .model = sd_model_name, .sha256 = hex, .core = SD_HARNESS_CORE, .status = code,
        .cycles = -1, .stack = stack, .rc = rc, .mismatches = mismatches,
        .board = SD_HARNESS_BOARD, .model_sha256 = SD_HARNESS_MODEL_SHA256, .runs = 1,
        .micros = -1, .clock_hz = -1, .flash = flash, .ram = ram, .sdv = SD_HARNESS_SDV,
    };
    sd_result_line_write(&result, sd_line, sizeof(sd_line));
    sd_output_line_print(sd_harness_output, SD_MODEL_OUTPUT_BYTES, sd_semihost_write0);
    sd_semihost_write0(sd_line);
}

int main(void)
{
    sd_stack_paint();
    int rc = sd_model_invoke(sd_harness_input, sd_harness_output);
    uint32_t stack = sd_stack_high_water();

    int32_t mismatches = 0;
    for (size_t i = 0; i < SD_MODEL_OUTPUT_BYTES; ++i) {
        mismatches += sd_harness_output[i] != sd_harness_expected[i];
    }
    int code = rc != 0 ? SD_EXIT_ERROR : (mismatches ? SD_EXIT_FAIL : SD_EXIT_PASS);
    sd_report(code, rc, mismatches, stack);
    return code;
}
