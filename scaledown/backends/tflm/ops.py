"""Which TFLite ops TFLite-Micro can run, and how firmware registers each one.

``TFLM_BUILTINS`` maps a TFLite builtin op name to the method of TFLM's
``tflite::MicroMutableOpResolver`` that registers its kernel; ``TFLM_CUSTOM``
does the same for the custom ops TFLM ships (signal processing, detection
post-processing). Both were read from
``tensorflow/lite/micro/micro_mutable_op_resolver.h`` in the tflite-micro
repository (commit 90b983c, August 2026): each ``AddXxx()`` method there
calls ``AddBuiltin(BuiltinOperator_XXX, ...)`` or ``AddCustom("name", ...)``.

:func:`check_ops` reads a model's op list and returns what stops it running
well on a microcontroller, naming the op and the fix:

* ``unsupported``: no TFLM kernel for the op.
* ``hybrid``: float activations with int8 weights (dynamic-range
  quantization); TFLM has no hybrid kernels.
* ``float``: the op computes in float32. TFLM has reference float kernels,
  but the optimized kernel libraries for microcontrollers (Arm CMSIS-NN,
  Espressif ESP-NN) are int8, and float activations take 4x the arena.

Example:
    >>> TFLM_BUILTINS["CONV_2D"], TFLM_BUILTINS["FULLY_CONNECTED"]
    ('AddConv2D', 'AddFullyConnected')
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> [(i.kind, i.op) for i in check_ops(tiny_dense_tflite())]
    [('float', 'FULLY_CONNECTED')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

# fmt: off
TFLM_BUILTINS: dict[str, str] = {
    "ABS": "AddAbs", "ADD": "AddAdd", "ADD_N": "AddAddN", "ARG_MAX": "AddArgMax",
    "ARG_MIN": "AddArgMin", "ASSIGN_VARIABLE": "AddAssignVariable",
    "AVERAGE_POOL_2D": "AddAveragePool2D", "BATCH_MATMUL": "AddBatchMatMul",
    "BATCH_TO_SPACE_ND": "AddBatchToSpaceNd", "BROADCAST_ARGS": "AddBroadcastArgs",
    "BROADCAST_TO": "AddBroadcastTo", "CALL_ONCE": "AddCallOnce", "CAST": "AddCast",
    "CEIL": "AddCeil", "CONCATENATION": "AddConcatenation", "CONV_2D": "AddConv2D",
    "COS": "AddCos", "CUMSUM": "AddCumSum", "DEPTHWISE_CONV_2D": "AddDepthwiseConv2D",
    "DEPTH_TO_SPACE": "AddDepthToSpace", "DEQUANTIZE": "AddDequantize", "DIV": "AddDiv",
    "DYNAMIC_UPDATE_SLICE": "AddDynamicUpdateSlice", "ELU": "AddElu",
    "EMBEDDING_LOOKUP": "AddEmbeddingLookup", "EQUAL": "AddEqual", "EXP": "AddExp",
    "EXPAND_DIMS": "AddExpandDims", "FILL": "AddFill", "FLOOR": "AddFloor",
    "FLOOR_DIV": "AddFloorDiv", "FLOOR_MOD": "AddFloorMod",
    "FULLY_CONNECTED": "AddFullyConnected", "GATHER": "AddGather", "GATHER_ND": "AddGatherNd",
    "GREATER": "AddGreater", "GREATER_EQUAL": "AddGreaterEqual", "HARD_SWISH": "AddHardSwish",
    "IF": "AddIf", "L2_NORMALIZATION": "AddL2Normalization", "L2_POOL_2D": "AddL2Pool2D",
    "LEAKY_RELU": "AddLeakyRelu", "LESS": "AddLess", "LESS_EQUAL": "AddLessEqual",
    "LOG": "AddLog", "LOGICAL_AND": "AddLogicalAnd", "LOGICAL_NOT": "AddLogicalNot",
    "LOGICAL_OR": "AddLogicalOr", "LOGISTIC": "AddLogistic", "LOG_SOFTMAX": "AddLogSoftmax",
    "MAXIMUM": "AddMaximum", "MAX_POOL_2D": "AddMaxPool2D", "MEAN": "AddMean",
    "MINIMUM": "AddMinimum", "MIRROR_PAD": "AddMirrorPad", "MUL": "AddMul", "NEG": "AddNeg",
    "NOT_EQUAL": "AddNotEqual", "PACK": "AddPack", "PAD": "AddPad", "PADV2": "AddPadV2",
    "PRELU": "AddPrelu", "QUANTIZE": "AddQuantize", "READ_VARIABLE": "AddReadVariable",
    "REDUCE_ALL": "AddReduceAll", "REDUCE_MAX": "AddReduceMax", "REDUCE_MIN": "AddReduceMin",
    "RELU": "AddRelu", "RELU6": "AddRelu6", "RESHAPE": "AddReshape",
    "RESIZE_BILINEAR": "AddResizeBilinear",
    "RESIZE_NEAREST_NEIGHBOR": "AddResizeNearestNeighbor", "REVERSE_V2": "AddReverseV2",
    "ROUND": "AddRound", "RSQRT": "AddRsqrt", "SELECT_V2": "AddSelectV2", "SHAPE": "AddShape",
    "SIN": "AddSin", "SLICE": "AddSlice", "SOFTMAX": "AddSoftmax",
    "SPACE_TO_BATCH_ND": "AddSpaceToBatchNd", "SPACE_TO_DEPTH": "AddSpaceToDepth",
    "SPLIT": "AddSplit", "SPLIT_V": "AddSplitV", "SQRT": "AddSqrt", "SQUARE": "AddSquare",
    "SQUARED_DIFFERENCE": "AddSquaredDifference", "SQUEEZE": "AddSqueeze",
    "STRIDED_SLICE": "AddStridedSlice", "SUB": "AddSub", "SUM": "AddSum", "SVDF": "AddSvdf",
    "TANH": "AddTanh", "TRANSPOSE": "AddTranspose", "TRANSPOSE_CONV": "AddTransposeConv",
    "UNIDIRECTIONAL_SEQUENCE_LSTM": "AddUnidirectionalSequenceLSTM", "UNPACK": "AddUnpack",
    "VAR_HANDLE": "AddVarHandle", "WHILE": "AddWhile", "ZEROS_LIKE": "AddZerosLike",
}
TFLM_CUSTOM: dict[str, str] = {
    "CIRCULAR_BUFFER": "AddCircularBuffer", "SignalDelay": "AddDelay",
    "SignalEnergy": "AddEnergy", "SignalFftAutoScale": "AddFftAutoScale",
    "SignalFilterBank": "AddFilterBank", "SignalFilterBankLog": "AddFilterBankLog",
    "SignalFilterBankSpectralSubtraction": "AddFilterBankSpectralSubtraction",
    "SignalFilterBankSquareRoot": "AddFilterBankSquareRoot", "SignalFramer": "AddFramer",
    "SignalIrfft": "AddIrfft", "SignalOverlapAdd": "AddOverlapAdd", "SignalPCAN": "AddPCAN",
    "SignalRfft": "AddRfft", "SignalStacker": "AddStacker", "SignalWindow": "AddWindow",
    "TFLM_DECODE": "AddDecode", "TFLite_Detection_PostProcess": "AddDetectionPostprocess",
}
# fmt: on

# Ops whose float input or output is expected in an int8 model (the model's edges).
_EDGE_OPS = frozenset({"QUANTIZE", "DEQUANTIZE"})
# Ops with a weight input (index 1) that a hybrid model stores as int8.
_WEIGHTED_OPS = frozenset(
    {"FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D", "BATCH_MATMUL", "SVDF",
     "UNIDIRECTIONAL_SEQUENCE_LSTM", "TRANSPOSE_CONV", "EMBEDDING_LOOKUP"}
)

IssueKind = Literal["unsupported", "hybrid", "float"]


@dataclass(frozen=True)
class OpIssue:
    """Something about one op that stops a model running well under TFLite-Micro.

    Attributes:
        kind: ``"unsupported"``, ``"hybrid"`` or ``"float"``.
        op: The op's name, e.g. ``"CONV_2D"``.
        index: The op's position in the graph (execution order).
        message: What is wrong, for a beginner.
        fix: How to fix it.
    """

    kind: IssueKind
    op: str
    index: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"op #{self.index} {self.op}: {self.message}\n    fix: {self.fix}"


def resolver_method(op_name: str) -> str | None:
    """The ``MicroMutableOpResolver`` method that registers ``op_name``, if TFLM has it.

    Example:
        >>> resolver_method("DEPTHWISE_CONV_2D"), resolver_method("GELU")
        ('AddDepthwiseConv2D', None)
    """
    return TFLM_BUILTINS.get(op_name) or TFLM_CUSTOM.get(op_name)


def _ops(model: bytes | Sequence[Any]) -> Sequence[Any]:
    if isinstance(model, bytes | bytearray | memoryview):
        from ..litert.ops import list_ops

        return list_ops(bytes(model))
    return model


def _is_activation_float(t: Any) -> bool:
    return not getattr(t, "is_constant", False) and t.dtype in ("float32", "float16")


def check_ops(model: bytes | Sequence[Any]) -> list[OpIssue]:
    """What in this model TFLite-Micro cannot run, or runs only slowly in float.

    Args:
        model: TFLite flatbuffer bytes, or the list from
            :func:`scaledown.backends.litert.ops.list_ops`.

    Returns:
        One :class:`OpIssue` per problem op, in graph order; empty when the
        model is a fully int8 model made of TFLM ops.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> print(check_ops(tiny_dense_tflite())[0])  # doctest: +ELLIPSIS
        op #0 FULLY_CONNECTED: computes in float32...
    """
    issues: list[OpIssue] = []
    for op in _ops(model):
        if resolver_method(op.name) is None:
            issues.append(
                OpIssue(
                    "unsupported", op.name, op.index,
                    "TFLite-Micro has no kernel for this op",
                    f"rebuild the model without the layer that produces {op.name} "
                    "(TFLM's op list: scaledown.backends.tflm.ops.TFLM_BUILTINS), "
                    "or run it on a Linux board with LiteRT",
                )
            )
            continue
        if op.name in _EDGE_OPS:
            continue
        acts = [t for t in (*op.inputs, *op.outputs) if not getattr(t, "is_constant", False)]
        weights = [t for t in op.inputs[1:2] if getattr(t, "is_constant", False)]
        float_acts = any(_is_activation_float(t) for t in acts)
        if op.name in _WEIGHTED_OPS and float_acts and weights and weights[0].dtype == "int8":
            issues.append(
                OpIssue(
                    "hybrid", op.name, op.index,
                    "float activations with int8 weights (a hybrid, dynamic-range op); "
                    "TFLite-Micro has no hybrid kernels",
                    "quantize fully to int8 with calibration data: "
                    "sd.quantize(model, scheme='int8', data=samples)",
                )
            )
        elif float_acts:
            issues.append(
                OpIssue(
                    "float", op.name, op.index,
                    "computes in float32; microcontroller kernel libraries (CMSIS-NN, "
                    "ESP-NN) are int8-only and float tensors need 4x the arena",
                    "quantize to int8: sd.quantize(model, scheme='int8', data=samples)",
                )
            )
    return issues


def summarize(issues: Sequence[OpIssue]) -> list[str]:
    """One line per (kind, op name): how many ops and where the first one is.

    Example:
        >>> a = OpIssue("float", "CONV_2D", 0, "computes in float32", "quantize")
        >>> b = OpIssue("float", "CONV_2D", 3, "computes in float32", "quantize")
        >>> summarize([a, b])
        ['CONV_2D x2 (first at op #0): computes in float32']
    """
    groups: dict[tuple[str, str], list[OpIssue]] = {}
    for issue in issues:
        groups.setdefault((issue.kind, issue.op), []).append(issue)
    lines = []
    for (_, op), items in groups.items():
        count = f" x{len(items)}" if len(items) > 1 else ""
        lines.append(f"{op}{count} (first at op #{items[0].index}): {items[0].message}")
    return lines
