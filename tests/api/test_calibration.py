"""Calibration feeds: every accepted form of data, and the mistakes they catch."""

from __future__ import annotations

import numpy as np
import pytest

from scaledown.api.calibration import build_feed
from scaledown.errors import CalibrationError
from scaledown.model import TensorSpec

ONE = [TensorSpec("x", (None, 4), "float32")]
TWO = [TensorSpec("a", (None, 4), "float32"), TensorSpec("b", (1, 3), "float32")]


def _rows(n, width, start=0):
    return np.arange(start, start + n * width, dtype=np.float32).reshape(n, width)


def test_array_tuple_and_generators_give_the_same_samples():
    x = _rows(10, 4)
    forms = [x, (x, np.zeros(10)), list(x), (row for row in x),
             (x[i : i + 5] for i in (0, 5)), lambda: iter([[x]]), [{"x": x}]]
    for data in forms:
        feed = build_feed(data, ONE)
        assert len(feed) == 10 and np.array_equal(feed.stacked()[0], x), type(data)
        assert all(s[0].shape == (1, 4) and s[0].dtype == np.float32 for s in feed)


def test_max_samples_stops_early_even_for_endless_generators():
    def endless():
        while True:
            yield np.ones(4)

    assert len(build_feed(endless(), ONE, max_samples=7)) == 7


def test_multi_input_data_by_position_or_name():
    a, b = _rows(6, 4), _rows(6, 3, start=100)
    for data in ([a, b], {"b": b, "a": a}, ((a, b), np.zeros(6))):
        feed = build_feed(data, TWO)
        assert feed.input_names == ("a", "b") and len(feed) == 6
        assert np.array_equal(feed.stacked()[1], b)
    assert next(feed.as_dicts()).keys() == {"a", "b"}


@pytest.mark.parametrize(("data", "message"), [
    (None, "no calibration data"),
    (np.zeros((0, 4)), "empty"),
    (np.zeros((5, 5)), "expects (batch, 4)"),
    (np.array([["a", "b", "c", "d"]]), "not numbers"),
    ([np.ones(4), np.ones(5)], "item 1"),
])
def test_mistakes_are_named(data, message):
    with pytest.raises(CalibrationError) as info:
        build_feed(data, ONE)
    assert message in str(info.value) and "fix:" in str(info.value)


def test_multi_input_mistakes_are_named():
    with pytest.raises(CalibrationError, match=r"add the missing input\(s\) \['b'\]"):
        build_feed({"a": _rows(2, 4)}, TWO)
    with pytest.raises(CalibrationError, match="input 'b' has shape"):
        build_feed([_rows(2, 4), _rows(2, 4)], TWO)


def test_multi_input_keras_model_quantizes_on_litert():
    import keras

    import scaledown as sd

    a, b = keras.Input((4,), name="a"), keras.Input((3,), name="b")
    model = keras.Model([a, b], keras.layers.Dense(2)(keras.layers.Concatenate()([a, b])))
    rng = np.random.default_rng(0)
    data = {"a": rng.normal(size=(20, 4)), "b": rng.normal(size=(20, 3))}
    quantized = sd.quantize(model, "int8", data=data)
    assert sorted(spec.shape[-1] for spec in quantized.inputs) == [3, 4]
    assert all(spec.dtype == "int8" for spec in quantized.inputs)


def test_every_quantizer_declares_its_capabilities():
    from scaledown.api.quantize import SCHEMES, quantizer
    from scaledown.backends import model_formats, quantizers, runtimes, verb_module

    assert quantizers()
    for runtime in quantizers():
        declared = quantizer(runtime)
        plan = declared.quantizer
        assert runtimes()[runtime] == plan.makes
        assert set(plan.schemes) <= set(SCHEMES) and plan.schemes
        assert set(plan.starts_from) <= set(model_formats())
        module = verb_module(declared.name, "quantize")
        assert callable(module.quantize) and callable(module.require_tools)
