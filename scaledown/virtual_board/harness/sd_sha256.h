/* SHA-256 (FIPS 180-4) of a byte buffer, as 64 lowercase hex digits. */
#ifndef SD_SHA256_H
#define SD_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes 64 hex digits and a terminating NUL into hex[65]. */
void sd_sha256_hex(const uint8_t *data, size_t length, char hex[65]);

#endif
