/* The writer of the one result line "SDRESULT v1 ..." (and of the "SDOUTPUT <hex>"
 * line printed before it), shared by the virtual
 * board's harness (sd_harness.c) and the firmware projects' application
 * (sd_app.c, which sd.export copies next to this file).
 *
 * The line's keys and their order are defined in
 * scaledown/virtual_board/result_line.py; sd_result_line_write() is the only C
 * code that spells them, so keep the two in step.
 */
#ifndef SD_RESULT_LINE_H
#define SD_RESULT_LINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A line being written into a caller's buffer; the writers never overrun it
 * (they stop two characters short, leaving room for the newline and the NUL). */
typedef struct {
    char *text;
    size_t size;
    size_t at;
} sd_line_t;

/* Start an empty line in buffer[size] (size of at least 2). */
void sd_line_start(sd_line_t *line, char *buffer, size_t size);
/* Append text as it is. */
void sd_line_text(sd_line_t *line, const char *text);
/* Append at most limit characters of a name, with spaces, '=' and non-printable
 * characters turned into '_', so the line still splits on spaces. */
void sd_line_word(sd_line_t *line, const char *text, size_t limit);
void sd_line_uint(sd_line_t *line, uint32_t value);
void sd_line_int(sd_line_t *line, int32_t value);
/* A count, or "na" when it is unknown (negative). */
void sd_line_count(sd_line_t *line, int64_t value);
/* End the line with '\n' and a NUL; returns the text. */
const char *sd_line_end(sd_line_t *line);

/* The values of one SDRESULT v1 line. Counts that are unknown are -1 ("na"). */
typedef struct {
    const char *model;        /* the model's name (sd_model_name) */
    const char *sha256;       /* 64 hex digits of the output bytes */
    const char *core;         /* the core the image was built for */
    int status;               /* 0 PASS, 1 FAIL, 2 ERROR */
    int64_t cycles;           /* cycles per inference, -1 when not counted */
    uint32_t stack;           /* bytes of stack used */
    int32_t rc;               /* what sd_model_invoke returned */
    int32_t mismatches;       /* output bytes that differ from the host's */
    const char *board;        /* the board's id */
    const char *model_sha256; /* SHA-256 of the model file, or "na" */
    uint32_t runs;            /* inferences timed */
    int64_t micros;           /* microseconds per inference, -1 when not timed */
    int64_t clock_hz;         /* the core's clock, -1 when unknown */
    int64_t flash;            /* image flash bytes, -1 when unknown */
    int64_t ram;              /* static RAM bytes, -1 when unknown */
    const char *sdv;          /* the scaledown version that wrote the project */
} sd_result_t;

/* Write the whole line, newline included, into buffer[size]; returns buffer. */
const char *sd_result_line_write(const sd_result_t *result, char *buffer, size_t size);

/* Print the line before it, "SDOUTPUT <hex>" (two hex digits a byte, then a newline),
 * in short pieces through print (the harness's semihosting, a board's serial port). */
void sd_output_line_print(const int8_t *bytes, size_t count, void (*print)(const char *text));

#ifdef __cplusplus
}
#endif

#endif
