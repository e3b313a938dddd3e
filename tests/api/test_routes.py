"""Every route of `scaledown.api.routes` runs: each cell of the framework page's table.

``test_route`` is parametrized over the registry itself, and
``test_every_listed_route_has_a_test`` checks that the page, the registry and
the tests name the same routes, so a route cannot be listed without running.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from frameworks_testkit import data_for, images, source_model

from scaledown.api.routes import NO_ROUTE, ROUTES, SOURCES, TARGETS, reach

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_route(route) -> None:
    source = source_model(route.source)
    x_source = data_for(source)
    out = reach(source, route.target, data=x_source)
    if route.target == "compiled-c":  # the C gives TFLite-Micro's bytes exactly
        from scaledown.compiler.hostcheck import compare_with_tflm

        int8, compiled = out
        assert compiled.arena_bytes > 0 and compiled.gap_bytes == 0
        report = compare_with_tflm(int8.to_bytes(), compiled.folder, samples=8)
        assert report.bit_exact, report
        return
    if route.target == "tflm":
        assert out.analysis.arena is not None and out.analysis.arena.total_bytes > 0
        assert out.ram.needed and out.ram.needed > 0
        assert not out.blocked  # TFLite-Micro can run every op of the model
        return
    expected_format = {"litert-float": "tflite", "litert-int8": "tflite",
                       "onnxruntime": "onnx", "openvino": "openvino"}[route.target]
    assert out.format == expected_format
    if out.format == "tflite":
        assert out.inputs[0].layout == "NHWC"  # what TFLite-Micro and cameras use
        assert tuple(out.inputs[0].shape[1:]) == (8, 8, 1)
    want = source.predict(x_source)
    got = out.predict(data_for(out))
    if route.target == "litert-int8":
        assert out.inputs[0].dtype == "int8" and out.outputs[0].dtype == "int8"
        assert np.abs(got - want).max() < 0.05
    else:
        assert np.abs(got - want).max() < 1e-4


def test_every_listed_route_has_a_test() -> None:
    from scaledown.site.routes_page import table

    listed = {(r.source, r.target) for r in ROUTES}
    assert listed | set(NO_ROUTE) == {(s, t) for s in SOURCES for t in TARGETS}
    assert not listed & set(NO_ROUTE)
    # the parametrization above is the registry; check it is really wired to ROUTES
    tree = ast.parse(Path(__file__).read_text())
    test = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "test_route")
    decorator = ast.unparse(test.decorator_list[0])
    assert "ROUTES" in decorator and "r.id for r in ROUTES" in decorator
    rows = [line for line in table().splitlines() if line.startswith("| ") and "`sd.load" in line]
    assert len(rows) == len(SOURCES)
    cells = sum(len(row.split(" | ")) - 2 for row in rows)
    assert cells == len(SOURCES) * len(TARGETS)


def test_images_are_shared() -> None:
    assert images().shape == (16, 8, 8, 1)
