/* Arm semihosting: the two calls the harness needs (print, exit). */
#ifndef SD_SEMIHOST_H
#define SD_SEMIHOST_H

#define SD_EXIT_PASS 0
#define SD_EXIT_FAIL 1
#define SD_EXIT_ERROR 2
#define SD_EXIT_FAULT 3

void sd_semihost_write0(const char *text);
void sd_semihost_exit(int code) __attribute__((noreturn));

#endif
