# ---
# jupyter:
#   kernelspec: {display_name: Python 3, language: python, name: python3}
#   scaledown:
#     title: Pruning and knowledge distillation
#     summary: >-
#       Zero out most of a network's weights and watch accuracy, then train a tiny student
#       to imitate a big teacher.
#     level: intermediate
#     minutes: 30
#     prerequisites: [first-model, quantization]
#     tracks: [ml-practitioner, embedded-engineer]
#     boards: [arduino-nano-33-ble-sense-rev2]
# ---

# %% [markdown]
# # Pruning and knowledge distillation
#
# Quantization stores each number in fewer bits. Two other ideas attack the
# *count* of numbers instead:
#
# - **Pruning** sets the least important weights to zero while the network
#   keeps training, so the others can make up for them. Zeros compress well and
#   can be skipped.
# - **Knowledge distillation** trains a small *student* network to imitate the
#   outputs of a big *teacher*, not just the labels.
#
# You will measure both on the digits: sparsity against accuracy in one plot,
# then a teacher and two students side by side.

# %%
import os
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

import scaledown as sd

keras.utils.set_random_seed(0)
(x_train, y_train), (x_test, y_test) = sd.datasets.load_digits(seed=0)

# %% [markdown]
# ## A bigger model to start from
#
# Pruning pays off on models with many weights, so we train a larger CNN
# than in the first tutorial. It will also be our teacher.

# %%
teacher = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="teacher",
)
teacher.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
teacher.fit(x_train, y_train, epochs=15, batch_size=32, verbose=0)
teacher_acc = sd.evaluate(teacher, x_test, y_test)
print(f"teacher: {sd.load(teacher).param_count:,} parameters, accuracy {teacher_acc:.1%}")

# %% [markdown]
# ## Pruning: how many weights can go?
#
# `sd.prune` raises the share of zero weights step by step during two epochs
# of fine-tuning, always removing the weights closest to zero. We try four
# targets. For each we record the test accuracy and the size of the
# model file after gzip, a fair stand-in for how much the zeros save once
# compressed (an uncompressed file stores a zero in as many bytes as any other
# number).

# %%
sparsities = [0.5, 0.75, 0.9, 0.95]
pruned = {}
for target in sparsities:
    result = sd.prune(teacher, target, data=(x_train, y_train), epochs=2)
    pruned[target] = result
    print(f"target {target:.0%}: reached {result.sparsity:.1%}, "
          f"accuracy {sd.evaluate(result.model, x_test, y_test):.1%}, "
          f"gzip size {result.tflite_gzip_bytes / 1024:.1f} KB "
          f"(unpruned {result.original_gzip_bytes / 1024:.1f} KB)")

# %%
accs = [sd.evaluate(pruned[s].model, x_test, y_test) * 100 for s in sparsities]
sizes = [pruned[s].tflite_gzip_bytes / 1024 for s in sparsities]
base_size = pruned[sparsities[0]].original_gzip_bytes / 1024

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot([0] + [s * 100 for s in sparsities], [teacher_acc * 100, *accs], "o-", label="accuracy")
ax.set_xlabel("share of weights set to zero (%)")
ax.set_ylabel("test accuracy (%)")
ax.set_ylim(0, 100)
ax2 = ax.twinx()
ax2.plot([0] + [s * 100 for s in sparsities], [base_size, *sizes], "s--", color="tab:orange",
         label="gzip size")
ax2.set_ylabel("compressed size (KB)")
ax2.set_ylim(bottom=0)
fig.legend(loc="lower left", bbox_to_anchor=(0.12, 0.18))
ax.set_title("Sparsity against accuracy and size")
ax.grid(alpha=0.3)
plt.show()
# what the text below says, checked on this run
assert accs[0] > teacher_acc * 100 - 3, "half the weights should go at little cost"
assert accs[-1] < accs[0] and sizes[-1] < sizes[0]

# %% [markdown]
# Read the plot from left to right. Accuracy holds while the first half or so
# of the weights goes, then falls, and at some point it collapses: too few
# weights are left to tell ten digits apart. The compressed size falls
# steadily. The sensible choice is the last point before the accuracy drop
# you can accept.
#
# Each layer's report shows where the zeros are:

