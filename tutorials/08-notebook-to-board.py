# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: From notebook to board
#     summary: >-
#       Train a digit classifier, make it int8, check it fits, compile it to plain C, run it
#       on the virtual board, then export a ready-to-open firmware project for a real board
#       and read the line it prints.
#     level: intermediate
#     minutes: 30
#     prerequisites: [will-it-fit]
#     tracks: [embedded-engineer, newcomer, ml-practitioner]
#     boards: [arduino-nano-33-ble-sense-rev2, raspberry-pi-pico]
# ---

# %% [markdown]
# # From notebook to board
#
# This tutorial takes one model the whole way: from training in this notebook
# to a firmware project you can open in the Arduino IDE. Every step runs here,
# without a board: the last one builds the same firmware for an emulated
# Cortex-M (the *virtual board*) and reads the line a real board would print.
#
# 1. train a small digit classifier;
# 2. quantize it to int8;
# 3. check it fits the board;
# 4. compile it to plain C;
# 5. run the C on the virtual board;
# 6. export a firmware project for the board, and read its result line.

# %%
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd

keras.utils.set_random_seed(0)
BOARD = "arduino-nano-33-ble-sense-rev2"

# %% [markdown]
# ## 1. Train
#
# scikit-learn's 8x8 handwritten digits ship with scaledown, so nothing is
# downloaded. The model is deliberately small: two convolutions and one dense
# layer, a few thousand weights.

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
model.fit(x_train, y_train, epochs=15, batch_size=32, verbose=0)
print(f"float accuracy: {model.evaluate(x_test, y_test, verbose=0)[1]:.1%}")

# %% [markdown]
# ## 2. Quantize
#
# Microcontroller kernels are fastest in 8-bit integers, and the compiler in
# step 4 only writes int8 code. A few hundred training images calibrate the
# ranges.

# %%
int8_model = sd.quantize(model, "int8", data=x_train[:300], name="digits")
print(f"int8 model: {int8_model.size_bytes:,} bytes, "
      f"accuracy {sd.evaluate(int8_model, x_test, y_test):.1%}")

# %% [markdown]
# ## 3. Does it fit?
#
# `sd.fit` compares the model with the board's flash and RAM from the
# hardware library (see the tutorial *Will it fit?* for how to read it).

# %%
report = sd.fit(int8_model, BOARD)
print(report)
assert report.fits

# %% [markdown]
# ## 4. Compile to plain C
#
# `sd.compile` writes the model as four C99 files: the weights, one planned
# block of working memory (the arena) and a call per layer into ScaleDown's
# own int8 kernels. No interpreter runs on the board.

# %%
compiled = sd.compile(int8_model, "digits-c")
for path in compiled.files:
    print(f"{path.name:14s} {path.stat().st_size:8,d} bytes")
print(f"arena: {compiled.arena_bytes:,} bytes for {compiled.ops} operators")

# %% [markdown]
# ## 5. Run it on the virtual board
#
# The board's core is a Cortex-M4F; the virtual board's nearest core is the
# Cortex-M4 (QEMU's `mps2-an386` machine). `sd.emulate` builds the C for it
# with the Arm compiler, runs it once and compares the output with this
# computer's, byte for byte. We pass a real test digit as the input.

# %%
digit = x_test[:1]
emulated = sd.emulate(int8_model, core="cortex-m4", input=digit)
print(emulated)
assert emulated.passed

# %% [markdown]
# The figures are exact for this build: flash and static RAM from the linked
# image, the stack painted and scanned on the emulated core. The instruction
# count is not a time: QEMU does not run at a board's speed.
#
# ## 6. Export a firmware project
#
# `sd.export(model, "project", folder, device=BOARD)` writes a complete
# project for the board's own toolchain. For the Nano 33 BLE Sense that is an
# Arduino sketch: open `digits.ino` in the Arduino IDE. The project carries
# the compiled model and a small application that:
#
# - runs the model on the digit below (saved into the project) and compares
#   the output with this computer's: `PASS` or `FAIL`;
# - times ten inferences with the core's cycle counter;
# - prints one line, `SDRESULT v1 ...`, over the serial port;
# - leaves one function, `sd_sensor_read` in `src/scaledown/sd_sensor.c`,
#   where you connect a real sensor.
#
# `overwrite=True` lets this notebook run twice; it only ever replaces files
# an earlier export wrote, and keeps any of them you changed (your sensor code).

