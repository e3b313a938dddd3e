/* Unicorn block hook in C for scaledown.virtual_board.count: adds up the
 * instructions of every translated block that runs while sd_model_invoke is
 * active. Built with the host's cc when counting starts; a Python callback
 * per block is more than ten times slower on models of millions of
 * instructions (see count.py).
 *
 * A block's instructions are read from a copy of the image's flash: a Thumb
 * halfword whose top five bits are 0b11101, 0b11110 or 0b11111 starts a
 * 32-bit instruction, any other a 16-bit one.
 */
#include <stdint.h>

typedef int (*sd_reg_read_fn)(void *uc, int regid, void *value);
typedef int (*sd_emu_stop_fn)(void *uc);

struct sd_counter {
    const uint8_t *code;      /* copy of flash, from code_base */
    uint64_t code_base;
    uint64_t code_size;
    uint64_t entry;           /* address of sd_model_invoke (Thumb bit clear) */
    uint64_t return_to;       /* where sd_model_invoke returns (set at entry) */
    uint64_t instructions;
    uint64_t blocks;
    uint64_t max_blocks;
    uint64_t outside;         /* counted blocks outside the flash copy */
    int32_t counting;
    int32_t lr_register;      /* UC_ARM_REG_LR */
    sd_reg_read_fn reg_read;
    sd_emu_stop_fn emu_stop;
};

void sd_count_block(void *uc, uint64_t address, uint32_t size, void *user)
{
    struct sd_counter *c = (struct sd_counter *)user;
    if (++c->blocks > c->max_blocks) {
        c->emu_stop(uc);
        return;
    }
    if (c->counting && address == c->return_to) {
        c->counting = 0;
    } else if (!c->counting && address == c->entry) {
        uint32_t lr = 0;
        c->reg_read(uc, c->lr_register, &lr);
        c->return_to = lr & ~1u;
        c->counting = 1;
    }
    if (!c->counting) {
        return;
    }
    if (address < c->code_base || address + size > c->code_base + c->code_size) {
        c->outside += 1;
        return;
    }
    const uint8_t *at = c->code + (address - c->code_base);
    const uint8_t *end = at + size;
    uint64_t n = 0;
    while (at + 1 < end) {
        unsigned top = at[1] >> 3;
        at += (top == 0x1D || top == 0x1E || top == 0x1F) ? 4 : 2;
        ++n;
    }
    c->instructions += n;
}
