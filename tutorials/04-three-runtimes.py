# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: "One model, three runtimes"
#     summary: >-
#       Run the same trained model on LiteRT, ONNX Runtime and OpenVINO, and find out what
#       differs between them and why.
#     level: intermediate
#     minutes: 25
#     prerequisites: [first-model, quantization]
#     tracks: [ml-practitioner, embedded-engineer]
#     boards: [raspberry-pi-4b, raspberry-pi-5, intel-ncs2]
# ---

# %% [markdown]
# # One model, three runtimes
#
# A *runtime* is the library that loads a model file and computes its
# outputs. You trained in Keras, but on a device something else runs the
# model, and each runtime has its own file format and its own home turf:
#
# | runtime | file | typical home |
# | --- | --- | --- |
# | LiteRT (was TensorFlow Lite) | `.tflite` flatbuffer | phones, Raspberry Pi; MCUs via TFLM |
# | ONNX Runtime | `.onnx` protobuf | PCs, servers, ARM Linux boards; many hardware back-ends |
# | OpenVINO | `.xml` graph + `.bin` weights | Intel CPUs, GPUs and NPUs |
#
# In this tutorial you will convert one model to all three, check that they
# agree, time them, and quantize for each, watching where the results part ways.

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd

keras.utils.set_random_seed(0)
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
digits = sd.load(model, name="digits")

# %% [markdown]
# ## Convert once per runtime
#
# `sd.convert` picks the route: Keras to `.tflite` with the TensorFlow Lite
# converter, Keras to ONNX with tf2onnx, and ONNX to OpenVINO's format with
# OpenVINO's own converter.

# %%
float_models = {
    "litert": sd.convert(digits, to="tflite"),
    "onnxruntime": sd.convert(digits, to="onnx"),
    "openvino": sd.convert(digits, to="openvino"),
}
for runtime, m in float_models.items():
    spec = m.inputs[0]
    print(f"{runtime:12s} format {m.format:9s} {m.size_bytes:7,d} bytes  input {spec.shape}")

# %% [markdown]
# Already two differences show. The sizes differ because each format stores
# different things around the same weights. And the TensorFlow Lite model
# has a fixed batch of 1 (`1` in the input shape), which is what a
# microcontroller wants, while the ONNX and OpenVINO models accept any
# batch size (`None`).
#
# The graphs differ too. tf2onnx writes the layers as ONNX operators and, since
# ONNX's convolutions expect channels first, adds `Transpose` operators to move
# between Keras's channels-last layout and ONNX's:

# %%
sd.inspect(float_models["onnxruntime"])

# %% [markdown]
# ## Do they agree?
#
# `sd.compare` runs every model on the same test images. *Agreement* is the
# share of images on which a model picks the same digit as the first one;
# `max |diff|` is the largest difference between their output probabilities.

# %%
comparison = sd.compare(list(float_models.values()), x_test, y_test,
                        runtimes=list(float_models))
comparison.print()
assert all(r["max_abs_diff"] < 1e-5 and r["agreement"] == 1.0 for r in comparison.rows)

# %% [markdown]
# The outputs differ in the sixth or seventh decimal place: each runtime adds
# up the same products in its own order and with its own vectorised kernels,
# and floating-point addition is not exactly associative. No prediction changes.
#
# ## How fast?
#
# We time single-image predictions on one CPU thread, the situation of a small
# device. The model is tiny (the cell prints its multiply-add count), so the numbers
# mostly measure each runtime's fixed cost per call rather than arithmetic.

# %%
print(f"{digits.macs:,} multiply-adds per image")
timings = sd.benchmark(digits, runtime=list(float_models), runs=300, threads=1)
for result in timings:
    print(f"{result.runtime:12s} median {result.p50_ms * 1000:8.1f} µs   "
          f"p99 {result.p99_ms * 1000:8.1f} µs")

# %% [markdown]
# ## Quantized, each its own way
#
# Each runtime has its own int8 tool: the TensorFlow Lite converter, ONNX
# Runtime's quantizer (which inserts QuantizeLinear/DequantizeLinear pairs),
# and NNCF for OpenVINO. Given the same calibration images, each still picks its
# own ranges and rounding, so the int8 models are *not* identical.

# %%
int8_models = {runtime: sd.quantize(digits, "int8", data=x_train[:300], runtime=runtime)
               for runtime in float_models}
int8_comparison = sd.compare(list(int8_models.values()), x_test, y_test,
                             runtimes=list(int8_models))
int8_comparison.print()

# %% [markdown]
# Whatever the runtime, the int8 model takes int8 inputs and gives int8
# outputs, the numbers firmware would see. Each input and output carries its
# own scale and zero point, and `predict` and `sd.evaluate` use them to turn
# your floats into int8 and back, so you never do it by hand:

# %%
for runtime, model in int8_models.items():
    print(f"{runtime:12s} in  {model.inputs[0]}")
    print(f"{'':12s} out {model.outputs[0]}")

# %%
float_rows = {r["runtime"]: r for r in comparison.rows}
int8_rows = {r["runtime"]: r for r in int8_comparison.rows}
runtimes = list(float_models)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
width = 0.38
pos = np.arange(len(runtimes))
ax1.bar(pos - width / 2, [float_rows[r]["size_bytes"] / 1024 for r in runtimes], width,
        label="float32")
ax1.bar(pos + width / 2, [int8_rows[r]["size_bytes"] / 1024 for r in runtimes], width,
        label="int8")
ax1.set_xticks(pos, runtimes)
ax1.set_ylabel("file size (KB)")
ax1.set_title("Size")
ax1.legend()
ax2.bar(pos - width / 2, [float_rows[r]["score"] * 100 for r in runtimes], width,
        label="float32")
ax2.bar(pos + width / 2, [int8_rows[r]["score"] * 100 for r in runtimes], width, label="int8")
ax2.set_xticks(pos, runtimes)
ax2.set_ylim(80, 100)
ax2.set_ylabel("test accuracy (%)")
ax2.set_title("Accuracy")
plt.tight_layout()
plt.show()

# %% [markdown]
# What to take from the plot and the tables:
#
# - **Accuracy** stays close to the float model on every runtime, but the int8
#   models are not interchangeable: compare their agreement column.
# - **Size**: only the `.tflite` int8 file stores the weights as bare int8
#   arrays. The ONNX and OpenVINO int8 files keep extra quantize and dequantize
#   nodes and parameters, so their files shrink less, or not at all.
# - **Which to use** follows from the device, not from the model: LiteRT
#   for microcontrollers and phones, ONNX Runtime where many back-ends matter,
#   OpenVINO on Intel hardware.

# %%
agreement = {r["runtime"]: r["agreement"] for r in int8_comparison.rows}
print("int8 agreement with the LiteRT int8 model:", agreement)
assert min(agreement.values()) > 0.9, "the three int8 models should mostly agree"

# %% [markdown]
# ## What you learned
#
# - One trained model becomes three files; `sd.convert` handles the routes.
# - Float models agree across runtimes up to rounding noise.
# - Each runtime quantizes in its own way, so int8 results differ slightly
#   between runtimes: test the exact file you deploy, on the runtime you deploy.
