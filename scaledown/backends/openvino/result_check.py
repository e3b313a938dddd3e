"""Read a converter's or quantizer's OpenVINO result: is it an IR model, in the scheme asked?

Example:
    >>> check(type("Model", (), {})(), None)[0]
    'the result is a Model, not an openvino.Model'
"""

from __future__ import annotations

from collections import Counter

from ...model import Model
from ..common.result_types import HALF_TYPES, INT8_TYPES


def check(model: Model | object, scheme: str | None) -> tuple[str | None, list[float]]:
    """Why ``model`` is not an OpenVINO model holding ``scheme`` (it records no scales here).

    Args:
        model: The result, already in the ``openvino`` format.
        scheme: ``int8``, ``dynamic`` or ``float16``; ``None`` checks only that it is IR.

    Returns:
        ``(why not, or None, [])``: FakeQuantize scales are not read.
    """
    native = getattr(model, "native", model)
    if not hasattr(native, "get_ordered_ops"):
        return f"the result is a {type(native).__name__}, not an openvino.Model", []
    if scheme is None:
        return None, []
    weights: Counter = Counter()
    ops: Counter = Counter()
    for node in native.get_ordered_ops():
        kind = node.get_type_name()
        ops[kind] += 1
        if kind == "Constant":
            weights[node.get_output_element_type(0).get_type_name()] += 1
    if scheme == "int8" and "FakeQuantize" not in ops:
        return "it has no FakeQuantize nodes (its activations stay float)", []
    if scheme == "dynamic" and not set(weights) & INT8_TYPES:
        return "every weight is still float32", []
    if scheme == "float16" and not set(weights) & HALF_TYPES:
        return "no weight is float16", []
    return None, []
