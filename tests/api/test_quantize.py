"""sd.quantize refuses an unsupported runtime x scheme x format before any work."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scaledown as sd
from scaledown import backends
from scaledown.backends import quantizers
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.errors import ConversionError, InputError

NOT_A_MODEL = object()  # sd.load would refuse it: an error about it means work had started


def test_a_runtime_that_cannot_quantize_lists_the_ones_that_can() -> None:
    with pytest.raises(InputError, match="cannot quantize for runtime 'keras'") as err:
        sd.quantize(NOT_A_MODEL, "int8", runtime="keras")
    assert err.value.why.endswith(", ".join(quantizers()))


def test_a_scheme_the_runtime_lacks_lists_its_schemes(monkeypatch) -> None:
    registry = dict(backends.REGISTRY)
    openvino = registry["openvino"]
    int8_only = replace(openvino.quantizer, schemes=("int8",))
    registry["openvino"] = replace(openvino, quantizer=int8_only)
    monkeypatch.setattr(backends, "REGISTRY", registry)
    with pytest.raises(InputError, match="cannot apply scheme 'dynamic'") as err:
        sd.quantize(NOT_A_MODEL, "dynamic", runtime="openvino")
    assert err.value.why == "openvino supports: int8"
    assert "litert" in err.value.fix and "onnxruntime" in err.value.fix


def test_a_format_the_quantizer_does_not_start_from_lists_the_ones_it_does() -> None:
    starts = quantizers()["litert"].quantizer.starts_from
    with pytest.raises(ConversionError, match="litert cannot quantize a tflite model") as err:
        sd.quantize(tiny_dense_tflite(), "float16", runtime="litert")
    assert ", ".join(starts) in err.value.why
