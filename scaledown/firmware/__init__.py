"""Firmware projects for real boards: ``sd.export(model, "cmake" | "arduino" | "platformio", ...)``.

A project carries the C library ``sd.compile`` writes (no TFLite-Micro), a
small application that checks the model on a sample input embedded at
export time, times it and prints one ``SDRESULT v1`` line
(:mod:`scaledown.virtual_board.result_line`), and one function where the
learner connects a real sensor (``sd_sensor.c``). One module per job:

* :mod:`.boards` - which catalogue boards get a project, for which formats,
  and the virtual board's core nearest to each board's core;
* :mod:`.sources` - the files every variant shares byte for byte, and each
  variant's thin board glue;
* :mod:`.project` - writing a project folder safely (refusing an existing one
  unless asked, never deleting what we did not write);
* :mod:`.virtual_run` - building the CMake variant and running it on QEMU.

``sd.export`` (``scaledown/api/export.py``) is the entry point.

Example:
    >>> from scaledown.firmware.boards import firmware_board
    >>> firmware_board("raspberry-pi-pico").core.name
    'cortex-m0'
"""
