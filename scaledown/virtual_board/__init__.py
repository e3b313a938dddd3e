"""The virtual board: run a compiled model on an emulated Arm Cortex-M.

A learner without a board builds the C library that ``sd.compile`` writes
with a small harness for a Cortex-M core, runs it in QEMU and reads exact
figures off the result: flash and static RAM from the ELF file, the stack
high-water mark painted and scanned on the board, and the instructions the
model's ``sd_model_invoke`` executed, counted with Unicorn.

One module per job:

* :mod:`.cores` - the supported cores and their QEMU machines;
* :mod:`.toolchain` - finding ``arm-none-eabi-gcc``, ``qemu-system-arm`` and the host ``cc``;
* :mod:`.result_line` - the one line the harness prints (format ``SDRESULT v1``);
* :mod:`.build` - writing the harness data, compiling, linking, reading sizes;
* :mod:`.host` - the same library built for this computer, for the expected output;
* :mod:`.run` - running an image on QEMU with semihosting;
* :mod:`.count` - counting instructions with Unicorn;
* :mod:`.elf` - the bits of the ELF format the counter reads.

``sd.emulate`` (``scaledown/api/emulate.py``) ties them together.

Example:
    >>> from scaledown.virtual_board import cores
    >>> cores.core("cortex-m7").machine
    'mps2-an500'
"""
