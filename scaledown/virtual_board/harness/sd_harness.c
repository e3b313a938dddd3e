/* The ScaleDown board harness: run the model once on a sample input, compare
 * with the host's output and print ONE result line over semihosting.
 *
 * The line's format is defined in scaledown/virtual_board/result_line.py (version
 * v1); keep the two in step. Exit code: 0 PASS, 1 FAIL (outputs differ),
 * 2 ERROR (sd_model_invoke returned non-zero), 3 processor fault.
 * Before it, a line "SDOUTPUT <hex>" holds the output bytes themselves.
 */
#include <stddef.h>
#include <stdint.h>

#include "sd_harness_data.h"
#include "sd_model.h"
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

static size_t sd_put(size_t at, const char *text)
{
    while (*text && at < sizeof(sd_line) - 2) {
        sd_line[at++] = *text++;
    }
    return at;
}

/* A name without spaces or control characters, so the line splits on spaces. */
static size_t sd_put_word(size_t at, const char *text, size_t limit)
{
    for (size_t i = 0; text[i] && i < limit && at < sizeof(sd_line) - 2; ++i) {
        char c = text[i];
        sd_line[at++] = (c <= ' ' || c == '=' || c > '~') ? '_' : c;
    }
    return at;
}

static size_t sd_put_int(size_t at, int32_t value)
{
    char digits[12];
    int n = 0;
    uint32_t magnitude = value < 0 ? (uint32_t)(-(value + 1)) + 1u : (uint32_t)value;
    do {
        digits[n++] = (char)('0' + magnitude % 10u);
        magnitude /= 10u;
    } while (magnitude);
    if (value < 0) {
        digits[n++] = '-';
    }
    while (n && at < sizeof(sd_line) - 2) {
        sd_line[at++] = digits[--n];
    }
    return at;
}

/* The output bytes as hex on one line, "SDOUTPUT <hex>", printed in pieces. */
static void __attribute__((noinline)) sd_print_output(void)
{
    static const char digits[] = "0123456789abcdef";
    char piece[2 * 32 + 2];
    sd_semihost_write0("SDOUTPUT ");
    for (size_t start = 0; start < SD_MODEL_OUTPUT_BYTES; start += 32) {
        size_t n = 0;
        for (size_t i = start; i < start + 32 && i < SD_MODEL_OUTPUT_BYTES; ++i) {
            uint8_t byte = (uint8_t)sd_harness_output[i];
            piece[n++] = digits[byte >> 4];
            piece[n++] = digits[byte & 0xFu];
        }
        piece[n] = '\0';
        sd_semihost_write0(piece);
    }
    sd_semihost_write0("\n");
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
    char hex[65];
    sd_sha256_hex((const uint8_t *)sd_harness_output, SD_MODEL_OUTPUT_BYTES, hex);
    int code = rc != 0 ? SD_EXIT_ERROR : (mismatches ? SD_EXIT_FAIL : SD_EXIT_PASS);
    static const char *const status[] = {"PASS", "FAIL", "ERROR"};

    size_t at = sd_put(0, "SDRESULT v1 model=");
    at = sd_put_word(at, sd_model_name, 64);
    at = sd_put(at, " sha256=");
    at = sd_put(at, hex);
    at = sd_put(at, " core=");
    at = sd_put_word(at, SD_HARNESS_CORE, 32);
    at = sd_put(at, " status=");
    at = sd_put(at, status[code]);
    at = sd_put(at, " instr=na cycles=na stack=");
    at = sd_put_int(at, (int32_t)stack);
    at = sd_put(at, " rc=");
    at = sd_put_int(at, rc);
    at = sd_put(at, " mismatches=");
    at = sd_put_int(at, mismatches);
    /* Optional v1 keys (result_line.OPTIONAL_KEYS), in their documented order. QEMU has
     * no real clock, so the time and the clock are "na"; one inference was run. */
    uint32_t data_bytes = (uint32_t)((uint8_t *)&_edata - (uint8_t *)&_sdata);
    uint32_t flash = (uint32_t)((uint8_t *)&_sidata - (uint8_t *)&_sflash) + data_bytes;
    uint32_t ram = data_bytes + (uint32_t)((uint8_t *)&_ebss - (uint8_t *)&_sbss);
    at = sd_put(at, " board=");
    at = sd_put_word(at, SD_HARNESS_BOARD, 64);
    at = sd_put(at, " model_sha256=");
    at = sd_put_word(at, SD_HARNESS_MODEL_SHA256, 64);
    at = sd_put(at, " runs=1 us=na clock_hz=na flash=");
    at = sd_put_int(at, (int32_t)flash);
    at = sd_put(at, " ram=");
    at = sd_put_int(at, (int32_t)ram);
    at = sd_put(at, " cc=");
    at = sd_put_word(at, __VERSION__, 64);
    at = sd_put(at, " sdv=");
    at = sd_put_word(at, SD_HARNESS_SDV, 32);
    sd_line[at++] = '\n';
    sd_line[at] = '\0';
    sd_print_output();
    sd_semihost_write0(sd_line);
    return code;
}
