"""``sd.prune``: magnitude pruning with fine-tuning, and what it buys you.

The work happens in the backend that declares ``prune`` (today
:mod:`scaledown.backends.keras.prune`: a training
callback on the polynomial schedule of Zhu and Gupta, 2017); this module
checks the arguments, trains a copy of the model and reports the sparsity
reached per layer and the gzip-compressed size of the exported ``.tflite``
file, since a dense file does not shrink from zeros alone.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..backends import backend_module, supporting, verb_module
from ..errors import InputError, a_model
from ..model import Model


@dataclass(frozen=True)
class LayerSparsity:
    """Zeros in one pruned kernel."""

    name: str
    weights: int
    zeros: int

    @property
    def sparsity(self) -> float:
        """Share of weights that are exactly zero."""
        return self.zeros / self.weights if self.weights else 0.0


@dataclass
class PruneResult:
    """The pruned model and a report of what pruning achieved.

    Attributes:
        model: The pruned, fine-tuned Keras model as a :class:`~scaledown.Model`.
        target: The sparsity that was asked for.
        layers: Sparsity reached in every pruned kernel.
        tflite_bytes: Size of the pruned model's float ``.tflite`` file.
        tflite_gzip_bytes: The same file gzip-compressed.
        original_tflite_bytes: Size of the original model's float ``.tflite``.
        original_gzip_bytes: The original file gzip-compressed.
        history: Per-epoch training metrics from Keras (``loss``, ``val_...``).
    """

    model: Model
    target: float
    layers: list[LayerSparsity]
    tflite_bytes: int
    tflite_gzip_bytes: int
    original_tflite_bytes: int
    original_gzip_bytes: int
    history: dict[str, list[float]] = field(default_factory=dict)

    @property
    def sparsity(self) -> float:
        """Share of zeros over all pruned kernels together."""
        total = sum(layer.weights for layer in self.layers)
        return sum(layer.zeros for layer in self.layers) / total if total else 0.0

    @property
    def gzip_ratio(self) -> float:
        """Compressed pruned file / compressed original file (lower is better)."""
        return self.tflite_gzip_bytes / self.original_gzip_bytes

    def __repr__(self) -> str:
        width = max([len("layer"), *(len(layer.name) for layer in self.layers)])
        lines = [
            f"PruneResult: {self.model.name!r} at {self.sparsity:.1%} sparsity "
            f"(target {self.target:.0%}) in {len(self.layers)} kernels",
            f"  {'layer':<{width}}  {'weights':>9}  {'zeros':>9}  sparsity",
        ]
        lines += [f"  {layer.name:<{width}}  {layer.weights:>9,}  {layer.zeros:>9,}  "
                  f"{layer.sparsity:>7.1%}" for layer in self.layers]
        lines.append(
            f"  .tflite {self.tflite_bytes:,} B (original {self.original_tflite_bytes:,} B); "
            f"gzip {self.tflite_gzip_bytes:,} B vs {self.original_gzip_bytes:,} B "
            f"= {self.gzip_ratio:.2f}x"
        )
        return "\n".join(lines)


def _check(sparsity: float, epochs: int, batch_size: int) -> None:
    if isinstance(sparsity, bool) or not isinstance(sparsity, (int, float)) \
            or not 0.0 < sparsity < 1.0:
        raise InputError(f"sparsity={sparsity!r} is not a fraction between 0 and 1",
                         why="sparsity is the share of weights set to zero",
                         fix="pass e.g. sparsity=0.5 (half the weights become zero)")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{name}={value!r} must be a whole number >= 1",
                             fix=f"pass e.g. {name}={2 if name == 'epochs' else 32}")


def training_data(data: Any, what: str) -> tuple[Any, Any, int | None]:
    """Unpack ``(x, y)`` arrays or a tf.data set of batches; return (x, y, n_batches).

    ``what`` names the verb in the error when the data is missing or mismatched.

    Example:
        >>> x, y, n = training_data((np.zeros((4, 2)), np.arange(4)), "prune")
        >>> x.shape, y.tolist(), n
        ((4, 2), [0, 1, 2, 3], None)
    """
    if data is None:
        raise InputError(f"{what} needs training data",
                         why="pruned weights are recovered by training the rest a little",
                         fix="pass data=(x_train, y_train)")
    if hasattr(data, "as_numpy_iterator"):  # tf.data.Dataset of (x, y) batches
        try:
            n = len(data)
        except TypeError:
            n = None
        return data, None, n
    if isinstance(data, (tuple, list)) and len(data) == 2:
        x, y = np.asarray(data[0]), np.asarray(data[1])
        if len(x) != len(y) or len(x) == 0:
            raise InputError(f"data has {len(x)} inputs but {len(y)} labels",
                             why="every input needs one label",
                             fix="pass data=(x, y) with len(x) == len(y) > 0")
        return x, y, None
    raise InputError(f"{what}: data must be (x, y), not {type(data).__name__}",
                     fix="pass data=(x_train, y_train) or a batched tf.data.Dataset of (x, y)")


def example_labels(data: Any, y: Any) -> Any:
    """Labels to guess a loss from: ``y``, or the first batch's labels of a tf.data set."""
    if y is not None:
        return y
    try:
        element = next(iter(data.as_numpy_iterator()))
    except Exception:  # an empty or unusual data set: fall back to the default loss
        return None
    return element[1] if isinstance(element, tuple) and len(element) >= 2 else None


