# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: Will it fit?
#     summary: >-
#       Pick a board from the hardware library, check that a model fits its memory and time
#       budget, and export it as a C array.
#     level: beginner
#     minutes: 25
#     prerequisites: [quantization]
#     tracks: [ml-practitioner, embedded-engineer, newcomer]
#     boards: [arduino-nano-33-ble-sense-rev2, raspberry-pi-pico, seeed-xiao-esp32s3-sense]
# ---

# %% [markdown]
# # Will it fit?
#
# A model runs on a microcontroller only if three budgets hold:
#
# - **flash**: the model file plus the interpreter's code must fit in the
#   board's flash, where they stay, read-only;
# - **RAM**: the *tensor arena*, a block of SRAM where TensorFlow Lite for
#   Microcontrollers (TFLM) keeps the intermediate results, must fit beside
#   the rest of your firmware;
# - **time**: one prediction must finish before the next input arrives.
#
# `sd.fit` checks all three. It runs the real TFLM interpreter on this
# computer to measure the arena the model needs, then compares with the
# board's figures from the ScaleDown hardware library.

# %%
from pathlib import Path

import keras
import matplotlib.pyplot as plt

import scaledown as sd

keras.utils.set_random_seed(0)

# %% [markdown]
# ## The boards in the library
#
# Every board in the library has a page on this site with its sources. Here
# are the microcontroller boards, smallest RAM first:

# %%
mcus = sorted((d for d in sd.devices() if d.category == "mcu" and d.sram_kb),
              key=lambda d: d.sram_kb)
print(f"{'id':34s} {'core':12s} {'MHz':>5s} {'SRAM KB':>8s} {'flash KB':>9s}")
for d in mcus:
    flash = f"{d.flash_kb:,}" if d.flash_kb else "?"
    print(f"{d.id:34s} {d.core:12s} {d.clock_mhz:5.0f} {d.sram_kb:8,} {flash:>9s}")

# %% [markdown]
# ## A model to check
#
# The digit classifier from the first tutorials, quantized to int8: TFLM runs
# integer models fastest, and many small cores have no floating-point unit.

# %%
(x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)
model = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
int8_model = sd.quantize(model, "int8", data=x_train[:300], name="digits-int8")
print(f"int8 model: {int8_model.size_bytes:,} bytes, "
      f"accuracy {sd.evaluate(int8_model, x_test, y_test):.1%}")

# %% [markdown]
# ## One board
#
# We pick the Arduino Nano 33 BLE Sense Rev2 (a Cortex-M4F at 64 MHz) and ask
# for an answer within 20 ms, fast enough to classify 50 digits a second.

# %%
report = sd.fit(int8_model, "arduino-nano-33-ble-sense-rev2", latency_budget_ms=20)
print(report)
assert report.fits

# %% [markdown]
# How to read it:
#
# - The **arena** is what TFLM asked for while it really ran the model here.
#   It is split into activations (the intermediate tensors, reused as layers
#   finish), persistent data and bookkeeping. On the 32-bit board pointers are
#   half the size of this computer's, so the report also gives that figure.
# - **Flash** adds the model, the interpreter and one kernel per kind of
#   operator. The code sizes are estimates, marked as such.
# - **Latency** is estimated from the model's multiply-adds and the core's
#   speed, calibrated on published MLPerf Tiny results; the report says so.
#
# ## When it does not fit
#
# Describe any board by its figures with `sd.Device`. Here is a small
# Cortex-M0+ part with 16 KB of flash and 4 KB of SRAM:

# %%
tiny_board = sd.Device(flash_kb=16, sram_kb=4, clock_mhz=48, core="cortex-m0+")
small = sd.fit(int8_model, tiny_board)
print(small)
assert not small.fits

# %% [markdown]
# The report says which budget broke, by how much, and suggests boards from
# the library that would fit.
#
# A float model is stopped before anything is measured: the fast kernels for
# microcontrollers are int8, so `sd.fit` raises an error that says what to do
# (with `allow_float=True` it measures the float model anyway).

# %%
float_model = sd.convert(sd.load(model), to="tflite")
try:
    sd.fit(float_model, "arduino-nano-33-ble-sense-rev2")
except sd.errors.UnsupportedOpError as error:
    print(error)

# %% [markdown]
# ## Every board at once
#
# Without a board, `sd.fit` ranks the whole library: boards that fit first,
# fastest first. Boards that run Linux judge RAM only, since the model sits on
# their storage.

# %%
ranking = sd.fit(int8_model)
print(ranking)

# %%
timed = [r for r in ranking.reports if r.latency is not None and r.fits]
fig, ax = plt.subplots(figsize=(7, 0.32 * len(timed) + 1.4))
# hatched bars borrow the Cortex-M4F calibration (scaled by clock): rough guesses only
bars = ax.barh([r.device.id + (" *" if r.latency.borrowed else "") for r in timed],
               [r.latency.ms for r in timed], color="tab:green")
for bar, r in zip(bars, timed, strict=True):
    if r.latency.borrowed:
        bar.set(hatch="//", facecolor="white", edgecolor="tab:green")
ax.invert_yaxis()
ax.set_xlabel("estimated latency per digit (ms); * hatched = borrowed calibration")
ax.set_title("Boards the model fits, fastest first")
ax.grid(axis="x", alpha=0.3)
plt.show()

# %% [markdown]
# Bars marked `*` (hatched) and latencies marked `*` in the table use a
# **borrowed calibration**: only the Cortex-M4F (and the Cortex-M7) have
# published MLPerf Tiny figures, so other cores get the Cortex-M4F's cycles per
# MAC scaled by their clock. That is why a Cortex-M0+ board at a high clock can
# look faster than a Cortex-M4F board here, although its core has no DSP
# instructions: read those bars as rough guesses, never as a ranking.

# %% [markdown]
# ## Export for the firmware
#
# A microcontroller has no file system to load a `.tflite` file from, so the
# model becomes a C array compiled into the firmware. `sd.export` writes that
# array, a header, and the list of operators your code must register with
# TFLM, plus an arena size with a safety margin.

# %%
result = sd.export(int8_model, "c", "firmware", name="digits")
for path in result.files:
    print(f"{path.name:16s} {path.stat().st_size:8,d} bytes")
print("operators:", ", ".join(result.ops))
print("arena constant:", result.arena_bytes, "bytes")

# %%
print(Path("firmware/model_data.h").read_text())

# %% [markdown]
# The comment at the top of the header is the recipe: include the two
# headers, register exactly the operators the model uses (`model_ops.h` does
# it), give TFLM an arena of the exported size, and call `Invoke()` for each
# input.
# The hardware library can lend you a board to try it: see its page for how to
# borrow one.
#
# ## What you learned
#
# - Fitting means three budgets: flash, RAM (the tensor arena) and time.
# - `sd.fit` measures the arena with the real TFLM interpreter and compares it
#   with a board from the library, or with any board you describe.
# - `sd.export` turns the model into C sources ready for the firmware.
