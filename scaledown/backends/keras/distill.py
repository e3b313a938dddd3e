"""Knowledge distillation for Keras 3 models (Hinton, Vinyals and Dean, 2015).

A :class:`keras.Model` subclass wraps the student and overrides
``compute_loss``, which Keras 3 calls from every backend's ``train_step``:

    loss = alpha * CE(y, student) + (1 - alpha) * T^2 * KL(softmax(t/T) || softmax(s/T))

with ``t`` and ``s`` the teacher's and student's logits. The ``T^2`` factor
keeps the soft-target gradients on the same scale as the hard-label ones when
``T`` changes (section 2 of the paper). Models that end in a softmax are
handled by taking ``log(p)`` as logits: ``softmax(log(p) / T)`` equals
``softmax(z / T)`` because the log-sum-exp constant cancels.

Example:
    The distiller predicts with the student alone:

    >>> import keras
    >>> import numpy as np
    >>> teacher = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    >>> student = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    >>> distiller = make_distiller(student, teacher, temperature=4.0, alpha=0.1,
    ...                            student_loss=keras.losses.SparseCategoricalCrossentropy())
    >>> x = np.ones((2, 4), np.float32)
    >>> bool(np.allclose(distiller(x), student(x)))
    True
"""

from __future__ import annotations

from typing import Any

from .prune import output_activation


def make_distiller(student: Any, teacher: Any, *, temperature: float, alpha: float,
                   student_loss: Any) -> Any:
    """A trainable model whose ``fit`` trains ``student`` against ``teacher``."""
    import keras
    from keras import ops

    teacher_probs = output_activation(teacher) == "softmax"
    student_probs = output_activation(student) == "softmax"
    # The teacher is reached through this closure, not stored as an attribute: Keras
    # would track its weights as the distiller's own and train them. Its
    # ``trainable`` flag is left alone, so the caller's model is not changed.

    def logits(y: Any, is_probs: bool) -> Any:
        return ops.log(ops.clip(y, 1e-7, 1.0)) if is_probs else y

    class Distiller(keras.Model):
        """Trains the wrapped student; predicts with the student alone."""

        def __init__(self) -> None:
            super().__init__()
            self.student = student
            self.kl = keras.losses.KLDivergence()

        def call(self, x: Any, training: bool = False) -> Any:
            return self.student(x, training=training)

        def compute_loss(self, x: Any = None, y: Any = None, y_pred: Any = None,
                         sample_weight: Any = None, training: bool = True) -> Any:
            teacher_out = ops.stop_gradient(teacher(x, training=False))
            t = ops.softmax(logits(teacher_out, teacher_probs) / temperature, axis=-1)
            s = ops.softmax(logits(y_pred, student_probs) / temperature, axis=-1)
            soft = self.kl(ops.stop_gradient(t), s) * (temperature**2)
            hard = student_loss(y, y_pred)
            return alpha * hard + (1.0 - alpha) * soft

    return Distiller()
