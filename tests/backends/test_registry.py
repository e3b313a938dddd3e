"""The backend registry: one declaration per folder, found by listing the package.

These tests read the declarations and the package's files, not a list of
backends, so a new folder is checked the day it lands.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scaledown import backends
from scaledown.backends import REGISTRY, backend_module, discover, resolve, verb_module
from scaledown.backends.declaration import VERBS, Backend
from scaledown.errors import InputError

PACKAGE = Path(backends.__file__).parent
ROOT = PACKAGE.parent
FOLDERS = sorted(
    p.name for p in PACKAGE.iterdir()
    if (p / "__init__.py").is_file() and p.name not in backends.NOT_BACKENDS
)


def test_every_backend_folder_is_in_the_registry_and_nothing_else() -> None:
    assert FOLDERS and list(REGISTRY) == FOLDERS
    assert all(isinstance(b, Backend) and b.name == name for name, b in REGISTRY.items())


@pytest.mark.parametrize("name", FOLDERS)
def test_declared_verbs_are_the_modules_the_folder_holds(name: str) -> None:
    declared = REGISTRY[name]
    modules = {p.stem for p in (PACKAGE / name).glob("*.py")}
    assert set(declared.verbs) <= modules, f"{name} declares verbs it has no module for"
    assert modules & set(VERBS) <= set(declared.verbs), f"{name} holds undeclared verb modules"


@pytest.mark.parametrize("name", FOLDERS)
def test_every_named_function_resolves(name: str) -> None:
    declared = REGISTRY[name]
    specs = [*declared.routes.values(), *([declared.support] if declared.support else [])]
    for spec in specs:
        assert callable(resolve(declared, spec)), f"{name}: {spec}"
    if declared.quantizer is not None:
        module = verb_module(name, "quantize")
        assert callable(module.quantize) and callable(module.require_tools)
    assert set(declared.passes_through) <= {f"{s}->{t}" for s in declared.loads
                                            for t in declared.routes}


def test_reading_every_declaration_imports_no_framework() -> None:
    code = ("import sys, scaledown.backends as b; assert b.REGISTRY; "
            "heavy = {'tensorflow', 'keras', 'onnxruntime', 'onnx', 'openvino', 'torch', "
            "'ai_edge_litert', 'tflite_micro'} & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT.parent)
    assert out.stdout.strip() == "[]"


def test_a_new_folder_is_picked_up_by_listing_the_package(tmp_path, monkeypatch) -> None:
    demo = tmp_path / "demo_runtime"
    demo.mkdir()
    (demo / "__init__.py").write_text(
        "from scaledown.backends.declaration import Backend\n"
        "DECLARATION = Backend(name='demo_runtime', summary='a test runtime', loads=('demo',),"
        " runtime='demo', runs='demo', verbs=('load',))\n"
    )
    monkeypatch.setattr(backends, "__path__", [*backends.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "scaledown.backends.demo_runtime", raising=False)
    found = discover()
    assert found["demo_runtime"].runs == "demo" and set(REGISTRY) < set(found)


def test_a_folder_without_a_declaration_is_a_clear_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "half_done").mkdir()
    (tmp_path / "half_done" / "__init__.py").write_text('"""No declaration yet."""\n')
    monkeypatch.setattr(backends, "__path__", [*backends.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "scaledown.backends.half_done", raising=False)
    with pytest.raises(InputError, match="declares no backend") as err:
        discover()
    assert "add-a-runtime.md" in err.value.fix


def test_backend_module_raises_our_error_naming_what_is_supported() -> None:
    with pytest.raises(InputError, match="unknown model format") as err:
        backend_module("caffe", "load")
    assert "tflite" in err.value.why and not isinstance(err.value, KeyError)
    with pytest.raises(InputError, match="cannot quantize a keras model") as err:
        backend_module("keras", "quantize")
    assert "tflite, onnx, openvino" in err.value.why
    with pytest.raises(InputError, match="does not prune") as err:
        verb_module("openvino", "prune")
    assert "keras" in err.value.fix


def test_an_unknown_verb_in_a_declaration_fails_when_declared() -> None:
    with pytest.raises(InputError, match="unknown verb 'teleport'"):
        Backend(name="x", summary="x", verbs=("load", "teleport"))


# -- no dispatch table outside the registry ----------------------------------
#
# A dispatch table is a dict written out in the source whose keys name two or
# more model formats, runtimes or backends and whose values say what handles
# them: a function, a module path ("scaledown.x.y", "module:function") or
# another backend name. Dicts of display labels are not tables. Backend
# capabilities live only in the declarations (keyword arguments of
# Backend(...)), and the registry derives every other view from them.

ALLOWED = {ROOT / "backends" / "__init__.py"}


def _names() -> set[str]:
    names = set(REGISTRY)
    for b in REGISTRY.values():
        names |= set(b.loads) | set(b.saves) | {b.runtime or "", b.runs or ""}
        names |= {t.id for t in b.targets}
    return names - {""}


def _key_names(node: ast.Dict, names: set[str]) -> set[str]:
    found = set()
    for key in node.keys:
        parts = key.elts if isinstance(key, ast.Tuple) else [key]
        for part in parts:
            if isinstance(part, ast.Constant) and part.value in names:
                found.add(part.value)
    return found


def _dispatches(value: ast.expr | None, names: set[str]) -> bool:
    if isinstance(value, ast.Name | ast.Attribute | ast.Lambda):
        return True
    if isinstance(value, ast.Tuple | ast.List):
        return any(_dispatches(v, names) for v in value.elts)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        text = value.value
        return text in names or text.startswith("scaledown.") or (
            ":" in text and " " not in text)
    return False


def _declared(tree: ast.AST) -> set[int]:
    """The dicts passed to Backend(...): the declarations themselves."""
    return {
        id(kw.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Backend"
        for kw in node.keywords
    }


def dispatch_tables(path: Path, names: set[str]) -> list[str]:
    """``file:line`` of each dict literal that dispatches on two or more backend names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    declared = _declared(tree)
    return [
        f"{path}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict) and id(node) not in declared
        and len(_key_names(node, names)) >= 2
        and any(_dispatches(v, names) for v in node.values)
    ]


