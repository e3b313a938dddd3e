"""Magnitude pruning for Keras 3 (and tf_keras) models, implemented here.

tfmot's pruning wrappers refuse Keras 3 models, so scaledown prunes with a
training callback instead, following Zhu and Gupta (2017): every ``frequency``
steps between ``begin_step`` and ``end_step`` the target sparsity grows along

    s_t = s_f + (s_i - s_f) * (1 - (t - begin) / (end - begin)) ** 3

and each prunable kernel gets a mask that zeroes its ``s_t`` smallest-magnitude
weights. Between updates the masks stay fixed and are re-applied after every
optimizer step, so pruned weights stay at zero while the others fine-tune.
Biases and normalization weights are never pruned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

KERNEL_ATTRIBUTES: tuple[str, ...] = ("kernel", "depthwise_kernel", "pointwise_kernel")


def polynomial_sparsity(step: int, *, target: float, begin: int, end: int,
                        initial: float = 0.0, power: int = 3) -> float:
    """Target sparsity at ``step`` on the polynomial-decay schedule.

    Example:
        >>> [round(polynomial_sparsity(t, target=0.8, begin=0, end=10), 3) for t in (0, 5, 10, 20)]
        [0.0, 0.7, 0.8, 0.8]
    """
    if step <= begin:
        return initial
    if step >= end:
        return target
    progress = (step - begin) / max(1, end - begin)
    return target + (initial - target) * (1.0 - progress) ** power


def magnitude_mask(weights: np.ndarray, sparsity: float) -> np.ndarray:
    """A 0/1 mask that zeroes the ``sparsity`` share of smallest-|w| entries.

    Example:
        >>> magnitude_mask(np.array([0.1, -3.0, 0.5, 2.0]), 0.5).tolist()
        [0.0, 1.0, 0.0, 1.0]
    """
    k = round(sparsity * weights.size)
    mask = np.ones(weights.size, dtype=weights.dtype)
    if k > 0:
        order = np.argsort(np.abs(weights), axis=None, kind="stable")
        mask[order[:k]] = 0
    return mask.reshape(weights.shape)


def prunable_variables(model: Any) -> list[tuple[str, Any]]:
    """``(layer name, kernel variable)`` of every layer with a prunable kernel."""
    found = []
    for layer in _all_layers(model):
        for attr in KERNEL_ATTRIBUTES:
            var = getattr(layer, attr, None)
            if var is not None and hasattr(var, "assign") and getattr(layer, "trainable", True):
                found.append((f"{layer.name}.{attr}" if attr != "kernel" else layer.name, var))
    return found


def _all_layers(model: Any) -> list[Any]:
    out = []
    for layer in getattr(model, "layers", []):
        if hasattr(layer, "layers") and getattr(layer, "layers", None):
            out.extend(_all_layers(layer))  # nested Sequential/Functional blocks
        else:
            out.append(layer)
    return out


@dataclass
class Schedule:
    """When to update the masks and what sparsity to reach."""

    target: float
    begin_step: int
    end_step: int
    frequency: int

    def due(self, step: int) -> bool:
        """True when the masks are updated at ``step``."""
        if step < self.begin_step or step > self.end_step:
            return False
        return (step - self.begin_step) % self.frequency == 0 or step == self.end_step


def make_callback(keras_module: Any, variables: Sequence[tuple[str, Any]],
                  schedule: Schedule) -> Any:
    """A Keras callback that prunes ``variables`` on ``schedule`` during ``fit``."""

    class MagnitudePruning(keras_module.callbacks.Callback):
        """Updates magnitude masks on schedule and keeps pruned weights at zero."""

        def __init__(self) -> None:
            super().__init__()
            self.step = 0
            self.masks = [np.ones(tuple(v.shape), dtype="float32") for _, v in variables]
            self.current = 0.0

        def _update_masks(self) -> None:
            self.current = polynomial_sparsity(
                self.step, target=schedule.target,
                begin=schedule.begin_step, end=schedule.end_step,
            )
            for i, (_, var) in enumerate(variables):
                self.masks[i] = magnitude_mask(np.asarray(var.numpy()), self.current)

        def _apply(self) -> None:
            for mask, (_, var) in zip(self.masks, variables, strict=True):
                var.assign(np.asarray(var.numpy()) * mask)

        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            if schedule.due(self.step):
                self._update_masks()
                self._apply()

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            self._apply()  # undo the optimizer's changes to pruned weights
            self.step += 1

        def on_train_end(self, logs: Any = None) -> None:
            if self.current < schedule.target:  # training stopped early: finish the job
                self.step = max(self.step, schedule.end_step)
                self._update_masks()
            self._apply()

    return MagnitudePruning()


def output_activation(native: Any) -> str | None:
    """Name of the last layer's activation (``"softmax"``, ``"sigmoid"``...), if any.

    Example:
        >>> output_activation(object()) is None
        True
    """
    layers = _all_layers(native)
    if not layers:
        return None
    last = layers[-1]
    if type(last).__name__ == "Softmax":
        return "softmax"
    activation = getattr(last, "activation", None)
    return getattr(activation, "__name__", None)


def guess_loss(keras_module: Any, native: Any, y: np.ndarray | None) -> Any:
    """A loss that suits the model's output and the labels, for models never compiled.

    Integer labels with several outputs -> sparse categorical cross-entropy;
    one-hot labels -> categorical; one sigmoid output -> binary; else MSE.
    ``from_logits`` follows the last layer's activation.
    """
    losses = keras_module.losses
    activation = output_activation(native)
    out_dim = native.outputs[0].shape[-1] if getattr(native, "outputs", None) else None
    if y is not None and out_dim and out_dim > 1:
        y = np.asarray(y)
        integers = np.issubdtype(y.dtype, np.integer) or bool(np.all(np.mod(y, 1) == 0))
        if (y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)) and integers:
            return losses.SparseCategoricalCrossentropy(from_logits=activation != "softmax")
        if y.ndim == 2 and y.shape[1] == out_dim:
            return losses.CategoricalCrossentropy(from_logits=activation != "softmax")
    if out_dim == 1 and activation == "sigmoid":
        return losses.BinaryCrossentropy()
    return losses.MeanSquaredError()


def keras_module_of(native: Any) -> Any:
    """``tf_keras`` for models built with it, else Keras 3."""
    if type(native).__module__.startswith("tf_keras"):
        import tf_keras

        return tf_keras
    import keras

    return keras


def clone_with_weights(native: Any) -> Any:
    """A copy of the model with the same weights, so the caller's model is untouched."""
    keras_module = keras_module_of(native)
    copy = keras_module.models.clone_model(native)
    copy.set_weights(native.get_weights())
    return copy
