"""Calibrate an OpenVINO int8 model's inputs and outputs on the quantizer's samples.

The graph edits live in :mod:`scaledown.backends.openvino.int8_io`; this
module measures the ranges they need: it reads the model's ports (through
``inspect``) and runs the model once on the calibration samples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...vocabulary.feed import Feed
from .int8_io import fake_quantize_grid, int8_boundary, int8_params, port_name


def _range(arrays: list[np.ndarray]) -> tuple[float, float]:
    return (
        float(min(np.min(a) for a in arrays)),
        float(max(np.max(a) for a in arrays)),
    )


def calibrated_int8_io(native: Any, feed: Feed) -> Any:
    """``native`` with int8 inputs and outputs calibrated on ``feed``, as TFLite does it.

    Each float32 input that feeds one FakeQuantize takes that quantizer's grid
    (:func:`fake_quantize_grid`), so it is rounded once; any other float32
    input gets :func:`int8_params` of the range of its calibration samples.
    Each float32 output gets those of the range of
    ``native``'s own outputs on the same samples (``native`` is compiled once
    on the CPU for that, in float32 precision, as ``model.predict`` runs it).
    Inputs are matched to the feed by position.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.vocabulary.feed import Feed
        >>> from scaledown.backends.openvino.tiny import tiny_relu_openvino
        >>> feed = Feed([[np.array([[-1.0, 0.0, 0.5, 1.0]], np.float32)]], ("x",))
        >>> model = sd.load(calibrated_int8_io(tiny_relu_openvino(), feed))
        >>> print(model.inputs[0]); print(model.outputs[0])
        x: ?x4 int8 (scale=0.00784314, zero_point=-1)
        y: ?x4 int8 (scale=0.00196078, zero_point=-128)
    """
    import openvino as ov

    from ...model import Model
    from ..common.predict import run_batches
    from .inspect import port_spec
    from .run import Session

    params: dict[str, tuple[float, int]] = {}
    for j, port in enumerate(native.inputs):
        if port.get_element_type() == ov.Type.f32 and j < len(feed.input_names):
            params[port_name(port, j, "input")] = fake_quantize_grid(port) or int8_params(
                *_range([sample[j] for sample in feed.samples])
            )
    float_outputs = [
        (i, port_name(port, i, "output"))
        for i, port in enumerate(native.outputs)
        if port.get_element_type() == ov.Type.f32
    ]
    if float_outputs:
        specs = [port_spec(port, i, "input") for i, port in enumerate(native.inputs)]
        session = Session(Model(native, "openvino"))
        outs = run_batches(session, specs, feed.stacked())
        for i, name in float_outputs:
            params[name] = int8_params(*_range([outs[i]]))
    return int8_boundary(native, params)
