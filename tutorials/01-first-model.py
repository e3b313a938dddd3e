# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: Your first TinyML model
#     summary: >-
#       Train a small convolutional network on handwritten digits, then measure how big and
#       how fast it is.
#     level: beginner
#     minutes: 20
#     prerequisites: []
#     tracks: [ml-practitioner, embedded-engineer, newcomer]
#     boards: [arduino-nano-33-ble-sense-rev2, raspberry-pi-pico]
# ---

# %% [markdown]
# # Your first TinyML model
#
# A microcontroller is a whole computer on one chip: processor, a little
# working memory (SRAM) and a little storage (flash). A popular teaching board,
# the Arduino Nano 33 BLE Sense, has 256 KB of SRAM and 1 MB of flash. A phone
# has about ten thousand times more memory. TinyML is the craft of fitting a
# useful neural network into budgets like these.
#
# In this tutorial you will:
#
# 1. load a small image data set that ships with scikit-learn (nothing is downloaded);
# 2. build and train a small convolutional neural network (CNN) with Keras;
# 3. hand it to `scaledown` and read its vital signs: parameters, operations, bytes;
# 4. convert it to the TensorFlow Lite format that microcontrollers run;
# 5. measure how long one prediction takes on this computer.

# %%
import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd

keras.utils.set_random_seed(0)  # the same run gives the same numbers
print("scaledown", sd.__version__, "| keras", keras.__version__)

# %% [markdown]
# ## 1. The data: 1,797 handwritten digits
#
# Each image is 8 by 8 pixels, one grey value each: small enough that a model
# reading them fits on any microcontroller. `sd.datasets.load_digits()` splits
# them into a training set and a test set the model never sees while learning.

# %%
(x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)
print("training images:", x_train.shape, "test images:", x_test.shape)

fig, axes = plt.subplots(2, 8, figsize=(8, 2.4))
for ax, image, label in zip(axes.flat, x_train, y_train, strict=False):
    ax.imshow(image[:, :, 0], cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
fig.suptitle("Sixteen training images and their labels")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 2. A small CNN
#
# A convolution slides a small 3x3 filter over the image and learns to respond
# to a stroke or a corner. Two convolution layers, a pooling layer that halves
# the image, and one dense layer that turns the features into ten scores (one
# per digit) are plenty for 8x8 images.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="digits_cnn",
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
sd.inspect(model)  # what Keras' model.summary() tells, as a table that fits the page

# %% [markdown]
# ## 3. Training
#
# We show the model the training images 20 times (20 *epochs*) and keep a
# tenth of them aside to watch how well it does on images it did not learn from.

# %%
history = model.fit(x_train, y_train, epochs=20, batch_size=32, validation_split=0.1, verbose=0)

plt.figure(figsize=(5, 3))
plt.plot(history.history["accuracy"], label="training images")
plt.plot(history.history["val_accuracy"], label="held-out images")
plt.xlabel("epoch")
plt.ylabel("accuracy")
plt.title("Learning curve")
plt.legend()
plt.grid(alpha=0.3)
plt.show()

loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"accuracy on the {len(x_test)} test images: {accuracy:.1%}")
assert accuracy > 0.9, "the text below says over 90 %"

# %% [markdown]
# ## 4. The model's vital signs
#
# `sd.load` wraps the Keras model in a `scaledown` model handle. Three numbers
# decide whether a model can live on a microcontroller:
#
# - **parameters**: the learned numbers, which must be stored in flash;
# - **MACs** (multiply-accumulate operations) per prediction: the work the
#   processor does, which sets the latency;
# - **bytes**: the size of the stored model.

# %%
handle = sd.load(model, name="digits-cnn")
print(f"parameters: {handle.param_count:,}")
print(f"MACs per prediction: {handle.macs:,}")
print(f"size as a Keras model: {handle.size_bytes / 1024:.1f} KB")

# %% [markdown]
# ## 5. Convert to TensorFlow Lite
#
# Microcontrollers do not run Keras. They run a *flatbuffer*: a compact file
# holding the layers and weights that a small C++ interpreter (TensorFlow Lite
# for Microcontrollers) reads in place, without copying it into SRAM. The
# weights are still 32-bit floats here; the quantization tutorial stores them
# in 8 bits.

# %%
tflite = sd.convert(handle, to="tflite")
board = sd.device("arduino-nano-33-ble-sense-rev2")
print(f"TensorFlow Lite model: {tflite.size_bytes / 1024:.1f} KB")
print(f"{board.name}: {board.flash_kb} KB flash, {board.sram_kb} KB SRAM")
print(f"the model takes {tflite.size_bytes / (board.flash_kb * 1024):.1%} of its flash")

tflite_pred = tflite.predict(x_test).argmax(axis=1)
keras_pred = model.predict(x_test, verbose=0).argmax(axis=1)
print(f"TensorFlow Lite accuracy: {np.mean(tflite_pred == y_test):.1%}")
print(f"predictions that differ from Keras: {np.sum(tflite_pred != keras_pred)}")
assert np.sum(tflite_pred != keras_pred) <= 3, "conversion should not change predictions"

# %% [markdown]
# ## 6. How fast is one prediction?
#
# A microcontroller handles one input at a time, so we time single
# predictions, many times over, and look at the median. This computer is much
# faster than a 64 MHz microcontroller, so treat the number as a lower bound;
# the *Will it fit?* tutorial estimates the time on real boards.

# %%
report = sd.benchmark(tflite, runs=200)
print(report)

# %% [markdown]
# The *peak RSS* in that line is the memory of this whole Python process on
# your computer: Python, TensorFlow and the runtime included. It says nothing
# about a board. What the model needs on a microcontroller is far smaller: its
# weights in flash and a working area (the *tensor arena*) in RAM, which the
# *Will it fit?* tutorial measures with TFLite-Micro.

# %% [markdown]
# ## 7. Keep the model
#
# Later tutorials (and the site's fit matrix) reuse this model. Learners
# running the notebook themselves get a `tutorial-models` folder next to it.

# %%
out = Path(os.environ.get("SCALEDOWN_TUTORIAL_MODELS", "tutorial-models"))
out.mkdir(parents=True, exist_ok=True)
saved = tflite.save(out / "first-model-cnn.tflite")
print("saved", saved.name, f"({saved.stat().st_size:,} bytes)")

# %% [markdown]
# ## What you learned
#
# - A digit classifier small enough for a microcontroller (its parameter count
#   and test accuracy are printed above) recognises
#   digits it has never seen.
# - Parameters, MACs and bytes are the three numbers to watch; `sd.load` gives
#   all three for any model.
# - TensorFlow Lite is the format microcontrollers run, and the converted model
#   predicts what the Keras model predicts.
#
# Next: [Quantization](quantization.md) makes the same model smaller, and
# measures by how much.
