/* Arm semihosting over BKPT 0xAB (the M-profile convention): r0 holds the
 * operation number, r1 its argument. The debugger or emulator (QEMU with
 * -semihosting-config enable=on) carries out the call. */
#include <stdint.h>

#include "sd_semihost.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static uint32_t sd_semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void sd_semihost_write0(const char *text)
{
    (void)sd_semihost_call(SYS_WRITE0, text);
}

void sd_semihost_exit(int code)
{
    /* SYS_EXIT_EXTENDED passes an exit code as well as the reason. */
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    (void)sd_semihost_call(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}
