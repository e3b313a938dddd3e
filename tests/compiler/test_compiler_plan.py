"""The arena planner never overlaps live tensors, and reaches the lower bound on chains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaledown.compiler.plan import Buffer, lifetimes, lower_bound, plan_arena

sizes = st.integers(0, 5000)


@st.composite
def random_graphs(draw):
    """Buffers with random sizes and lifetimes (skip connections, fan-out, dead outputs)."""
    n = draw(st.integers(1, 25))
    buffers = []
    for key in range(n):
        first = draw(st.integers(0, 20))
        buffers.append(Buffer(key, draw(sizes), first, first + draw(st.integers(0, 6))))
    return buffers


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(random_graphs(), st.sampled_from([1, 4, 16]))
def test_no_plan_overlaps_live_tensors(buffers, align):
    plan = plan_arena(buffers, align=align)
    assert plan.overlaps() == []
    assert all(plan.offsets[b.key] % align == 0 for b in buffers)
    assert plan.arena_bytes >= plan.lower_bound == lower_bound(buffers, align)
    assert all(plan.offsets[b.key] + b.size <= plan.arena_bytes for b in buffers)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(sizes, min_size=1, max_size=30), st.sampled_from([1, 4, 16]))
def test_sequential_models_reach_the_lower_bound(chain, align):
    # tensor i is written by step i and read by step i + 1
    plan = plan_arena([Buffer(i, s, i, i + 1) for i, s in enumerate(chain)], align=align)
    assert plan.overlaps() == []
    assert plan.gap_bytes == 0


def test_overlaps_finds_a_bad_plan():
    from scaledown.compiler.plan import Plan

    a, b, c = Buffer("a", 16, 0, 1), Buffer("b", 16, 1, 2), Buffer("c", 16, 3, 4)
    assert Plan((a, b, c), {"a": 0, "b": 8, "c": 0}, 32).overlaps() == [("a", "b")]


def test_lifetimes_span_first_write_to_last_read():
    steps = [(["in"], ["a"]), (["a"], ["b"]), (["b"], ["c"]), (["a", "c"], ["out"])]
    found = {b.key: (b.first, b.last) for b in lifetimes(steps, {"a": 1, "b": 1, "c": 1},
                                                          outside={"in", "out"})}
    assert found == {"a": (0, 3), "b": (1, 2), "c": (2, 3)}


@pytest.mark.slow
def test_every_real_plan_is_valid_and_reports_its_gap(compiled_mlperf, compiled_digits,
                                                      compiled_branchy):
    gaps = {}
    models = {**compiled_mlperf, "digits": compiled_digits, "branchy": compiled_branchy}
    for name, c in models.items():
        plan = c.result.plan
        assert plan.overlaps() == [], name
        gaps[name] = plan.gap_bytes
    # kws, ad01 and the digits CNN are sequential; the skip connections of resnet8 and
    # the branchy model also reach the bound
    assert gaps == {"kws": 0, "resnet8": 0, "ad01": 0, "digits": 0, "branchy": 0}
