"""``sd.distill``: train a small student model to imitate a big teacher.

Soft targets at temperature ``T`` with the ``T^2`` scaling of Hinton et al.
(2015), mixed with the ordinary loss on the true labels; the training itself
is :mod:`scaledown.backends.keras.distill`.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Model
from .prune import example_labels, keras_source, training_data


def _check(temperature: float, alpha: float, epochs: int) -> None:
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) \
            or temperature <= 0:
        raise InputError(f"temperature={temperature!r} must be a number above 0",
                         why="the teacher's logits are divided by it (1 = plain softmax)",
                         fix="pass e.g. temperature=4.0; higher values soften the targets")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 <= alpha <= 1:
        raise InputError(f"alpha={alpha!r} is not between 0 and 1",
                         why="alpha weights the true-label loss, 1 - alpha the teacher's",
                         fix="pass e.g. alpha=0.1 (mostly learn from the teacher)")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise InputError(f"epochs={epochs!r} must be a whole number >= 1", fix="pass epochs=5")


def distill(
    teacher: Any,
    student: Any,
    *,
    data: Any = None,
    temperature: float = 4.0,
    alpha: float = 0.1,
    epochs: int = 5,
    batch_size: int = 32,
    learning_rate: float = 1e-3,
    validation_data: Any = None,
    verbose: int = 0,
) -> Model:
    """Train ``student`` on ``data`` with ``teacher``'s softened predictions.

    The student's weights are trained in place; the teacher is not changed.
    Both must be Keras classifiers with the same number of classes.

    Args:
        teacher: The big, trained Keras model (object, file or ``Model``).
        student: The small Keras model to train (it may be untrained).
        data: ``(x_train, y_train)`` with integer labels, or a batched
            ``tf.data.Dataset`` of ``(x, y)``.
        temperature: Softens both models' outputs; 1 is a plain softmax.
        alpha: Weight of the true-label loss; ``1 - alpha`` goes to matching
            the teacher.
        epochs: Passes over ``data``.
        batch_size: Samples per step for array data.
        learning_rate: Adam's learning rate.
        validation_data: Optional ``(x_val, y_val)`` for Keras' progress output.
        verbose: Keras' ``fit`` verbosity.

    Returns:
        The trained student as a :class:`~scaledown.Model`.

    Raises:
        InputError: a model is not Keras, the output sizes differ, or an
            argument is out of range.

    Example:
        >>> import scaledown as sd
        >>> sd.distill(None, None, temperature=0)
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: temperature=0 must be a number above 0
          why: the teacher's logits are divided by it (1 = plain softmax)
          fix: pass e.g. temperature=4.0; higher values soften the targets
    """
    _check(temperature, alpha, epochs)
    teacher_m, student_m = keras_source(teacher, "distill"), keras_source(student, "distill")
    x, y, _ = training_data(data, "distill")
    t_native, s_native = teacher_m.native, student_m.native
    t_classes, s_classes = t_native.outputs[0].shape[-1], s_native.outputs[0].shape[-1]
    if t_classes != s_classes:
        raise InputError(
            f"the teacher has {t_classes} outputs but the student has {s_classes}",
            why="the student learns to match the teacher's probability for every class",
            fix=f"give the student's last layer {t_classes} units",
        )
    import keras

    from ..backends import backend_module

    make_distiller = backend_module(student_m.format, "distill").make_distiller
    training = backend_module(student_m.format, "prune")  # its loss and activation helpers
    guess_loss, output_activation = training.guess_loss, training.output_activation

    if type(s_native).__module__.startswith("tf_keras"):
        raise InputError("the student is a tf_keras (legacy Keras 2) model",
                         why="distillation trains with Keras 3",
                         fix="rebuild the student with keras (Keras 3) layers")
    student_loss = guess_loss(keras, s_native, example_labels(x, y))
    distiller = make_distiller(s_native, t_native, temperature=float(temperature),
                               alpha=float(alpha), student_loss=student_loss)
    metrics = ["accuracy"] if output_activation(s_native) == "softmax" else []
    distiller.compile(optimizer=keras.optimizers.Adam(learning_rate), metrics=metrics)
    fit_kwargs: dict[str, Any] = {"epochs": epochs, "verbose": verbose}
    if validation_data is not None:
        fit_kwargs["validation_data"] = validation_data
    if y is None:
        distiller.fit(x, shuffle=False, **fit_kwargs)
    else:
        distiller.fit(x, y, batch_size=batch_size, shuffle=True, **fit_kwargs)
    return Model(native=s_native, format="keras", name=student_m.name)
