/* The ScaleDown application, shared by every project variant sd.export writes.
 *
 * 1. Run the model on the sample input embedded at export time and compare the
 *    output with your computer's, byte for byte: PASS or FAIL.
 * 2. Time SD_PROJECT_RUNS inferences: with the DWT cycle counter on cores
 *    that have one (Cortex-M3/M4/M7/M33/M55), else with the board's
 *    microsecond timer. Cortex-M0/M0+ have no cycle counter.
 * 3. Print "SDOUTPUT <hex>" and ONE line "SDRESULT v1 ..."; its keys and
 *    their order are defined in scaledown/virtual_board/result_line.py and
 *    written by sd_result_line.c (the virtual board's harness uses it too).
 */
#include <stddef.h>
#include <stdint.h>

#include "sd_app.h"
#include "sd_board.h"
#include "sd_model.h"
#include "sd_project.h"
#include "sd_result_line.h"
#include "sd_sample.h"
#include "sd_sha256.h"

/* The Data Watchpoint and Trace unit's cycle counter (Armv7-M and Armv8-M Mainline). */
#if defined(SD_NO_CYCLE_COUNTER)
#define SD_HAS_DWT 0
#elif defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || \
    defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define SD_HAS_DWT 1
#else
#define SD_HAS_DWT 0
#endif

#if SD_HAS_DWT
#define SD_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define SD_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define SD_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
#define SD_DWT_LAR (*(volatile uint32_t *)0xE0001FB0u)

/* Switch the cycle counter on; 0 when this core was built without one. */
static int sd_cycles_start(void)
{
    SD_DEMCR |= 1u << 24;        /* TRCENA: enable the DWT */
    SD_DWT_LAR = 0xC5ACCE55u;    /* unlock (needed on some Cortex-M7 parts, ignored elsewhere) */
    if (SD_DWT_CTRL & (1u << 25)) { /* NOCYCCNT: no cycle counter */
        return 0;
    }
    SD_DWT_CYCCNT = 0;
    SD_DWT_CTRL |= 1u;           /* CYCCNTENA */
    return 1;
}
#define SD_CYCLES() SD_DWT_CYCCNT
#else
static int sd_cycles_start(void) { return 0; }
#define SD_CYCLES() 0u
#endif

static int8_t sd_output[SD_MODEL_OUTPUT_BYTES];
static int8_t sd_input[SD_MODEL_INPUT_BYTES];
static char sd_line[700];

/* Print the self-check's verdict, the SDOUTPUT line and the SDRESULT line (format:
 * scaledown/virtual_board/result_line.py). Not inlined: its locals (the result, the hex
 * digest) stay out of sd_app_run's frame, which the stack figure includes. */
static void __attribute__((noinline)) sd_app_report(int code, int rc, int32_t mismatches,
                                                    uint32_t stack, int64_t cycles,
                                                    int64_t micros, uint32_t runs)
{
    char hex[65];
    sd_sha256_hex((const uint8_t *)sd_output, SD_MODEL_OUTPUT_BYTES, hex);
    uint32_t clock_hz = sd_board_clock_hz();
    const sd_result_t result = {
        .model = sd_model_name, .sha256 = hex, .core = SD_PROJECT_CORE, .status = code,
        .cycles = cycles, .stack = stack, .rc = rc, .mismatches = mismatches,
        .board = sd_board_id(), .model_sha256 = SD_PROJECT_MODEL_SHA256, .runs = runs,
        .micros = micros, .clock_hz = clock_hz ? (int64_t)clock_hz : -1,
        .flash = sd_board_flash_bytes(), .ram = sd_board_ram_bytes(), .sdv = SD_PROJECT_SDV,
    };
    sd_result_line_write(&result, sd_line, sizeof(sd_line));
    sd_board_print(code == SD_APP_PASS ? "self-check PASS: the output equals your computer's\n"
                                       : "self-check FAIL: the output differs from your "
                                         "computer's (or the model returned an error)\n");
    sd_output_line_print(sd_output, SD_MODEL_OUTPUT_BYTES, sd_board_print);
    sd_board_print(sd_line);
}

int sd_app_run(void)
{
    /* 1. The self-check: one inference on the embedded sample. */
    sd_board_stack_paint();
    int rc = sd_model_invoke(sd_sample_input, sd_output);
    uint32_t stack = sd_board_stack_used();
    int32_t mismatches = 0;
    for (size_t i = 0; i < SD_MODEL_OUTPUT_BYTES; ++i) {
        mismatches += sd_output[i] != sd_sample_expected[i];
    }
    int code = rc != 0 ? SD_APP_ERROR : (mismatches ? SD_APP_FAIL : SD_APP_PASS);

    /* 2. Timing: SD_PROJECT_RUNS inferences, each timed on its own (the counters wrap). */
    int counting = rc == 0 && sd_cycles_start();
    int timing = rc == 0 && sd_board_has_micros();
    int64_t cycles = -1, micros = -1;
    uint32_t runs = 1;
    if (counting || timing) {
        uint64_t cycle_sum = 0, micro_sum = 0;
        for (runs = 0; runs < SD_PROJECT_RUNS; ++runs) {
            uint32_t c0 = SD_CYCLES();
            uint32_t t0 = timing ? sd_board_micros() : 0u;
            (void)sd_model_invoke(sd_sample_input, sd_output);
            uint32_t c1 = SD_CYCLES();
            uint32_t t1 = timing ? sd_board_micros() : 0u;
            cycle_sum += (uint32_t)(c1 - c0);
            micro_sum += (uint32_t)(t1 - t0);
        }
        uint32_t clock = sd_board_clock_hz();
        if (counting) {
            cycles = (int64_t)(cycle_sum / runs);
        }
        if (timing) {
            micros = (int64_t)(micro_sum / runs);
        } else if (counting && clock) {
            micros = (int64_t)(cycle_sum * 1000000u / clock / runs);
        }
    }

    /* 3. The result lines. */
    sd_app_report(code, rc, mismatches, stack, cycles, micros, runs);
    return code;
}

int sd_app_sensor_step(void)
{
    if (!sd_sensor_read(sd_input)) {
        return 0;
    }
    if (sd_model_invoke(sd_input, sd_output) != 0) {
        sd_board_print("SDSENSOR error: sd_model_invoke failed\n");
        return 1;
    }
    size_t best = 0;
    for (size_t i = 1; i < SD_MODEL_OUTPUT_BYTES; ++i) {
        if (sd_output[i] > sd_output[best]) {
            best = i;
        }
    }
    sd_line_t line;
    sd_line_start(&line, sd_line, sizeof(sd_line));
    sd_line_text(&line, "SDSENSOR class=");
    sd_line_uint(&line, (uint32_t)best);
    sd_line_text(&line, " score=");
    sd_line_int(&line, sd_output[best]);
    sd_line_end(&line);
    sd_board_print(sd_line);
    return 1;
}
