/* The ScaleDown application, shared by every project variant sd.export writes.
 *
 * 1. Run the model on the sample input embedded at export time and compare the
 *    output with your computer's, byte for byte: PASS or FAIL.
 * 2. Time SD_PROJECT_RUNS inferences: with the DWT cycle counter on cores
 *    that have one (Cortex-M3/M4/M7/M33/M55), else with the board's
 *    microsecond timer. Cortex-M0/M0+ have no cycle counter.
 * 3. Print "SDOUTPUT <hex>" and ONE line "SDRESULT v1 ..."; its keys and
 *    their order are defined in scaledown/virtual_board/result_line.py.
 */
#include <stddef.h>
#include <stdint.h>

#include "sd_app.h"
#include "sd_board.h"
#include "sd_model.h"
#include "sd_project.h"
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

static size_t sd_put(size_t at, const char *text)
{
    while (*text && at < sizeof(sd_line) - 2) {
        sd_line[at++] = *text++;
    }
    return at;
}

/* A word without spaces, '=' or control characters, so the line splits on spaces. */
static size_t sd_put_word(size_t at, const char *text, size_t limit)
{
    for (size_t i = 0; text[i] && i < limit && at < sizeof(sd_line) - 2; ++i) {
        char c = text[i];
        sd_line[at++] = (c <= ' ' || c == '=' || c > '~') ? '_' : c;
    }
    return at;
}

static size_t sd_put_uint(size_t at, uint32_t value)
{
    char digits[11];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value);
    while (n && at < sizeof(sd_line) - 2) {
        sd_line[at++] = digits[--n];
    }
    return at;
}

static size_t sd_put_int(size_t at, int32_t value)
{
    if (value < 0) {
        at = sd_put(at, "-");
        return sd_put_uint(at, (uint32_t)(-(value + 1)) + 1u);
    }
    return sd_put_uint(at, (uint32_t)value);
}

/* A count, or "na" when it is unknown (negative). */
static size_t sd_put_count(size_t at, int64_t value)
{
    return value < 0 ? sd_put(at, "na") : sd_put_uint(at, (uint32_t)value);
}

static void sd_print_output(void)
{
    static const char digits[] = "0123456789abcdef";
    char piece[2 * 32 + 2];
    sd_board_print("SDOUTPUT ");
    for (size_t start = 0; start < SD_MODEL_OUTPUT_BYTES; start += 32) {
        size_t n = 0;
        for (size_t i = start; i < start + 32 && i < SD_MODEL_OUTPUT_BYTES; ++i) {
            uint8_t byte = (uint8_t)sd_output[i];
            piece[n++] = digits[byte >> 4];
            piece[n++] = digits[byte & 0xFu];
        }
        piece[n] = '\0';
        sd_board_print(piece);
    }
    sd_board_print("\n");
}

int sd_app_run(void)
{
    static const char *const status[] = {"PASS", "FAIL", "ERROR"};

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

    /* 3. The result line (format: scaledown/virtual_board/result_line.py). */
    char hex[65];
    sd_sha256_hex((const uint8_t *)sd_output, SD_MODEL_OUTPUT_BYTES, hex);
    uint32_t clock_hz = sd_board_clock_hz();
    size_t at = sd_put(0, "SDRESULT v1 model=");
    at = sd_put_word(at, sd_model_name, 64);
    at = sd_put(at, " sha256=");
    at = sd_put(at, hex);
    at = sd_put(at, " core=");
    at = sd_put_word(at, SD_PROJECT_CORE, 32);
    at = sd_put(at, " status=");
    at = sd_put(at, status[code]);
    at = sd_put(at, " instr=na cycles=");
    at = sd_put_count(at, cycles);
    at = sd_put(at, " stack=");
    at = sd_put_uint(at, stack);
    at = sd_put(at, " rc=");
    at = sd_put_int(at, rc);
    at = sd_put(at, " mismatches=");
    at = sd_put_int(at, mismatches);
    at = sd_put(at, " board=");
    at = sd_put_word(at, sd_board_id(), 64);
    at = sd_put(at, " model_sha256=");
    at = sd_put_word(at, SD_PROJECT_MODEL_SHA256, 64);
    at = sd_put(at, " runs=");
    at = sd_put_uint(at, runs);
    at = sd_put(at, " us=");
    at = sd_put_count(at, micros);
    at = sd_put(at, " clock_hz=");
    at = sd_put_count(at, clock_hz ? (int64_t)clock_hz : -1);
    at = sd_put(at, " flash=");
    at = sd_put_count(at, sd_board_flash_bytes());
    at = sd_put(at, " ram=");
    at = sd_put_count(at, sd_board_ram_bytes());
    at = sd_put(at, " cc=");
    at = sd_put_word(at, __VERSION__, 64);
    at = sd_put(at, " sdv=");
    at = sd_put_word(at, SD_PROJECT_SDV, 32);
    sd_line[at++] = '\n';
    sd_line[at] = '\0';
    sd_board_print(code == SD_APP_PASS ? "self-check PASS: the output equals your computer's\n"
                                       : "self-check FAIL: the output differs from your "
                                         "computer's (or the model returned an error)\n");
    sd_print_output();
    sd_board_print(sd_line);
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
    size_t at = sd_put(0, "SDSENSOR class=");
    at = sd_put_uint(at, (uint32_t)best);
    at = sd_put(at, " score=");
    at = sd_put_int(at, sd_output[best]);
    sd_line[at++] = '\n';
    sd_line[at] = '\0';
    sd_board_print(sd_line);
    return 1;
}
