# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: "Sensor data: a gesture classifier"
#     summary: >-
#       Turn a stream of accelerometer readings into windows, train a small 1D CNN to
#       recognise five wrist gestures, and make it int8.
#     level: intermediate
#     minutes: 30
#     prerequisites: [first-model, quantization]
#     tracks: [embedded-engineer, newcomer, ml-practitioner]
#     boards: [arduino-nano-33-ble-sense-rev2, seeed-xiao-nrf52840-sense]
# ---

# %% [markdown]
# # Sensor data: a gesture classifier
#
# Most TinyML runs on sensor signals rather than pictures: a smartwatch
# counting steps, a machine listening for a failing bearing. The data arrives
# as an endless stream of numbers, so the first job is to cut it into pieces a
# model can judge. In this tutorial you will:
#
# 1. look at accelerometer data of five wrist gestures;
# 2. cut a continuous stream into overlapping *windows*;
# 3. train a small 1D convolutional network on windows;
# 4. quantize it to int8, check that it fits a board with a motion sensor,
#    and run it over a stream.
#
# The data is synthetic: `sd.datasets.make_gestures` generates realistic-looking
# wrist movements from a seed, so nothing is downloaded and every run is the same.

# %%
import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd
from scaledown.datasets import GESTURE_CLASSES, SAMPLE_RATE_HZ

keras.utils.set_random_seed(0)

# %% [markdown]
# ## 1. What an accelerometer sees
#
# An accelerometer measures acceleration along three axes in units of *g*.
# At rest it still reads 1 g: gravity, pointing up. Each window here is two
# seconds of readings at 100 samples per second: 200 rows of (x, y, z).

# %%
(x_train, y_train), (x_test, y_test) = sd.datasets.make_gestures(seed=0, n_per_class=120)
print("windows for training:", x_train.shape, " for testing:", x_test.shape)
print("classes:", GESTURE_CLASSES)

t = np.arange(x_train.shape[1]) / SAMPLE_RATE_HZ
fig, axes = plt.subplots(1, len(GESTURE_CLASSES), figsize=(14, 2.6), sharey=True)
for ax, (index, name) in zip(axes, enumerate(GESTURE_CLASSES), strict=True):
    window = x_train[np.flatnonzero(y_train == index)[0]]
    for axis, label in enumerate("xyz"):
        ax.plot(t, window[:, axis], label=label, linewidth=1)
    ax.set_title(name)
    ax.set_xlabel("seconds")
axes[0].set_ylabel("acceleration (g)")
axes[0].legend(loc="upper left", fontsize=8)
fig.suptitle("One training window of each gesture (x, y, z acceleration)")
plt.tight_layout()
plt.show()

# %% [markdown]
# Each gesture has its own signature: *idle* is flat apart from gravity,
# *shake* is a fast oscillation, *punch* a sharp spike and its braking pulse,
# *wave* a slower swing with the wrist rolling, *circle* two axes out of step.
# Gravity shows up as an offset whose split across the axes depends on how the
# watch is worn; the model has to learn to ignore it.
#
# ## 2. Windowing a stream
#
# On a device the sensor never stops. Firmware keeps the last two seconds in a
# ring buffer and, every *hop*, hands that window to the model. A hop shorter
# than the window makes windows overlap, so a gesture that straddles one
# window's edge falls in the middle of the next.
#
# We build a 12-second stream by joining six test windows end to end, then cut
# it again with a 2 s window and a 0.5 s hop.

# %%
def sliding_windows(stream, window, hop):
    """Cut a (time, channels) stream into overlapping (n, window, channels) windows."""
    starts = range(0, len(stream) - window + 1, hop)
    return np.stack([stream[s:s + window] for s in starts]), np.array(list(starts))


order = [np.flatnonzero(y_test == c)[1] for c in (0, 1, 3, 2, 4, 0)]
stream = np.concatenate([x_test[i] for i in order])
truth = np.repeat(y_test[order], x_test.shape[1])
window, hop = 2 * SAMPLE_RATE_HZ, SAMPLE_RATE_HZ // 2
stream_windows, starts = sliding_windows(stream, window, hop)
print(f"a {len(stream) / SAMPLE_RATE_HZ:.0f} s stream gives {len(stream_windows)} windows "
      f"of {window} samples, one every {hop / SAMPLE_RATE_HZ} s")

