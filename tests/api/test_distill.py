"""sd.distill: the loss is Hinton et al.'s, the student learns, bad input is refused."""

from __future__ import annotations

import numpy as np
import pytest
from opt_testkit import accuracy, digits, digits_cnn

import scaledown as sd
from scaledown.datasets import mlperf_tiny
from scaledown.errors import InputError


def _student(units: int = 16, classes: int = 10, softmax: bool = False):
    import keras

    keras.utils.set_random_seed(1)
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Flatten(),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dense(classes, activation="softmax" if softmax else None),
    ])


def _softmax(z, t=1.0):
    e = np.exp((z - z.max(-1, keepdims=True)) / t)
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize(("temperature", "alpha"), [(4.0, 0.1), (2.0, 0.5), (1.0, 1.0)])
def test_loss_is_the_weighted_sum_with_t_squared_scaling(temperature, alpha):
    import keras

    from scaledown.backends.keras.distill import make_distiller

    teacher, student = digits_cnn(), _student()
    distiller = make_distiller(
        student, teacher, temperature=temperature, alpha=alpha,
        student_loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    (x, y), _ = digits()
    x, y = x[:16], y[:16]
    s_logits = np.asarray(student(x))
    loss = float(distiller.compute_loss(x=x, y=y, y_pred=s_logits))
    p_teacher = np.clip(np.asarray(teacher(x)), 1e-7, 1)  # the teacher ends in a softmax
    t_soft = _softmax(np.log(p_teacher), temperature)
    s_soft = _softmax(s_logits, temperature)
    kl = np.mean(np.sum(t_soft * np.log(np.clip(t_soft, 1e-7, 1) / np.clip(s_soft, 1e-7, 1)), -1))
    hard = np.mean(-np.log(_softmax(s_logits)[np.arange(16), y]))
    expected = alpha * hard + (1 - alpha) * temperature**2 * kl
    assert loss == pytest.approx(expected, rel=1e-3, abs=1e-5)
    # only the student trains: the teacher's weights are not the distiller's
    assert len(distiller.trainable_weights) == len(student.trainable_weights)


def test_distilled_student_learns_and_teacher_is_unchanged():
    teacher = digits_cnn()
    before = [w.copy() for w in teacher.get_weights()]
    (x, y), (x_test, y_test) = digits()
    student = sd.distill(teacher, _student(), data=(x, y), epochs=15, temperature=4.0, alpha=0.1)
    assert student.format == "keras"
    student_acc = accuracy(student.predict(x_test), y_test)
    assert student_acc > 85.0  # chance is 10 %
    agreement = np.mean(np.argmax(student.predict(x_test), -1)
                        == np.argmax(teacher.predict(x_test, verbose=0), -1))
    assert agreement > 0.85
    assert all(np.array_equal(a, b) for a, b in zip(before, teacher.get_weights(), strict=True))
    assert teacher.trainable and all(layer.trainable for layer in teacher.layers)


def test_softmax_student_is_supported():
    (x, y), _ = digits()
    student = sd.distill(digits_cnn(), _student(softmax=True), data=(x[:256], y[:256]), epochs=1)
    probabilities = student.predict(x[:5])
    assert np.allclose(probabilities.sum(-1), 1.0, atol=1e-4)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"temperature": 0}, "temperature"),
    ({"alpha": 1.5}, "alpha"),
    ({"epochs": 0}, "epochs"),
    ({}, "needs training data"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        sd.distill(digits_cnn(), _student(), **kwargs)


def test_class_count_mismatch_and_non_keras_models():
    (x, y), _ = digits()
    with pytest.raises(InputError, match="10 outputs but the student has 5"):
        sd.distill(digits_cnn(), _student(classes=5), data=(x, y))
    with pytest.raises(InputError, match="only Keras models"):
        sd.distill(mlperf_tiny("ic", "float"), _student(), data=(x, y))


def test_tf_data_input_uses_a_classification_loss():
    import keras
    import tensorflow as tf

    from scaledown.api.prune import example_labels
    from scaledown.backends.keras.prune import guess_loss

    (x, y), _ = digits()
    data = tf.data.Dataset.from_tensor_slices((x[:64], y[:64])).batch(16)
    loss = guess_loss(keras, _student(), example_labels(data, None))
    assert isinstance(loss, keras.losses.SparseCategoricalCrossentropy)
    student = sd.distill(digits_cnn(), _student(), data=data, epochs=1)
    assert student.predict(x[:2]).shape == (2, 10)
