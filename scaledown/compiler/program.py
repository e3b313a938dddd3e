"""A graph lowered to kernel calls: the data the code generator reads.

:class:`Program` holds the :class:`Call` of every operator, in order, with
arguments that are C expressions, integers, or placeholders for things only
known after planning (:class:`TensorArg`, a tensor's address) or written in a
special form (:class:`ShapeArg`, :class:`PointerListArg`).

Example:
    >>> Call(None, "sd_copy_s8", [4, TensorArg(0), TensorArg(1)], "a copy", (0,), (1,)).kernel
    'sd_copy_s8'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .graph import Graph, Operator


@dataclass(frozen=True)
class TensorArg:
    """An argument that is a tensor's data pointer, resolved once the arena is planned."""

    index: int


@dataclass(frozen=True)
class ShapeArg:
    """A 4-D shape argument (an ``sd_shape`` compound literal)."""

    dims: tuple[int, int, int, int]


@dataclass(frozen=True)
class PointerListArg:
    """An array of tensor pointers (a compound literal), e.g. the parts of a CONCATENATION."""

    indices: tuple[int, ...]


@dataclass
class Call:
    """One kernel call of the generated ``sd_model_invoke``.

    Attributes:
        op: The operator it comes from.
        kernel: The C function, e.g. ``"sd_conv2d_s8"``.
        args: Arguments in order: C expressions (``str``), ints, tensors, shapes.
        comment: What the call does, for the generated code.
        reads: Activation tensors read.
        writes: Activation tensors written.
        params_type: The C struct of the call's parameters, if any.
        params: That struct's fields.
        arrays: Extra constant ``int32_t`` arrays: name suffix -> values.
    """

    op: Operator
    kernel: str
    args: list[Any]
    comment: str
    reads: tuple[int, ...]
    writes: tuple[int, ...]
    params_type: str | None = None
    params: dict[str, int] = field(default_factory=dict)
    arrays: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Program:
    """A graph lowered to kernel calls.

    Attributes:
        graph: The graph it comes from.
        calls: The calls, in execution order.
        input: The int8 tensor ``sd_model_invoke`` reads from its ``input`` pointer.
        output: The int8 tensor it writes to its ``output`` pointer.
        aliases: Tensors that share another tensor's memory (a RESHAPE's output).
        constants: The constant tensors the calls use.
        folded: Operators dropped because they only compute a RESHAPE's shape.
        packed: Constant tensors stored packed (:mod:`scaledown.compiler.packing`):
            index -> a :class:`~scaledown.compiler.huffman.PackedWeights`.
    """

    graph: Graph
    calls: list[Call]
    input: int
    output: int
    aliases: dict[int, int] = field(default_factory=dict)
    constants: list[int] = field(default_factory=list)
    folded: list[int] = field(default_factory=list)
    packed: dict[int, Any] = field(default_factory=dict)

    def root(self, index: int) -> int:
        """The tensor whose memory ``index`` lives in (follows RESHAPE aliases)."""
        while index in self.aliases:
            index = self.aliases[index]
        return index
