"""What the compiler accepts at the level of the whole model.

Before any operator is lowered: a float or hybrid model is refused with the
advice to quantize (:func:`check_precision`); the model must have one int8
input and one int8 output, float QUANTIZE/DEQUANTIZE edges aside
(:func:`boundary`); and int32 operators that only compute a RESHAPE's shape
are dropped (:func:`shape_only_ops`).

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.compiler.graph import read_graph
    >>> check_precision(read_graph(tiny_dense_tflite()), "tiny")
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: tiny computes in float32 (op #0 FULLY_CONNECTED)
      why: sd.compile writes int8 kernels only; a float or hybrid model has no int8 path
      fix: quantize it fully to int8 first: sd.quantize(model, scheme="int8", data=samples)
"""

from __future__ import annotations

from ..errors import InputError
from .graph import Graph, Operator, Tensor

#: The operators sd.compile has kernels for.
SUPPORTED_OPS: tuple[str, ...] = (
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE",
    "FULLY_CONNECTED", "LOGISTIC", "MAX_POOL_2D", "MEAN", "PAD", "PADV2", "QUANTIZE", "RESHAPE",
    "SOFTMAX",
)
FALLBACK = 'export it for TFLite-Micro instead: sd.export(model, "c", out_dir)'
_WEIGHTED = ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED")


def is_float(t: Tensor) -> bool:
    """True for a float tensor (float16, float32 or float64).

    Example:
        >>> is_float(Tensor(0, "x", (1,), "float32")), is_float(Tensor(0, "q", (1,), "int8"))
        (True, False)
    """
    return t.dtype in ("float32", "float16", "float64")


def check_precision(graph: Graph, source: str) -> None:
    """Refuse float and hybrid models with the advice to quantize (``source`` names the model).

    Raises:
        InputError: an op computes in float, or the weights are dequantized at run time.
    """
    boundary = {"QUANTIZE": 0, "DEQUANTIZE": 1}  # which side may be float
    for op in graph.operators:  # int8 weights turned to float at run time: dynamic range
        if op.name == "DEQUANTIZE" and op.inputs and graph.tensor(op.inputs[0]).is_constant:
            raise InputError(
                f"{source} is a hybrid (dynamic-range) model (op #{op.index} DEQUANTIZE "
                f"turns the weights {graph.tensor(op.inputs[0]).name!r} back to float)",
                why="sd.compile writes int8 kernels only; a float or hybrid model has no "
                "int8 path",
                fix='quantize it fully to int8 first: sd.quantize(model, scheme="int8", '
                "data=samples)",
            )
    found: list[tuple[bool, Operator]] = []  # (hybrid?, op) for each op computing in float
    for op in graph.operators:
        if op.custom or op.name in boundary:
            continue
        ins = [graph.tensor(i) for i in op.inputs if i >= 0]
        outs = [graph.tensor(i) for i in op.outputs]
        acts = [t for t in (*ins, *outs) if not t.is_constant]
        if not any(is_float(t) for t in acts):
            continue
        weights = [graph.tensor(i) for i in op.inputs[1:2] if i >= 0]
        found.append((op.name in _WEIGHTED and bool(weights) and weights[0].dtype == "int8", op))
    if found:
        hybrid, op = max(found, key=lambda f: f[0])  # name a hybrid op if there is one
        kind = "is a hybrid (dynamic-range) model" if hybrid else "computes in float32"
        raise InputError(
            f"{source} {kind} (op #{op.index} {op.name})",
            why="sd.compile writes int8 kernels only; a float or hybrid model has no int8 path",
            fix='quantize it fully to int8 first: sd.quantize(model, scheme="int8", data=samples)',
        )


def shape_only_ops(graph: Graph) -> set[int]:
    """Operators that only compute the new shape of a RESHAPE (known at compile time).

    Keras' ``Flatten`` becomes ``SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE``;
    every tensor here has a fixed shape, so the compiler drops the int32 ops
    whose results only feed a RESHAPE's shape input.

    Example:
        >>> from scaledown.compiler.graph import Graph, Operator, Tensor
        >>> t = [Tensor(0, "x", (1, 2, 2), "int8"), Tensor(1, "s", (3,), "int32"),
        ...      Tensor(2, "y", (1, 4), "int8")]
        >>> ops = (Operator(0, "SHAPE", (0,), (1,)), Operator(1, "RESHAPE", (0, 1), (2,)))
        >>> shape_only_ops(Graph(tuple(t), ops, (0,), (2,)))
        {0}
    """
    dropped: set[int] = set()
    for op in reversed(graph.operators):
        if not op.outputs or any(graph.tensor(o).dtype != "int32" or o in graph.outputs
                                 for o in op.outputs):
            continue
        users = [(u, pos) for u in graph.operators for pos, i in enumerate(u.inputs)
                 if i in op.outputs]
        if users and all((u.name == "RESHAPE" and pos == 1) or u.index in dropped
                         for u, pos in users):
            dropped.add(op.index)
    return dropped


def boundary(graph: Graph, source: str) -> tuple[int, int, set[int]]:
    """The int8 input and output tensors, and the float QUANTIZE/DEQUANTIZE edge ops skipped.

    Raises:
        InputError: several inputs or outputs, a non-int8 edge, or no operator between them.

    Example:
        >>> x = Tensor(0, "x", (1, 4), "float32")
        >>> q = Tensor(1, "q", (1, 4), "int8", (0.1,), (0,))
        >>> y = Tensor(2, "y", (1, 4), "int8", (1 / 256,), (-128,))
        >>> ops = (Operator(0, "QUANTIZE", (0,), (1,)), Operator(1, "SOFTMAX", (1,), (2,)))
        >>> boundary(Graph((x, q, y), ops, (0,), (2,)), "m")
        (1, 2, {0})
    """
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        raise InputError(
            f"{source} has {len(graph.inputs)} inputs and {len(graph.outputs)} outputs",
            why="sd_model_invoke takes one int8 input and gives one int8 output",
            fix="compile a model with a single input and a single output, or " + FALLBACK,
        )
    skipped: set[int] = set()
    inp, outp = graph.inputs[0], graph.outputs[0]
    if is_float(graph.tensor(inp)):
        readers = [op for op in graph.operators if inp in op.inputs]
        if len(readers) == 1 and readers[0].name == "QUANTIZE":
            skipped.add(readers[0].index)
            inp = readers[0].outputs[0]
    if is_float(graph.tensor(outp)):
        writers = [op for op in graph.operators if outp in op.outputs]
        if len(writers) == 1 and writers[0].name == "DEQUANTIZE":
            skipped.add(writers[0].index)
            outp = writers[0].inputs[0]
    for t in (inp, outp):
        if graph.tensor(t).dtype != "int8":
            raise InputError(
                f"{source}'s {'input' if t == inp else 'output'} {graph.tensor(t).name!r} "
                f"is {graph.tensor(t).dtype}",
                why="sd_model_invoke reads and writes int8 tensors",
                fix='quantize with int8 inputs and outputs: sd.quantize(model, scheme="int8", '
                "data=samples)",
            )
    if inp == outp:
        raise InputError(f"{source}'s output is its input: there is nothing to compile",
                         fix="compile a model with at least one operator")
    return inp, outp, skipped
