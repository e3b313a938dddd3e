"""What a backend's inspector reports about a model, in one shape for all formats.

It imports nothing of ours outside ``scaledown.vocabulary``.

Example:
    >>> row = LayerRow(0, "CONV_2D", "conv1", (1, 8, 8, 4), params=112, macs=6912)
    >>> row.kind, row.macs
    ('CONV_2D', 6912)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tensors import TensorSpec


@dataclass
class LayerRow:
    """One layer (Keras) or op (TFLite, ONNX, OpenVINO) in execution order.

    Attributes:
        index: Position in execution order.
        kind: Layer class or op type, e.g. ``"Conv2D"`` or ``"CONV_2D"``.
        name: The layer's or output tensor's name.
        output_shape: Shape of the first output, ``None`` for unknown dims.
        params: Stored weights used by this layer/op.
        macs: Multiply-accumulates at batch 1.
        support: Runtime -> ``"yes"``, ``"no"`` or ``"?"``, filled by ``sd.inspect``.
    """

    index: int
    kind: str
    name: str
    output_shape: tuple[int | None, ...] | None
    params: int = 0
    macs: int = 0
    support: dict[str, str] = field(default_factory=dict)


@dataclass
class Facts:
    """Everything the backend's ``inspect.facts(model)`` computes once."""

    inputs: list[TensorSpec]
    outputs: list[TensorSpec]
    param_count: int
    macs: int
    size_bytes: int
    is_quantized: bool
    layers: list[LayerRow]
    peak_activation_bytes: int | None = None
    notes: list[str] = field(default_factory=list)
