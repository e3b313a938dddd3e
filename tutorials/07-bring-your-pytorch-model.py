# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: Bring your PyTorch model
#     summary: >-
#       Train a small CNN in PyTorch, hand it to scaledown, quantize it to int8, check that it
#       fits a microcontroller, and export it for the firmware.
#     level: intermediate
#     minutes: 20
#     prerequisites: [quantization]
#     tracks: [ml-practitioner, newcomer]
#     boards: [arduino-nano-33-ble-sense-rev2]
# ---

# %% [markdown]
# # Bring your PyTorch model
#
# The other tutorials train with Keras, but many learners know PyTorch first.
# Microcontrollers run neither: they run TensorFlow Lite for Microcontrollers
# (TFLM), which reads `.tflite` files. This tutorial takes a model from PyTorch
# all the way to a C array for the firmware:
#
# 1. train a small CNN on handwritten digits in plain PyTorch;
# 2. give it to `sd.load`, which exports it to ONNX with PyTorch's own exporter;
# 3. quantize it to int8 for LiteRT, the runtime behind TFLM;
# 4. check it against a board from the hardware library, and export it.
#
# PyTorch support is an optional part of scaledown. Install it with the
# `torch` extra: `pip install -e ".[framework,torch]"` in a clone of the repository.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import scaledown as sd

torch.manual_seed(0)  # the same run gives the same numbers
torch.set_num_threads(1)
print("scaledown", sd.__version__, "| torch", torch.__version__)

# %% [markdown]
# ## 1. Data, in PyTorch's channel order
#
# `sd.datasets.load_digits()` gives 8x8 grey images shaped
# `(samples, height, width, channels)`: channels last, or **NHWC**. PyTorch's
# convolutions want channels first, **NCHW**, so we move the axis once.

# %%
(x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)
x_train_nchw = np.ascontiguousarray(x_train.transpose(0, 3, 1, 2))
x_test_nchw = np.ascontiguousarray(x_test.transpose(0, 3, 1, 2))
print("NHWC:", x_train.shape, "-> NCHW:", x_train_nchw.shape)

# %% [markdown]
# ## 2. A small CNN, trained in PyTorch
#
# Two convolutions, a pooling step and one linear layer: a few thousand
# weights, which is the size class that fits the smallest boards.

# %%
class DigitsCNN(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16 * 4 * 4, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(torch.relu(self.conv1(x)))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


net = DigitsCNN()
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
xs, ys = torch.from_numpy(x_train_nchw), torch.from_numpy(y_train).long()
losses = []
for _epoch in range(15):
    order = torch.randperm(len(xs))
    for start in range(0, len(xs), 64):
        batch = order[start : start + 64]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(xs[batch]), ys[batch])
        loss.backward()
        optimizer.step()
    losses.append(loss.item())
net.eval()
with torch.no_grad():
    torch_accuracy = (net(torch.from_numpy(x_test_nchw)).argmax(1).numpy() == y_test).mean()
print(f"PyTorch test accuracy: {torch_accuracy:.3f}")

plt.figure(figsize=(5, 3))
plt.plot(range(1, len(losses) + 1), losses, marker="o")
plt.xlabel("epoch")
plt.ylabel("training loss (last batch)")
plt.title("Training the PyTorch CNN")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 3. Hand it to scaledown
#
# A PyTorch module does not record the size of its input, so `sd.load` asks
# for one example of the size you will deploy. It traces the module once and
# exports it to ONNX with `torch.onnx.export`; from then on every scaledown
# verb works on it. The input's `layout` says which channel order it reads.

# %%
model = sd.load(net, example_input=torch.zeros(1, 1, 8, 8), name="digits-torch")
print(model)
print(model.inputs[0])
print("ONNX accuracy:", round(sd.evaluate(model, x_test_nchw, y_test), 3))

# %% [markdown]
# ## 4. Quantize for the microcontroller
#
# `sd.quantize` with `runtime="litert"` (the default) makes a full-integer
# TFLite model. The calibration data is given in the model's own layout
# (NCHW here). On the way, scaledown rebuilds the graph channels last: the
# TFLite model takes **NHWC** images, as cameras and TFLM examples do.

# %%
tiny = sd.quantize(model, "int8", data=x_train_nchw[:300])
print(tiny.inputs[0])
int8_accuracy = sd.evaluate(tiny, x_test, y_test)  # NHWC, as the TFLite model reads
print(f"int8 accuracy {int8_accuracy:.3f} vs PyTorch {torch_accuracy:.3f}")
print(f"size: {tiny.size_bytes:,d} bytes")

# %% [markdown]
# Feeding the old NCHW array to the NHWC model is a mistake scaledown catches,
# and its message says how to move the axes:

# %%
try:
    tiny.predict(x_test_nchw[:1])
except sd.errors.InputError as err:
    print(err)

# %% [markdown]
# If your data is NCHW, say so with `layout="NCHW"` and scaledown moves the
# axes; `sd.evaluate`, `sd.benchmark` and `sd.compare` take it too. Evaluating
# the PyTorch model on LiteRT needs no move at all: data is given in the
# order of the model you pass, and scaledown moves it for the conversion.

# %%
print(sd.evaluate(tiny, x_test_nchw, y_test, layout="NCHW") == int8_accuracy)
print(f"{sd.evaluate(model, x_test_nchw, y_test, runtime='litert'):.3f}")  # float, on LiteRT

# %% [markdown]
# ## 5. Will it fit? Then ship it
#
# `sd.fit` allocates the model in TFLM on this computer to measure its
# working memory (the tensor arena), and compares it and the flash it needs
# with the board's.

# %%
report = sd.fit(tiny, device="arduino-nano-33-ble-sense-rev2")
print(report)

# %%
result = sd.export(tiny, "c", "firmware", name="digits")
for path in result.files:
    print(f"{path.name:16s} {path.stat().st_size:8,d} bytes")
print("operators:", ", ".join(result.ops))

# %% [markdown]
# ## What you learned
#
# - `sd.load(module, example_input=...)` turns a PyTorch module (or a `.pt2`
#   file from `torch.export.save`) into a model every scaledown verb accepts.
# - PyTorch thinks in NCHW; TFLite and microcontrollers in NHWC. The converted
#   model says its layout in `model.inputs[0].layout`; give data in the
#   order of the model you pass, or say it with `layout=`.
# - The int8 model keeps the PyTorch model's accuracy to within a point or so,
#   fits the board, and leaves as C source ready for the firmware.