def test_the_scan_finds_a_dispatch_table(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'LABELS = {"litert": "LiteRT", "onnxruntime": "ONNX Runtime"}\n'
        'QUANTIZERS = {"litert": "scaledown.backends.litert.quantize", "openvino": "o"}\n'
        'ROUTES = {"tflite": to_tflite, "onnx": to_onnx}\n'
        'RUNTIMES = {"keras": "keras", "litert": "tflite"}\n'
        'ok = Backend(name="x", routes={"tflite": "convert:to_tflite", "onnx": "c:f"})\n'
    )
    assert dispatch_tables(sample, _names()) == [f"{sample}:{n}" for n in (2, 3, 4)]


def test_no_dispatch_table_outside_the_registry() -> None:
    names = _names()
    found = [
        hit
        for path in sorted(ROOT.rglob("*.py"))
        if path not in ALLOWED
        for hit in dispatch_tables(path, names)
    ]
    assert not found, "tables of backends outside scaledown/backends/__init__.py: " + ", ".join(
        found)


# -- verbs reach backends through the registry --------------------------------
#
# Three ways a verb can bypass the declarations without writing a table: it
# imports a backend folder's verb module by name, it imports the compiler that
# the compiled backend's ``compile`` verb wraps, or it tests a model's format
# against a format name to pick what handles it.

API = ROOT / "api"
BEHIND_BACKENDS = {"scaledown.compiler": {"scaledown.compiler.tiny"}}
"""Our packages a backend folder wraps -> the modules of it the api may still import
(``tiny``: the test models docstring examples build)."""
FORMAT_TESTS_KEPT = {
    ("as_tflite.py", "as_tflite", "tflite"): "TFLite-Micro and the compiler read .tflite",
    ("load.py", "check_contents", "keras"): "a .keras file is a zip archive: checked whole",
}
"""(file, function, format) -> why that comparison with a format name is not dispatch."""


