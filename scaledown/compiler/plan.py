"""The tensor arena planner: one block of memory, every offset fixed at compile time.

Each activation tensor is a :class:`Buffer` with a size and a lifetime: from
the step that writes it to the last step that reads it. Two buffers whose
lifetimes overlap must not share bytes; buffers that are never alive at the
same time may. :func:`plan_arena` places the buffers one by one, each at
the lowest offset free during its whole lifetime (first fit, the idea of
TFLite-Micro's greedy planner, written for this compiler), and tries
several placement orders, keeping the smallest plan.

No plan can be smaller than the largest total size of buffers alive at one
step (:func:`lower_bound`); :attr:`Plan.gap_bytes` says how far a plan is
from it.

Example:
    >>> a = Buffer("a", 100, 0, 1)   # written by step 0, read by step 1
    >>> b = Buffer("b", 60, 1, 2)
    >>> c = Buffer("c", 100, 2, 3)   # may reuse a's bytes
    >>> plan = plan_arena([a, b, c], align=4)
    >>> plan.arena_bytes, plan.lower_bound, plan.gap_bytes
    (160, 160, 0)
    >>> plan.offsets["a"] == plan.offsets["c"], plan.overlaps()
    (True, [])
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Buffer:
    """A tensor to place in the arena.

    Attributes:
        key: What the buffer is (the compiler uses the tensor index).
        size: Bytes it needs.
        first: The step that writes it.
        last: The last step that reads it (``last >= first``).
    """

    key: Hashable
    size: int
    first: int
    last: int

    def alive_with(self, other: Buffer) -> bool:
        """True when the two lifetimes share a step."""
        return self.first <= other.last and other.first <= self.last


def _aligned(n: int, align: int) -> int:
    return -(-n // align) * align


@dataclass(frozen=True)
class Plan:
    """Where every buffer lives in the arena.

    Attributes:
        buffers: The buffers planned.
        offsets: Byte offset of each buffer, by key.
        arena_bytes: The arena size the plan needs (a multiple of the alignment).
        lower_bound: The largest total (aligned) size of buffers alive at one step.
        align: Every offset is a multiple of this.
    """

    buffers: tuple[Buffer, ...]
    offsets: dict[Hashable, int] = field(default_factory=dict)
    arena_bytes: int = 0
    lower_bound: int = 0
    align: int = 16

    @property
    def gap_bytes(self) -> int:
        """Bytes above the lower bound (0: the plan is optimal)."""
        return self.arena_bytes - self.lower_bound

    def overlaps(self) -> list[tuple[Hashable, Hashable]]:
        """Pairs of buffers alive at the same time that share bytes (empty for a valid plan).

        Example:
            >>> bad = Plan((Buffer("x", 8, 0, 1), Buffer("y", 8, 1, 2)), {"x": 0, "y": 4}, 16)
            >>> bad.overlaps()
            [('x', 'y')]
        """
        found = []
        for i, a in enumerate(self.buffers):
            for b in self.buffers[i + 1:]:
                if not a.alive_with(b) or a.size == 0 or b.size == 0:
                    continue
                oa, ob = self.offsets[a.key], self.offsets[b.key]
                if oa < ob + b.size and ob < oa + a.size:
                    found.append((a.key, b.key))
        return found


def lifetimes(
    steps: Sequence[tuple[Sequence[Hashable], Sequence[Hashable]]],
    sizes: Mapping[Hashable, int],
    *,
    outside: frozenset[Hashable] | set[Hashable] = frozenset(),
) -> list[Buffer]:
    """Buffers for the tensors a sequence of steps reads and writes.

    Args:
        steps: For each step, the keys it reads and the keys it writes.
        sizes: Bytes of each key.
        outside: Keys that live outside the arena (the caller's input and output).

    Example:
        >>> steps = [(["in"], ["a"]), (["a"], ["b"]), (["a", "b"], ["out"])]
        >>> lifetimes(steps, {"a": 8, "b": 4}, outside={"in", "out"})
        [Buffer(key='a', size=8, first=0, last=2), Buffer(key='b', size=4, first=1, last=2)]
    """
    first: dict[Hashable, int] = {}
    last: dict[Hashable, int] = {}
    for step, (reads, writes) in enumerate(steps):
        for key in (*writes, *reads):
            if key in outside:
                continue
            first.setdefault(key, step)
            last[key] = step
    return [Buffer(k, sizes[k], first[k], last[k]) for k in first]


def lower_bound(buffers: Sequence[Buffer], align: int = 16) -> int:
    """The largest total aligned size of buffers alive at the same step.

    Example:
        >>> lower_bound([Buffer("a", 10, 0, 1), Buffer("b", 20, 1, 2)], align=1)
        30
    """
    steps = {s for b in buffers for s in (b.first, b.last)}
    return max((sum(_aligned(b.size, align) for b in buffers if b.first <= s <= b.last)
                for s in steps), default=0)


def _place(order: Sequence[Buffer], align: int) -> tuple[dict[Hashable, int], int]:
    """First fit: each buffer at the lowest offset free during its whole lifetime."""
    placed: list[tuple[int, int, Buffer]] = []
    offsets: dict[Hashable, int] = {}
    for buf in order:
        size = _aligned(buf.size, align)
        busy = sorted((off, length) for off, length, other in placed if other.alive_with(buf))
        offset = 0
        for start, length in busy:
            if start - offset >= size:
                break  # the gap before this block is big enough
            offset = max(offset, start + length)
        offsets[buf.key] = offset
        placed.append((offset, size, buf))
    return offsets, max((off + length for off, length, _ in placed), default=0)


def _place_two_ended(order: Sequence[Buffer], align: int, limit: int
                     ) -> tuple[dict[Hashable, int], int]:
    """Alternate buffers between the bottom and the top of a ``limit``-byte arena.

    On a chain (each tensor read only by the next step) two neighbours never
    exceed the lower bound together, so bottom, top, bottom... always fits in
    it; on other graphs this is one more order to try. A buffer that fits at
    neither end goes to the lowest free offset.
    """
    placed: list[tuple[int, int, Buffer]] = []
    offsets: dict[Hashable, int] = {}
    for i, buf in enumerate(order):
        size = _aligned(buf.size, align)
        busy = [(off, length) for off, length, other in placed if other.alive_with(buf)]

        def free(at: int, size: int = size, busy: list = busy) -> bool:
            return at >= 0 and all(at + size <= o or o + n <= at for o, n in busy)

        lows = sorted({0, *(o + n for o, n in busy)})
        low = next(at for at in lows if free(at))
        highs = sorted({limit - size, *(o - size for o, _ in busy)}, reverse=True)
        high = next((at for at in highs if at + size <= limit and free(at)), None)
        if i % 2 == 1 and high is not None:
            offset = high
        elif low + size <= limit or high is None:
            offset = low
        else:
            offset = high
        offsets[buf.key] = offset
        placed.append((offset, size, buf))
    return offsets, max((off + length for off, length, _ in placed), default=0)


def plan_arena(buffers: Sequence[Buffer], *, align: int = 16, tries: int = 64) -> Plan:
    """Give every buffer an offset so that buffers alive together never overlap.

    The first try alternates buffers between the two ends of an arena the
    size of the lower bound (optimal on chains); then first fit in several
    orders (largest first, execution order, longest-lived, then shuffles
    from a fixed seed, so the result is reproducible). The smallest plan
    wins; the search stops as soon as one reaches the lower bound.

    Args:
        buffers: The buffers, with sizes and lifetimes.
        align: Every offset (and the arena size) is a multiple of this.
        tries: How many placement orders to try at most.

    Returns:
        The :class:`Plan`.

    Example:
        >>> skip = [Buffer("x", 32, 0, 2), Buffer("y", 32, 1, 1), Buffer("z", 32, 2, 3)]
        >>> p = plan_arena(skip)
        >>> p.arena_bytes, p.lower_bound, sorted(p.offsets.values())
        (64, 64, [0, 32, 32])
    """
    import random

    bound = lower_bound(buffers, align)
    orders = [
        sorted(buffers, key=lambda b: (-b.size, b.first, b.last)),
        sorted(buffers, key=lambda b: (b.first, -b.size)),
        sorted(buffers, key=lambda b: (-(b.last - b.first + 1) * b.size, b.first)),
    ]
    rng = random.Random(0)
    best = _place_two_ended(sorted(buffers, key=lambda b: (b.first, b.last)), align, bound)
    for attempt in range(max(1, tries)):
        if best[1] <= bound:
            break
        if attempt < len(orders):
            order = orders[attempt]
        else:
            order = list(buffers)
            rng.shuffle(order)
        offsets, end = _place(order, align)
        if end < best[1]:
            best = (offsets, end)
    return Plan(tuple(buffers), best[0], best[1], bound, align)