# %% [markdown]
# ## 3. A small 1D CNN
#
# A 1D convolution slides a short filter along time, over all three axes at
# once. Strides shorten the sequence layer by layer, and global average pooling
# sums the evidence over the whole window, so it does not matter *when* in the
# window the gesture happened.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Conv1D(8, 7, strides=2, activation="relu"),
        keras.layers.Conv1D(16, 5, strides=2, activation="relu"),
        keras.layers.Conv1D(24, 5, strides=2, activation="relu"),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(len(GESTURE_CLASSES), activation="softmax"),
    ],
    name="gestures",
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=40, batch_size=32, validation_split=0.15, verbose=0)
gestures = sd.load(model, name="gestures")
print(f"{gestures.param_count:,} parameters, {gestures.macs:,} MACs per window")
print(f"test accuracy: {sd.evaluate(model, x_test, y_test):.1%}")

plt.figure(figsize=(5, 3))
plt.plot(history.history["accuracy"], label="training windows")
plt.plot(history.history["val_accuracy"], label="held-out windows")
plt.xlabel("epoch")
plt.ylabel("accuracy")
plt.legend()
plt.grid(alpha=0.3)
plt.title("Learning curve")
plt.show()

# %% [markdown]
# Which gestures get confused with which? A confusion matrix counts, for each
# true gesture (row), what the model answered (column).

# %%
predicted = model.predict(x_test, verbose=0).argmax(axis=1)
matrix = np.zeros((len(GESTURE_CLASSES),) * 2, dtype=int)
for true_class, guess in zip(y_test, predicted, strict=True):
    matrix[true_class, guess] += 1
fig, ax = plt.subplots(figsize=(4.2, 4.2))
ax.imshow(matrix, cmap="Blues")
ax.set_xticks(range(len(GESTURE_CLASSES)), GESTURE_CLASSES, rotation=45)
ax.set_yticks(range(len(GESTURE_CLASSES)), GESTURE_CLASSES)
for i in range(len(GESTURE_CLASSES)):
    for j in range(len(GESTURE_CLASSES)):
        ax.text(j, i, matrix[i, j], ha="center", va="center",
                color="white" if matrix[i, j] > matrix.max() / 2 else "black")
ax.set_xlabel("model's answer")
ax.set_ylabel("true gesture")
ax.set_title("Confusion matrix (test windows)")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. int8, and will it fit?
#
# Calibration data should look like what the device will see: a few hundred
# training windows of every class.

# %%
int8 = sd.quantize(model, "int8", data=x_train[:300], name="gestures-int8")
sd.compare([sd.convert(gestures, to="tflite"), int8], x_test, y_test).print()

# %%
report = sd.fit(int8, "arduino-nano-33-ble-sense-rev2", latency_budget_ms=500)
print(report)
assert report.fits, "the gesture model should fit the Nano 33 BLE Sense"

# %% [markdown]
# The latency budget is the hop: with a new window every 0.5 s, one prediction
# must take well under 500 ms, or the device falls behind the sensor.
#
# ## 5. Running over the stream
#
# Finally, the int8 model judges every window of the stream from step 2, as the
# firmware would. Each window is labelled at its end, the moment the device
# would have it.

# %%
stream_pred = int8.predict(stream_windows).argmax(axis=1)
ends = (starts + window) / SAMPLE_RATE_HZ
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 4.5), sharex=True,
                               gridspec_kw={"height_ratios": [2, 1]})
time_axis = np.arange(len(stream)) / SAMPLE_RATE_HZ
for axis, label in enumerate("xyz"):
    ax1.plot(time_axis, stream[:, axis], linewidth=0.8, label=label)
ax1.set_ylabel("g")
ax1.legend(loc="upper right", fontsize=8)
ax1.set_title("A 12 s stream and what the int8 model says every 0.5 s")
ax2.step(time_axis, truth, where="post", label="true gesture", color="gray")
ax2.plot(ends, stream_pred, "o", label="model, at the end of each window", color="tab:red")
ax2.set_yticks(range(len(GESTURE_CLASSES)), GESTURE_CLASSES)
ax2.set_xlabel("seconds")
ax2.legend(loc="upper left", fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# Where a window holds the end of one gesture and the start of the next, the
# answer can lag or flicker. Firmware usually smooths this, for example by
# reporting a gesture only when two windows in a row agree.
#
# Keep the int8 model for the site's fit matrix:

# %%
out = Path(os.environ.get("SCALEDOWN_TUTORIAL_MODELS", "tutorial-models"))
out.mkdir(parents=True, exist_ok=True)
saved = int8.save(out / "gestures-cnn-int8.tflite")
print("saved", saved.name, f"({saved.stat().st_size:,} bytes)")

# %% [markdown]
# ## What you learned
#
# - Sensor streams are cut into overlapping windows; the hop sets how often the
#   model runs and so its time budget.
# - A 1D CNN with strides and global pooling classifies a window wherever the
#   gesture falls in it.
# - Calibrate int8 on data like the device's, then check the fit against the
#   board and the hop.