# %%
print(pruned[0.75])

# %% [markdown]
# ## Distillation: a student learns from a teacher
#
# A teacher's output is more than its top answer: for an image of a 7 it may
# say "90 % a 7, 8 % a 1, 2 % a 9". Those small numbers tell the student which
# digits look alike. Distillation trains the student on a mix of two goals:
# the true label, and the teacher's softened probabilities. `temperature`
# softens them (higher means flatter); `alpha` is the weight of the true labels.
#
# To see what the teacher adds, we train the same tiny student twice from
# the same starting weights: once alone, once with the teacher.

# %%
def make_student():
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="student",
    )


keras.utils.set_random_seed(1)
alone = make_student()
alone.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
alone.fit(x_train, y_train, epochs=25, batch_size=32, verbose=0)

keras.utils.set_random_seed(1)
student = sd.distill(teacher, make_student(), data=(x_train, y_train), epochs=25,
                     temperature=2.0, alpha=0.5)

teacher_pred = teacher.predict(x_test, verbose=0).argmax(axis=1)
rows = {
    "teacher": (sd.load(teacher).param_count, teacher_acc, 1.0),
    "student alone": (sd.load(alone).param_count, sd.evaluate(alone, x_test, y_test),
                      np.mean(alone.predict(x_test, verbose=0).argmax(axis=1) == teacher_pred)),
    "distilled student": (student.param_count, sd.evaluate(student, x_test, y_test),
                          np.mean(student.predict(x_test).argmax(axis=1) == teacher_pred)),
}
print(f"{'model':18s} {'parameters':>10s} {'accuracy':>9s} {'agrees with teacher':>20s}")
for name, (params, acc, agree) in rows.items():
    print(f"{name:18s} {params:10,d} {acc:9.1%} {agree:20.1%}")

# %%
fig, ax = plt.subplots(figsize=(6, 3))
names = list(rows)
ax.barh(names, [rows[n][1] * 100 for n in names], color=["tab:gray", "tab:blue", "tab:green"])
for i, n in enumerate(names):
    ax.text(rows[n][1] * 100 + 0.5, i, f"{rows[n][1]:.1%} with {rows[n][0]:,} parameters",
            va="center")
ax.set_xlim(0, 140)
ax.set_xlabel("test accuracy (%)")
ax.set_title("A teacher and two students")
plt.show()
print(f"the student has {rows['teacher'][0] / rows['distilled student'][0]:.0f}x fewer "
      "parameters than the teacher")
assert abs(rows["student alone"][1] - rows["distilled student"][1]) < 0.05, \
    "the text below says the two students land close together"

# %% [markdown]
# Compare the two students. On a data set this small and this easy, the
# student trained alone already gets most digits right, so the teacher has
# little left to add and the two accuracies land close together; the gap can go
# either way with another random seed. Distillation earns its keep when the
# teacher knows much more than the labels say: large, hard problems where the
# student cannot find that knowledge by itself. Our review of
# [Hinton et al., 2015](../../reviews/hinton-distillation.md) walks through
# the paper's own experiments.
#
# Whatever the method, the student is what you deploy. Quantize it to int8
# and keep it for the *Will it fit?* tutorial and the site's fit matrix:

# %%
student_int8 = sd.quantize(student, "int8", data=x_train[:300])
print(f"distilled student, int8: {student_int8.size_bytes / 1024:.1f} KB, "
      f"accuracy {sd.evaluate(student_int8, x_test, y_test):.1%}")
out = Path(os.environ.get("SCALEDOWN_TUTORIAL_MODELS", "tutorial-models"))
out.mkdir(parents=True, exist_ok=True)
saved = student_int8.save(out / "prune-and-distill-student-int8.tflite")
print("saved", saved.name)

# %% [markdown]
# ## What you learned
#
# - Pruning zeroes the smallest weights during fine-tuning; accuracy holds up to
#   a point and then collapses, so measure before you choose.
# - Zeros save space once the file is compressed (or with kernels that skip them).
# - Distillation trains a small student on a teacher's softened outputs; measure
#   it against the same student trained alone before you credit the teacher.