# %%
project = sd.export(int8_model, "project", "firmware/digits", device=BOARD, sample=digit,
                    overwrite=True)
print(f"{project.format} project for {project.device} in {project.folder.name}/")
for path in sorted(project.files):
    print("  ", path.relative_to(project.folder))

# %% [markdown]
# The sketch's board glue (the `.ino` file) is not built here: this machine
# has no Arduino core for the board. The CMake variant of the same project is,
# and everything in `src/scaledown/` is the same, byte for byte. Build it and
# run it on the virtual board:

# %%
from scaledown.firmware.virtual_run import build_and_run  # noqa: E402

cmake_project = sd.export(int8_model, "cmake", "firmware/digits-cmake", device=BOARD,
                          sample=digit, overwrite=True)
shared = {p.name: p.read_bytes() for p in project.shared_folder.iterdir()}
assert shared == {p.name: p.read_bytes() for p in cmake_project.shared_folder.iterdir()}
ran = build_and_run(cmake_project.folder)
print(ran.output)
assert ran.passed

# %% [markdown]
# ## Read the result line
#
# The last line is the one a real board prints over its serial port. It is
# defined once, in `scaledown/virtual_board/result_line.py`; `parse` reads it:

# %%
from scaledown.virtual_board import result_line  # noqa: E402

line = result_line.parse(ran.result_line)
print(f"status {line.status}: {line.mismatches} output bytes differ from this computer's")
print(f"ran on {line.extra['board']} ({line.core}); flash {line.extra['flash']:,} B, "
      f"static RAM {line.extra['ram']:,} B, stack {line.stack:,} B")
print(f"time per inference: {line.extra['us'] or 'not measured (QEMU has no real clock)'}")

# %% [markdown]
# On the board, `us=` and `cycles=` hold the time of one inference. The
# board's output scores, read back from its `SDOUTPUT` line, match the ones
# this computer computed:

# %%
scores = np.frombuffer(result_line.find_output(ran.output), dtype=np.int8)
spec = int8_model.outputs[0]
probabilities = (scores.astype(np.float32) - spec.zero_point) * spec.scale
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.imshow(digit[0, :, :, 0], cmap="gray_r")
left.set_title(f"the sample digit (label {y_test[0]})")
left.axis("off")
right.bar(range(10), probabilities, color="tab:green")
right.set_xticks(range(10))
right.set_xlabel("digit")
right.set_ylabel("probability")
right.set_title("the virtual board's answer")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Bring the measurement back
#
# Save the serial monitor's text to a file and turn it into a measurement
# record; the device page then shows it beside the estimates. A record from
# the virtual board is marked as emulated and never carries a time:

# %%
log = Path("serial.txt")
log.write_text(ran.output)
print("scaledown measure serial.txt --device", BOARD, "--print")
from scaledown.measurements.record import record_from_log  # noqa: E402

record = record_from_log(log.read_text(), BOARD)
print({key: record[key] for key in ("device", "emulated", "core", "flash_bytes", "ram_bytes",
                                    "latency_ms")})

# %% [markdown]
# ## What you learned
#
# - A model goes to a board in six calls: train, `sd.quantize`, `sd.fit`,
#   `sd.compile`, `sd.emulate`, `sd.export(..., device=...)`.
# - The exported project checks itself: the board computes the sample you
#   saved and says `PASS` only if its bytes equal your computer's.
# - One line, `SDRESULT v1`, carries the result from any board back to
#   `scaledown measure`.
#
# Next: borrow a board from the hardware library and follow its page's deploy
# guide to upload the sketch.