def keras_source(model: Any, verb: str) -> Model:
    """Load ``model`` and make sure it is a trainable Keras model."""
    from .load import load

    source = load(model)
    if source.format not in supporting(verb):
        raise InputError(
            f"cannot {verb} {a_model(source.format)} ({source.name!r})",
            why=f"{verb} trains the model, and only Keras models can be trained here "
                f"({verb} works on: {', '.join(supporting(verb))})",
            fix=f"{verb} the Keras model first, then convert or quantize the result",
        )
    return source


def float_tflite(native: Any) -> bytes:
    """The float ``.tflite`` flatbuffer of a Keras model (no optimization)."""
    return verb_module("keras", "convert").tflite_bytes(
        Model(native=native, format="keras"), lambda converter: None
    )


def prune(
    model: Any,
    sparsity: float = 0.5,
    *,
    data: Any = None,
    epochs: int = 2,
    batch_size: int = 32,
    learning_rate: float = 1e-3,
    loss: Any = None,
    validation_data: Any = None,
    frequency: int | None = None,
    verbose: int = 0,
) -> PruneResult:
    """Zero the smallest weights of a Keras model while fine-tuning the rest.

    The target sparsity is reached gradually over the first 70 % of training
    steps (polynomial schedule, Zhu and Gupta 2017); the remaining steps
    fine-tune with the masks fixed. The caller's model is not changed: a
    copy is pruned.

    Args:
        model: A Keras model (object or file) or a ``keras`` :class:`~scaledown.Model`.
        sparsity: Share of each kernel's weights to set to zero (0-1).
        data: ``(x_train, y_train)`` or a batched ``tf.data.Dataset`` of ``(x, y)``.
        epochs: Passes over ``data`` (at least 1).
        batch_size: Samples per step for array data.
        learning_rate: Adam's learning rate while fine-tuning.
        loss: A Keras loss; by default the model's compiled loss, or one
            guessed from the labels and the last layer.
        validation_data: Optional ``(x_val, y_val)`` reported in ``history``.
        frequency: Steps between mask updates (default: 10 updates in all).
        verbose: Keras' ``fit`` verbosity (0 silent, 1 progress bar).

    Returns:
        A :class:`PruneResult` with ``.model``, per-layer sparsity and sizes.

    Raises:
        InputError: the model is not Keras, has nothing to prune, or an
            argument is out of range.

    Example:
        >>> import scaledown as sd
        >>> sd.prune(sd.load(_tiny()), sparsity=1.5)
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: sparsity=1.5 is not a fraction between 0 and 1
          why: sparsity is the share of weights set to zero
          fix: pass e.g. sparsity=0.5 (half the weights become zero)
    """
    _check(sparsity, epochs, batch_size)
    source = keras_source(model, "prune")
    x, y, n_batches = training_data(data, "prune")
    backend = backend_module(source.format, "prune")

    native = source.native
    keras_module = backend.keras_module_of(native)
    pruned = backend.clone_with_weights(native)
    variables = backend.prunable_variables(pruned)
    if not variables:
        raise InputError(f"model {source.name!r} has no layer with weights to prune",
                         why="pruning zeroes kernels of Dense and convolution layers",
                         fix="check the model: it needs at least one Dense/Conv layer")
    steps_per_epoch = n_batches if y is None else math.ceil(len(x) / batch_size)
    if steps_per_epoch is None:
        raise InputError("the tf.data set has an unknown length",
                         why="the pruning schedule is planned in training steps",
                         fix="give it a length: dataset.take(n) or dataset.apply("
                             "tf.data.experimental.assert_cardinality(n))")
    total = steps_per_epoch * epochs
    end = max(1, int(0.7 * total))
    schedule = backend.Schedule(target=float(sparsity), begin_step=0, end_step=end,
                                frequency=frequency or max(1, end // 10))
    compiled_loss = getattr(native, "loss", None) if getattr(native, "optimizer", None) else None
    if loss is None:
        loss = compiled_loss or backend.guess_loss(keras_module, native, example_labels(x, y))
    pruned.compile(optimizer=keras_module.optimizers.Adam(learning_rate), loss=loss)
    callback = backend.make_callback(keras_module, variables, schedule)
    fit_kwargs: dict[str, Any] = {"epochs": epochs, "verbose": verbose, "callbacks": [callback]}
    if validation_data is not None:
        fit_kwargs["validation_data"] = validation_data
    if y is None:
        history = pruned.fit(x, shuffle=False, **fit_kwargs)
    else:
        history = pruned.fit(x, y, batch_size=batch_size, shuffle=True, **fit_kwargs)
    layers = []
    for name, var in variables:
        w = np.asarray(var.numpy())
        layers.append(LayerSparsity(name, int(w.size), int(np.count_nonzero(w == 0))))
    original, after = float_tflite(native), float_tflite(pruned)
    return PruneResult(
        model=Model(native=pruned, format="keras", name=f"{source.name}-pruned"),
        target=float(sparsity),
        layers=layers,
        tflite_bytes=len(after),
        tflite_gzip_bytes=len(gzip.compress(after, 9)),
        original_tflite_bytes=len(original),
        original_gzip_bytes=len(gzip.compress(original, 9)),
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
    )


def _tiny() -> bytes:  # for the doctest: any model will do to show argument checks
    from ..backends.litert.tiny import tiny_dense_tflite

    return tiny_dense_tflite()
