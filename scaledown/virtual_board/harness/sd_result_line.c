/* The writer of the SDRESULT v1 and SDOUTPUT lines (see sd_result_line.h). */
#include "sd_result_line.h"

void sd_line_start(sd_line_t *line, char *buffer, size_t size)
{
    line->text = buffer;
    line->size = size;
    line->at = 0;
    buffer[0] = '\0';
}

static int sd_line_has_room(const sd_line_t *line)
{
    return line->at + 2 < line->size;
}

void sd_line_text(sd_line_t *line, const char *text)
{
    while (*text && sd_line_has_room(line)) {
        line->text[line->at++] = *text++;
    }
}

void sd_line_word(sd_line_t *line, const char *text, size_t limit)
{
    for (size_t i = 0; text[i] && i < limit && sd_line_has_room(line); ++i) {
        char c = text[i];
        line->text[line->at++] = (c <= ' ' || c == '=' || c > '~') ? '_' : c;
    }
}

void sd_line_uint(sd_line_t *line, uint32_t value)
{
    char digits[11];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value);
    while (n && sd_line_has_room(line)) {
        line->text[line->at++] = digits[--n];
    }
}

void sd_line_int(sd_line_t *line, int32_t value)
{
    if (value < 0) {
        sd_line_text(line, "-");
        sd_line_uint(line, (uint32_t)(-(value + 1)) + 1u);
    } else {
        sd_line_uint(line, (uint32_t)value);
    }
}

void sd_line_count(sd_line_t *line, int64_t value)
{
    if (value < 0) {
        sd_line_text(line, "na");
    } else {
        sd_line_uint(line, (uint32_t)value);
    }
}

const char *sd_line_end(sd_line_t *line)
{
    line->text[line->at++] = '\n';
    line->text[line->at] = '\0';
    return line->text;
}

const char *sd_result_line_write(const sd_result_t *r, char *buffer, size_t size)
{
    static const char *const status[] = {"PASS", "FAIL", "ERROR"};
    sd_line_t line;
    sd_line_start(&line, buffer, size);
    /* The required keys (result_line.KEYS)... */
    sd_line_text(&line, "SDRESULT v1 model=");
    sd_line_word(&line, r->model, 64);
    sd_line_text(&line, " sha256=");
    sd_line_word(&line, r->sha256, 64);
    sd_line_text(&line, " core=");
    sd_line_word(&line, r->core, 32);
    sd_line_text(&line, " status=");
    sd_line_text(&line, status[r->status >= 0 && r->status <= 2 ? r->status : 2]);
    sd_line_text(&line, " instr=na cycles=");
    sd_line_count(&line, r->cycles);
    sd_line_text(&line, " stack=");
    sd_line_uint(&line, r->stack);
    sd_line_text(&line, " rc=");
    sd_line_int(&line, r->rc);
    sd_line_text(&line, " mismatches=");
    sd_line_int(&line, r->mismatches);
    /* ...then the optional ones (result_line.OPTIONAL_KEYS), in their documented order. */
    sd_line_text(&line, " board=");
    sd_line_word(&line, r->board, 64);
    sd_line_text(&line, " model_sha256=");
    sd_line_word(&line, r->model_sha256, 64);
    sd_line_text(&line, " runs=");
    sd_line_uint(&line, r->runs);
    sd_line_text(&line, " us=");
    sd_line_count(&line, r->micros);
    sd_line_text(&line, " clock_hz=");
    sd_line_count(&line, r->clock_hz);
    sd_line_text(&line, " flash=");
    sd_line_count(&line, r->flash);
    sd_line_text(&line, " ram=");
    sd_line_count(&line, r->ram);
    sd_line_text(&line, " cc=");
    sd_line_word(&line, __VERSION__, 64);
    sd_line_text(&line, " sdv=");
    sd_line_word(&line, r->sdv, 32);
    return sd_line_end(&line);
}

void sd_output_line_print(const int8_t *bytes, size_t count, void (*print)(const char *text))
{
    static const char digits[] = "0123456789abcdef";
    char piece[2 * 32 + 1];
    print("SDOUTPUT ");
    for (size_t start = 0; start < count; start += 32) {
        size_t n = 0;
        for (size_t i = start; i < start + 32 && i < count; ++i) {
            uint8_t byte = (uint8_t)bytes[i];
            piece[n++] = digits[byte >> 4];
            piece[n++] = digits[byte & 0xFu];
        }
        piece[n] = '\0';
        print(piece);
    }
    print("\n");
}
