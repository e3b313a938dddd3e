"""Pack a program's weights losslessly, and write the packed arrays as C.

:func:`pack_weights` replaces each FULLY_CONNECTED call whose weights a
canonical Huffman code (:mod:`scaledown.compiler.huffman`) stores in fewer
bytes with ``sd_fully_connected_packed_s8``, which decodes them while it
multiplies. The arithmetic is unchanged, so the outputs stay byte-identical
to TFLite-Micro's; the price is instructions (one decode per weight read:
1.74x as many on the MLPerf Tiny autoencoder, Cortex-M4) and a little stack
(84 bytes more there, measured on the virtual board); no arena or static RAM.

Example:
    >>> from scaledown.compiler.graph import read_graph
    >>> from scaledown.compiler.lower import lower
    >>> from scaledown.compiler.tiny import tiny_int8_tflite
    >>> program = pack_weights(lower(read_graph(tiny_int8_tflite())))
    >>> program.packed  # too small to gain from packing: kept raw
    {}
"""

from __future__ import annotations

import numpy as np

from .huffman import PackedWeights, pack
from .program import Program

#: Kernels whose weights can be read packed, and the kernel that reads them so.
PACKED_KERNELS = {"sd_fully_connected_s8": "sd_fully_connected_packed_s8"}
#: A tensor is packed only when that saves at least this many bytes of flash.
MIN_SAVING_BYTES = 64
_PER_LINE = 16


def pack_weights(program: Program, *, min_saving: int = MIN_SAVING_BYTES) -> Program:
    """Store the weights of FULLY_CONNECTED calls packed where that saves flash.

    A weight tensor is packed only when every call that reads it can read it
    packed, and when it saves at least ``min_saving`` bytes (stream and tables
    counted). ``program`` is changed in place and returned.
    """
    graph = program.graph
    readers: dict[int, list[tuple[int, int]]] = {}  # tensor -> (call, arg position)
    for c, call in enumerate(program.calls):
        for a, arg in enumerate(call.args):
            if isinstance(arg, str) and arg.startswith("@"):
                readers.setdefault(int(arg[1:]), []).append((c, a))
    for index, uses in readers.items():
        if not all(program.calls[c].kernel in PACKED_KERNELS for c, _ in uses):
            continue
        tensor = graph.tensor(index)
        if tensor.dtype != "int8" or tensor.data is None:
            continue
        packed = pack(np.frombuffer(tensor.data, dtype=np.int8), min_saving=min_saving)
        if packed is None:
            continue
        program.packed[index] = packed
        for c, a in uses:
            call = program.calls[c]
            call.kernel = PACKED_KERNELS[call.kernel]
            call.args[a] = f"&sd_p{index}"
            call.comment += (f"; weights packed {tensor.nbytes} -> {packed.stored_bytes} B "
                             f"({packed.bits_per_value:.2f} bits each, lossless)")
    return program


def _rows(values: list[int]) -> str:
    return ",\n".join("  " + ", ".join(str(v) for v in values[i:i + _PER_LINE])
                      for i in range(0, len(values), _PER_LINE))


def packed_constant(index: int, label: str, packed: PackedWeights) -> str:
    """The C arrays of one packed tensor and the ``sd_packed_s8`` that points at them.

    Args:
        index: The tensor's index (the names are ``sd_p<index>`` and ``sd_p<index>_*``).
        label: What the comment above says the tensor is (already comment-safe).
        packed: The packed tensor.

    Example:
        >>> weights = np.array([0, 0, 0, 1, 0, -1, 0, 0] * 512, dtype=np.int8)
        >>> text = packed_constant(7, "w", pack(weights, min_saving=0))
        >>> "static const sd_packed_s8 sd_p7 = {" in text
        True
    """
    name = f"sd_p{index}"
    return (
        f"/* tensor {index} {label}, packed losslessly: {packed.values} values in "
        f"{packed.stored_bytes} bytes (canonical Huffman code, {packed.bits_per_value:.2f} "
        "bits each; decoded by the kernel as it reads them) */\n"
        f"static const uint8_t {name}_stream[{len(packed.stream)}] = {{\n"
        f"{_rows(list(packed.stream))}\n}};\n"
        f"static const uint16_t {name}_fast[{len(packed.fast)}] = {{\n"
        f"{_rows(list(packed.fast))}\n}};\n"
        f"static const uint16_t {name}_counts[{len(packed.counts)}] = {{\n"
        f"{_rows(list(packed.counts))}\n}};\n"
        f"static const uint8_t {name}_symbols[{len(packed.symbols)}] = {{\n"
        f"{_rows(list(packed.symbols))}\n}};\n"
        f"static const sd_packed_s8 {name} = {{{name}_stream, {name}_fast, {name}_counts, "
        f"{name}_symbols}};\n")
