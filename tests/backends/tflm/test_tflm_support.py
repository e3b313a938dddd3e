"""The tflm column of sd.inspect: LiteRT's loop over the ops, TFLM's table of kernels."""

from __future__ import annotations

import pytest

from scaledown.backends.litert import support as litert_support
from scaledown.backends.litert.ops import OpInfo
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.backends.tflm import support as tflm_support
from scaledown.model import Model


@pytest.mark.parametrize("op, tflm, litert", [
    (OpInfo(0, "FULLY_CONNECTED", [], []), "yes", "yes"),
    (OpInfo(0, "SignalFramer", [], [], custom=True), "yes", "no"),  # a custom kernel TFLM ships
    (OpInfo(0, "MyOwnOp", [], [], custom=True), "no", "no"),
    (OpInfo(0, "SignalFramer", [], []), "no", "yes"),  # a builtin of that name: not TFLM's
])
def test_each_runtime_asks_its_own_question_of_the_same_op(
        monkeypatch: pytest.MonkeyPatch, op: OpInfo, tflm: str, litert: str) -> None:
    monkeypatch.setattr(litert_support, "list_ops", lambda native: [op])
    model = Model(tiny_dense_tflite(), "tflite")
    assert (tflm_support.judge(model), litert_support.judge(model)) == ([tflm], [litert])


def test_neither_judges_a_model_that_is_not_tflite() -> None:
    model = Model(object(), "onnx")
    assert tflm_support.judge(model) is None and litert_support.judge(model) is None
