# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: "Quantization: int8, float16 and dynamic range"
#     summary: >-
#       Store a model's numbers in fewer bits, and see what each scheme costs in accuracy
#       and saves in bytes.
#     level: beginner
#     minutes: 25
#     prerequisites: [first-model]
#     tracks: [ml-practitioner, embedded-engineer, newcomer]
#     boards: [arduino-nano-33-ble-sense-rev2, seeed-xiao-esp32s3-sense]
# ---

# %% [markdown]
# # Quantization: int8, float16 and dynamic range
#
# A trained network is a long list of 32-bit floating-point numbers.
# *Quantization* stores them, and often computes with them, in fewer bits.
# Eight-bit integers take a quarter of the space, and most microcontroller
# processors compute with them much faster than with floats; some have no
# floating-point unit at all.
#
# The trick is a linear map between real values and integers. Each tensor
# gets a **scale** and a **zero point**:
#
# `real value = scale * (integer - zero point)`
#
# In this tutorial you will quantize one model three ways and put accuracy
# against size in one plot.

# %%
import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd

keras.utils.set_random_seed(0)

# %% [markdown]
# ## The map, by hand
#
# Suppose a tensor's values lie between -1.0 and 2.0. An int8 holds -128 to
# 127: 256 steps. So one step is worth 3.0 / 255, and the zero point is the
# integer that stands for 0.0.

# %%
low, high = -1.0, 2.0
scale = (high - low) / 255
zero_point = round(-128 - low / scale)
values = np.array([-1.0, 0.0, 0.5, 1.234, 2.0])
as_int8 = np.clip(np.round(values / scale) + zero_point, -128, 127).astype(np.int8)
back = scale * (as_int8.astype(np.float32) - zero_point)
print("scale:", round(scale, 5), "zero point:", zero_point)
for v, q, b in zip(values, as_int8, back, strict=True):
    print(f"{v:6.3f} -> {q:5d} -> {b:7.4f}   (error {abs(v - b):.4f})")

# %% [markdown]
# Every value comes back within half a step (about 0.006): that rounding is
# the whole price of int8, and a trained network usually shrugs it off.
#
# ## A model to quantize
#
# The same small CNN as in the first tutorial, trained again here so this
# notebook stands on its own (it takes a few seconds).

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
float_model = sd.convert(sd.load(model, name="digits"), to="tflite")


def accuracy(m):
    """Share of test digits the model gets right."""
    return sd.evaluate(m, x_test, y_test, metric="accuracy")


print(f"float32 model: {float_model.size_bytes / 1024:.1f} KB, "
      f"accuracy {accuracy(float_model):.1%}")

# %% [markdown]
# ## Three schemes
#
# | scheme | weights | activations and maths | needs example data? |
# | --- | --- | --- | --- |
# | `float16` | 16-bit floats | 32-bit floats | no |
# | `dynamic` (dynamic range) | 8-bit integers | floats; inputs quantized on the fly | no |
# | `int8` (full integer) | 8-bit integers | 8-bit integers | yes, to find each activation's range |
#
# Full-integer int8 needs a few hundred typical inputs (*calibration data*):
# the converter runs them through the model and records the range of every
# intermediate tensor, which fixes its scale and zero point.

# %%
variants = {
    "float32": float_model,
    "float16": sd.quantize(model, "float16"),
    "dynamic": sd.quantize(model, "dynamic"),
    "int8": sd.quantize(model, "int8", data=x_train[:300]),
}
results = {name: (m.size_bytes / 1024, accuracy(m)) for name, m in variants.items()}
for name, (kb, acc) in results.items():
    print(f"{name:8s} {kb:6.1f} KB   accuracy {acc:.1%}")

# %%
fig, ax = plt.subplots(figsize=(5.5, 3.5))
for name, (kb, acc) in results.items():
    ax.scatter(kb, acc * 100, s=60)
    ax.annotate(name, (kb, acc * 100), textcoords="offset points", xytext=(6, 4))
ax.set_xlabel("model size (KB)")
ax.set_ylabel("test accuracy (%)")
ax.set_title("Accuracy against size, one model four ways")
ax.set_xlim(left=0)
lowest = min(acc for _, acc in results.values()) * 100
ax.set_ylim(max(0, lowest - 10), 100)  # a full-height scale: small gaps look small
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# Read the plot from right to left: each step to fewer bits moves the model
# left (smaller) while it stays at about the same height (accuracy). `dynamic`
# and `int8` store the same int8 weights, so they sit close together. Only the
# full-integer `int8` model also computes in integers, which is what a
# microcontroller without a floating-point unit needs, and what TensorFlow Lite
# for Microcontrollers runs fastest.

# %% [markdown]
# Why is the int8 file not four times smaller? The *weights* are: one byte
# instead of four. But a `.tflite` file also holds the graph (which layer
# feeds which), tensor names, 32-bit biases and, for int8, a scale and zero
# point for every output channel. In a model this small that fixed part is a
# large share of the file; in a model with a million weights it is negligible.

# %%
float_kb, float_acc = results["float32"]
int8_kb, int8_acc = results["int8"]
weights = float_model.param_count
print(f"{weights:,} parameters: {weights * 4 / 1024:.1f} KB as float32, "
      f"{weights / 1024:.1f} KB as int8")
print(f"whole file: {float_kb:.1f} KB -> {int8_kb:.1f} KB ({float_kb / int8_kb:.1f}x smaller); "
      f"accuracy changes by {(int8_acc - float_acc) * 100:+.1f} points")
assert int8_kb < float_kb / 1.8, "the int8 model should be much smaller"
assert int8_acc > float_acc - 0.05, "int8 should cost little accuracy here"

# %% [markdown]
# ## What the int8 model expects
#
# A full-integer model takes int8 input too. Its input tensor carries the
# scale and zero point to use; `model.predict` applies them for you, but on a
# microcontroller your C code does it, so it is worth seeing once.

# %%
int8_model = variants["int8"]
spec = int8_model.inputs[0]
print(spec)
pixel = 0.5
print(f"a pixel of {pixel} is fed as the integer {round(pixel / spec.scale) + spec.zero_point}")

# %% [markdown]
# Keep the int8 model for the next tutorials and the site's fit matrix:

# %%
out = Path(os.environ.get("SCALEDOWN_TUTORIAL_MODELS", "tutorial-models"))
out.mkdir(parents=True, exist_ok=True)
saved = int8_model.save(out / "quantization-cnn-int8.tflite")
print("saved", saved.name)

# %% [markdown]
# ## What you learned
#
# - Quantization maps real values to integers with a scale and a zero point;
#   the error is at most half a step.
# - `float16` halves the weights; `dynamic` and `int8` make them four times
#   smaller (the file shrinks less, because of its fixed part), but only `int8`
#   runs entirely in integer arithmetic.
# - Full-integer quantization needs calibration data: a few hundred typical inputs.
#
# Further reading: our review of [Jacob et al., 2018](../../reviews/jacob-integer-quantization.md),
# the paper behind integer-only inference in TensorFlow Lite.
