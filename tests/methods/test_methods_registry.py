"""The optimization-method registry: built-ins, look-ups, plug-ins, lightness."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from scaledown import methods
from scaledown.errors import InputError
from scaledown.methods import Citation, Method


def test_builtins_cover_every_kind_and_cite_a_paper(isolated):
    assert {"int8-ptq", "float16", "dynamic-range", "magnitude-pruning",
            "knowledge-distillation"} <= set(methods.names())
    for method in methods.all_methods():
        assert method.paper.title and method.paper.authors and method.paper.year > 1980
        assert method.paper.url.startswith("https://")
    assert {m.kind for m in methods.all_methods()} == set(methods.KINDS)
    assert methods.get("magnitude-pruning").paper.arxiv == "1710.01878"
    assert methods.get("int8-ptq").paper.arxiv == "1712.05877"


def test_unknown_name_suggests_close_matches():
    with pytest.raises(InputError) as info:
        methods.get("int8_ptq")
    assert "'int8-ptq'" in str(info.value)


def test_names_filters_by_kind_and_rejects_unknown_kind(isolated):
    assert methods.names("pruning") == ["magnitude-pruning"]
    with pytest.raises(InputError):
        methods.names("compilation")


@pytest.fixture
def isolated(monkeypatch):
    """A private copy of the registry, so tests and doctests do not see each other."""
    methods.names()  # load built-ins and plug-ins first
    monkeypatch.setattr(methods, "_REGISTRY", dict(methods._REGISTRY))


def test_register_refuses_duplicates_and_bad_records(isolated):
    paper = Citation(title="t", authors=("A B",), year=2020)
    methods.register(Method(name="test-dup", kind="pruning", summary="a", paper=paper))
    with pytest.raises(InputError, match="already registered"):
        methods.register(Method(name="test-dup", kind="pruning", summary="b", paper=paper))
    with pytest.raises(InputError):
        methods.register("not a method")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="kind"):
        Method(name="x", kind="compilation", summary="", paper=paper)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="valid id"):
        Method(name="Bad Name", kind="pruning", summary="", paper=paper)


def test_entry_point_plugins_are_loaded_and_broken_ones_warned(monkeypatch):
    paper = Citation(title="Plug", authors=("C D", "E F"), year=2021)
    plugin = Method(name="plugin-method", kind="quantization", summary="p", paper=paper)

    def boom():
        raise RuntimeError("broken plug-in")

    eps = [SimpleNamespace(name="good", value="pkg:M", load=lambda: plugin),
           SimpleNamespace(name="factory", value="pkg:f", load=lambda: lambda: [plugin]),
           SimpleNamespace(name="bad", value="pkg:bad", load=boom)]
    monkeypatch.setattr(methods, "entry_points", lambda group: eps)
    monkeypatch.setattr(methods, "_REGISTRY", {})
    monkeypatch.setattr(methods, "_loaded", False)
    with pytest.warns(UserWarning, match="bad"):
        assert "plugin-method" in methods.names()
    assert methods.get("plugin-method").paper.short == "D and F 2021"


def test_importing_methods_imports_no_framework():
    code = ("import sys, scaledown.methods as m; m.names(); "
            "print(any(k in sys.modules for k in ('tensorflow', 'keras', 'onnx', 'torch')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unregister_and_markdown_table(isolated):
    from scaledown.methods.page import markdown_table

    assert methods.unregister("float16").name == "float16"
    assert "float16" not in methods.names()
    with pytest.raises(InputError):
        methods.unregister("float16")
    table = markdown_table(review_links={"1712.05877": "reviews/jacob.md"})
    assert table.count("\n") == len(methods.names()) + 2
    jacob = "[Jacob et al. 2018](https://arxiv.org/abs/1712.05877)"
    assert f"{jacob} ([review](reviews/jacob.md))" in table
