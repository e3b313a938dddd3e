"""sd.emulate's input sample: a channels-first image for a channels-last model is refused."""

from __future__ import annotations

import numpy as np
import pytest
from layout_testkit import cube_conv_onnx

import scaledown as sd
from scaledown.errors import InputError


def test_a_channels_first_input_for_a_channels_last_model_is_refused() -> None:
    onnx_model = sd.load(cube_conv_onnx(channels=2, size=4))
    calib = np.random.default_rng(0).random((32, 2, 4, 4), dtype=np.float32)
    tiny = sd.quantize(onnx_model, scheme="int8", data=calib, runtime="litert")
    with pytest.raises(InputError) as err:  # 32 bytes either way: only the shape tells
        sd.emulate(tiny, core="cortex-m4", input=tiny.inputs[0].quantize(calib[0]))
    assert "takes NHWC" in err.value.why and "transpose(0, 2, 3, 1)" in err.value.fix