def _runtime_imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of each import of ours in ``path``, outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded = {id(n) for node in ast.walk(tree)
               if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for child in node.body for n in ast.walk(child)}
    inside = path.is_relative_to(ROOT)
    package = (".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1]) if inside
               else "scaledown.api")  # a sample written for the test reads as an api module
    found = []
    for node in ast.walk(tree):
        if id(node) in guarded or not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
        if base.split(".")[0] == "scaledown":
            found += [(node.lineno, base), *((node.lineno, f"{base}.{a.name}")
                                              for a in node.names)]
    return found


def verb_module_imports(path: Path) -> list[str]:
    """Imports of ``scaledown.backends.<folder>.<verb>`` (or what a folder wraps) in ``path``."""
    hits = []
    for line, module in _runtime_imports(path):
        parts = module.split(".")
        if (len(parts) == 4 and parts[1] == "backends" and parts[2] in REGISTRY
                and parts[3] in VERBS):
            hits.append(f"{path}:{line}: {module}")
        for wrapped, kept in BEHIND_BACKENDS.items():
            if module.startswith(wrapped + ".") and len(parts) == 3 and module not in kept:
                hits.append(f"{path}:{line}: {module}")
    return sorted(set(hits))


def format_tests(path: Path, formats: set[str]) -> list[str]:
    """Comparisons (``==``, ``in``...) with a model format name, by enclosing function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Compare):
                continue
            for side in (node.left, *node.comparators):
                elts = side.elts if isinstance(side, ast.Set | ast.Tuple | ast.List) else [side]
                for e in elts:
                    if (isinstance(e, ast.Constant) and e.value in formats
                            and (path.name, function.name, e.value) not in FORMAT_TESTS_KEPT):
                        hits.append(f"{path}:{node.lineno}: {function.name}: {e.value!r}")
    return sorted(set(hits))


def test_the_verb_scans_find_a_bypass(tmp_path) -> None:
    sample = tmp_path / "api" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "from ..backends.tflm.arena import probe_arena\n"
        "from ..backends.litert.tiny import tiny_dense_tflite\n"
        "from ..compiler.lower import lower\n"
        "from ..compiler.tiny import tiny_int8_tflite\n"
        "def load(src, fmt):\n"
        "    if fmt == 'pytorch' or fmt in {'tflite', 'onnx'}:\n"
        "        return 1\n"
    )
    assert [h.split(": ")[1] for h in verb_module_imports(sample)] == [
        "scaledown.backends.tflm.arena", "scaledown.compiler.lower"]
    assert len(format_tests(sample, set(backends.formats()))) == 3


def test_api_modules_reach_backend_modules_only_through_the_registry() -> None:
    found = [hit for path in sorted(API.glob("*.py")) for hit in verb_module_imports(path)]
    assert not found, ("import these through verb_module/backend_module (or a declared "
                       "function) instead: " + ", ".join(found))


def test_api_modules_pick_no_handler_by_format_name() -> None:
    formats = set(backends.formats()) | {b.runs for b in REGISTRY.values() if b.runs}
    found = [hit for path in sorted(API.glob("*.py")) for hit in format_tests(path, formats)]
    assert not found, ("ask a declaration (detects, result_check, does...) instead of "
                       "testing format names: " + ", ".join(found))


def test_every_compiled_target_is_reached_through_a_declared_compile_verb() -> None:
    for b in REGISTRY.values():
        if any(t.writes for t in b.targets):
            assert b.does("compile"), f"{b.name} declares a compiled target but no compile verb"
            assert callable(verb_module(b.name, "compile").compile_tflite)


def test_result_checks_and_detectors_are_declared_functions() -> None:
    from scaledown.backends import result_check

    for b in REGISTRY.values():
        for spec in (b.detects, b.result_check):
            if spec:
                assert callable(resolve(b, spec)), f"{b.name}: {spec}"
        if b.quantizer is not None:  # every quantized result is checked by its format's owner
            assert result_check(b.quantizer.makes) is not None, b.name
