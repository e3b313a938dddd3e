/* Board glue of the CMake project: the ScaleDown virtual board (QEMU, semihosting).
 *
 * QEMU has no real clock and no DWT cycle counter, so the result line says
 * us=na cycles=na and one inference is run; flash and static RAM come from
 * the linker's symbols, the stack is painted and scanned as on the harness.
 * startup.c's reset handler returns main()'s value as QEMU's exit code.
 */
#include <stdint.h>

#include "sd_app.h"
#include "sd_board.h"
#include "sd_board_virtual.h"
#include "sd_semihost.h"

#define SD_STACK_PAINT 0xC5AC5AC5u

extern uint32_t _sstack, _estack;
extern uint32_t _sflash, _sidata, _sdata, _edata, _sbss, _ebss;

void sd_board_print(const char *text) { sd_semihost_write0(text); }
int sd_board_has_micros(void) { return 0; }
uint32_t sd_board_micros(void) { return 0; }
uint32_t sd_board_clock_hz(void) { return 0; }
const char *sd_board_id(void) { return SD_VIRTUAL_BOARD; }

int32_t sd_board_flash_bytes(void)
{
    uint32_t data = (uint32_t)((uint8_t *)&_edata - (uint8_t *)&_sdata);
    return (int32_t)((uint32_t)((uint8_t *)&_sidata - (uint8_t *)&_sflash) + data);
}

int32_t sd_board_ram_bytes(void)
{
    return (int32_t)((uint32_t)((uint8_t *)&_edata - (uint8_t *)&_sdata)
                     + (uint32_t)((uint8_t *)&_ebss - (uint8_t *)&_sbss));
}

void __attribute__((noinline)) sd_board_stack_paint(void)
{
    uint32_t *sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = &_sstack; p < sp; ++p) {
        *p = SD_STACK_PAINT;
    }
}

uint32_t sd_board_stack_used(void)
{
    const uint32_t *p = &_sstack;
    while (p < &_estack && *p == SD_STACK_PAINT) {
        ++p;
    }
    return (uint32_t)((const uint8_t *)&_estack - (const uint8_t *)p);
}

int main(void)
{
    int code = sd_app_run();
    while (code == SD_APP_PASS && sd_app_sensor_step()) {
    }
    return code;
}
