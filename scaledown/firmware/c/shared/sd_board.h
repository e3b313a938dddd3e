/* The board glue: the few functions each project variant implements for its board.
 *
 * Everything else in this folder is the same, byte for byte, in the CMake,
 * Arduino and PlatformIO projects sd.export writes. The CMake project's glue
 * (board/virtual/) runs on the virtual board; the Arduino and PlatformIO glue
 * (the .ino sketch, src/main.cpp) uses the Arduino core of a real board.
 */
#ifndef SD_BOARD_H_
#define SD_BOARD_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write text to the serial port (the virtual board: semihosting). */
void sd_board_print(const char *text);
/* 1 when sd_board_micros() counts microseconds, 0 when the board has no timer. */
int sd_board_has_micros(void);
/* A free-running microsecond counter (wraps at 2^32). */
uint32_t sd_board_micros(void);
/* The core clock in hertz during the run, 0 when unknown. */
uint32_t sd_board_clock_hz(void);
/* Flash and static RAM (.data + .bss) of the image in bytes, -1 when the glue cannot read
 * them (the Arduino IDE and PlatformIO print both after each build). */
int32_t sd_board_flash_bytes(void);
int32_t sd_board_ram_bytes(void);
/* Paint the free stack before the first inference; return the bytes ever used after it
 * (0 when the glue does not measure the stack). */
void sd_board_stack_paint(void);
uint32_t sd_board_stack_used(void);
/* The board= value of the result line: a catalogue device id, or qemu-<machine>. */
const char *sd_board_id(void);

#ifdef __cplusplus
}
#endif

#endif /* SD_BOARD_H_ */
