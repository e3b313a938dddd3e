"""sd.convert refuses a target it has no route to, before any work, listing the routes."""

from __future__ import annotations

import pytest

import scaledown as sd
from scaledown.api.convert import routes, targets
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.errors import ConversionError, InputError

NOT_A_MODEL = object()


def test_an_unknown_target_lists_the_targets_before_loading() -> None:
    with pytest.raises(InputError, match="to='caffe' is not a model format") as err:
        sd.convert(NOT_A_MODEL, to="caffe")
    assert err.value.why.endswith(", ".join(targets()))


def test_a_pair_without_a_route_lists_the_routes(monkeypatch) -> None:
    from scaledown.backends.litert import convert as litert_convert

    called = []
    monkeypatch.setattr(litert_convert, "to_onnx", lambda m: called.append(m))
    with pytest.raises(ConversionError, match="cannot convert a tflite model to keras") as err:
        sd.convert(tiny_dense_tflite(), to="keras")
    assert ", ".join(routes("tflite")) in err.value.why and not called


def test_targets_come_from_the_declarations() -> None:
    from scaledown.backends import REGISTRY

    declared = {t for b in REGISTRY.values() for t in b.routes}
    assert set(targets()) == declared
