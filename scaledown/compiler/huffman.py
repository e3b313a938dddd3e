"""Lossless weight packing: a canonical Huffman code per weight tensor.

Quantized int8 weights do not use their 256 values evenly (most sit near
zero), so a prefix code stores them in fewer than 8 bits each and the kernel
decodes them back while it multiplies. Decoding restores every byte, so the
model's outputs do not change at all.

The code is canonical (codes of one length are consecutive numbers, in symbol
order), so the device needs only how many codes each length has and the
symbols in code order, plus a 256-entry table that decodes every code of at
most :data:`FAST_BITS` bits in one lookup. Lengths are limited to
:data:`MAX_BITS`, so the decoder's 32-bit bit buffer always holds a whole code.

:func:`pack` returns ``None`` when the packed form (stream and tables) would
not be smaller than the raw bytes, so a tensor is only packed when it pays.

Example:
    >>> import numpy as np
    >>> weights = np.array([0, 0, 0, 1, 0, -1, 0, 0] * 512, dtype=np.int8)
    >>> packed = pack(weights, min_saving=0)
    >>> packed.stored_bytes < weights.size
    True
    >>> bool(np.array_equal(unpack(packed), weights))
    True
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

#: Longest code allowed (the decoder refills its 32-bit buffer to at least 25 bits).
MAX_BITS = 16
#: Codes this long or shorter decode with one table lookup.
FAST_BITS = 8
#: Zero bytes after the stream, so the decoder's refill never reads past the array.
STREAM_PADDING = 4
#: Tables stored beside the stream: the fast table (uint16 each), the count per length.
TABLE_BYTES = 2 * (1 << FAST_BITS) + 2 * (MAX_BITS + 1)


@dataclass(frozen=True)
class PackedWeights:
    """One int8 tensor as a canonical Huffman code.

    Attributes:
        values: How many int8 values the stream decodes to.
        stream: The codes, most significant bit first, padded with zero bytes.
        counts: ``counts[n]``: how many codes are ``n`` bits long (``n`` = 0..MAX_BITS).
        symbols: The values in canonical code order, as unsigned bytes.
        fast: 256 entries: ``length << 8 | symbol`` for the code the next 8 bits start
            with, or 0 when that code is longer than 8 bits.
    """

    values: int
    stream: bytes
    counts: tuple[int, ...]
    symbols: bytes
    fast: tuple[int, ...]

    @property
    def stored_bytes(self) -> int:
        """Flash the packed form takes: stream, symbols and both tables."""
        return len(self.stream) + len(self.symbols) + TABLE_BYTES

    @property
    def bits_per_value(self) -> float:
        """Average bits per value in the stream alone."""
        return 8 * (len(self.stream) - STREAM_PADDING) / max(1, self.values)


def _huffman_lengths(counts: np.ndarray) -> dict[int, int]:
    """Code length per symbol (0..255) with a nonzero count: a plain Huffman tree."""
    used = [int(s) for s in np.flatnonzero(counts)]
    if len(used) == 1:
        return {used[0]: 1}
    heap = [(int(counts[s]), s, (s,)) for s in used]
    heapq.heapify(heap)
    depth = dict.fromkeys(used, 0)
    while len(heap) > 1:
        w1, t1, a = heapq.heappop(heap)
        w2, t2, b = heapq.heappop(heap)
        for s in a + b:
            depth[s] += 1
        heapq.heappush(heap, (w1 + w2, min(t1, t2), a + b))
    return depth


def code_lengths(values: np.ndarray) -> dict[int, int]:
    """Code length per byte value (0..255) present in ``values``, at most :data:`MAX_BITS`.

    When a plain Huffman code is too deep, the counts are flattened (halved,
    keeping every used value) until it is not: the code stays valid, a little
    longer on average.

    Example:
        >>> code_lengths(np.array([5, 5, 5, 7], dtype=np.int8))
        {5: 1, 7: 1}
    """
    counts = np.bincount(np.asarray(values, dtype=np.int8).view(np.uint8), minlength=256)
    counts = counts.astype(np.int64)
    while True:
        lengths = _huffman_lengths(counts)
        if max(lengths.values()) <= MAX_BITS:
            return dict(sorted(lengths.items()))
        counts = np.where(counts > 0, (counts + 1) // 2, 0)


def _canonical(lengths: dict[int, int]) -> list[tuple[int, int, int]]:
    """(symbol, length, code) in canonical order."""
    order = sorted(lengths, key=lambda s: (lengths[s], s))
    code, previous, table = 0, 0, []
    for symbol in order:
        code <<= lengths[symbol] - previous
        previous = lengths[symbol]
        table.append((symbol, previous, code))
        code += 1
    return table


def pack(values: np.ndarray, *, min_saving: int = 1) -> PackedWeights | None:
    """``values`` (int8) as a canonical Huffman code, or ``None`` if it saves under ``min_saving``.

    Args:
        values: The tensor's values, in the order the kernel reads them.
        min_saving: Flash bytes the packed form must save over the raw bytes.

    Example:
        >>> pack(np.arange(-128, 128, dtype=np.int8)) is None  # uniform: nothing to gain
        True
    """
    flat = np.asarray(values, dtype=np.int8).reshape(-1)
    table = _canonical(code_lengths(flat))
    length = np.zeros(256, dtype=np.int64)
    code = np.zeros(256, dtype=np.int64)
    for symbol, n, c in table:
        length[symbol], code[symbol] = n, c
    symbols = flat.view(np.uint8)
    total_bits = int(length[symbols].sum())
    stream_bytes = (total_bits + 7) // 8 + STREAM_PADDING
    if flat.size - (stream_bytes + len(table) + TABLE_BYTES) < min_saving:
        return None
    bits = np.zeros(total_bits, dtype=np.uint8)
    ends = np.cumsum(length[symbols])
    starts = ends - length[symbols]
    for k in range(1, MAX_BITS + 1):  # bit k of each code, counted from its top
        has = length[symbols] >= k
        shift = length[symbols][has] - k
        bits[starts[has] + k - 1] = (code[symbols][has] >> shift) & 1
    stream = np.packbits(bits).tobytes() + bytes(STREAM_PADDING)
    counts = [0] * (MAX_BITS + 1)
    for _, n, _ in table:
        counts[n] += 1
    fast = [0] * (1 << FAST_BITS)
    for symbol, n, c in table:
        if n <= FAST_BITS:
            first = c << (FAST_BITS - n)
            for i in range(first, first + (1 << (FAST_BITS - n))):
                fast[i] = n << 8 | symbol
    return PackedWeights(flat.size, stream, tuple(counts),
                         bytes(s for s, _, _ in table), tuple(fast))


def unpack(packed: PackedWeights) -> np.ndarray:
    """Decode ``packed`` back to its int8 values, the way the C kernel does (for tests).

    Example:
        >>> p = pack(np.array([3, 3, 3, 3, -2, 3, 3, 3] * 512, dtype=np.int8), min_saving=0)
        >>> unpack(p)[:5].tolist()
        [3, 3, 3, 3, -2]
    """
    bits = np.unpackbits(np.frombuffer(packed.stream, dtype=np.uint8))
    out = np.empty(packed.values, dtype=np.uint8)
    at = 0
    for i in range(packed.values):
        peek = int("".join(map(str, bits[at:at + FAST_BITS])) or "0", 2)
        entry = packed.fast[peek]
        if entry:
            out[i], at = entry & 0xFF, at + (entry >> 8)
            continue
        code = first = index = 0
        for n in range(1, MAX_BITS + 1):
            code |= int(bits[at])
            at += 1
            if code - first < packed.counts[n]:
                out[i] = packed.symbols[index + code - first]
                break
            index += packed.counts[n]
            first = (first + packed.counts[n]) << 1
            code <<= 1
    return out.view(np.int8)
