"""Estimates that turn host measurements into microcontroller figures.

* :mod:`.memory32`: how the tensor arena measured on the 64-bit host shrinks
  on a 32-bit microcontroller (pointer-sized fields in TFLM's structs).
* :mod:`.latency`: inference time from MACs per op type, the core class and
  the clock, calibrated on the published MLPerf Tiny reference results.
* :mod:`.flash`: model bytes plus the kernel code for the ops used (sizes
  measured on a Cortex-M4 build of TFLM).

Each module writes down where its numbers come from; figures without a
source are marked "unconfirmed" in the reports they feed.
"""
