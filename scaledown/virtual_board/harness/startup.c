/* Start-up code of the ScaleDown virtual board (bare-metal Arm Cortex-M).
 *
 * The vector table holds the initial stack pointer and the reset handler;
 * the fault handlers report over semihosting and stop the program. The reset
 * handler switches the FPU on when the core has one, copies .data from flash,
 * clears .bss and calls main(); main's return value is the exit code.
 */
#include <stdint.h>

#include "sd_semihost.h"

extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void Reset_Handler(void);
void sd_fault_handler(void);

__attribute__((section(".isr_vector"), used))
const void *const sd_vector_table[16] = {
    &_estack,                /* initial stack pointer */
    (const void *)Reset_Handler,
    (const void *)sd_fault_handler, /* NMI */
    (const void *)sd_fault_handler, /* HardFault */
    (const void *)sd_fault_handler, /* MemManage */
    (const void *)sd_fault_handler, /* BusFault */
    (const void *)sd_fault_handler, /* UsageFault */
    (const void *)sd_fault_handler, /* SecureFault (Armv8-M) */
    0, 0, 0,
    (const void *)sd_fault_handler, /* SVCall */
    (const void *)sd_fault_handler, /* DebugMonitor */
    0,
    (const void *)sd_fault_handler, /* PendSV */
    (const void *)sd_fault_handler, /* SysTick */
};

void sd_fault_handler(void)
{
    sd_semihost_write0("SDFAULT the program stopped on a processor fault\n");
    sd_semihost_exit(SD_EXIT_FAULT);
}

void Reset_Handler(void)
{
#if defined(__ARM_FP)
    /* CPACR: full access to coprocessors 10 and 11 (the FPU). */
    volatile uint32_t *cpacr = (volatile uint32_t *)0xE000ED88u;
    *cpacr |= (0xFu << 20);
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    uint32_t *src = &_sidata;
    uint32_t *dst = &_sdata;
    while (dst < &_edata) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss; ++dst) {
        *dst = 0;
    }
    sd_semihost_exit(main());
}
