"""The package's layers only point down, hold no import cycle, and share no private name.

Every module under ``scaledown/`` sits in one layer. A module may import from
its own layer or from a layer below it, never from a layer above:

====  ==========  ==========================================================
rank  layer       modules
====  ==========  ==========================================================
0     vocabulary  ``scaledown.vocabulary.*`` (``Problem``, ``Feed``,
                  ``TensorSpec``, ``Facts``...) and ``scaledown.version``:
                  plain data that imports nothing of ours outside this layer
1     foundation  ``errors``, ``install`` (pip hints the errors quote),
                  ``safe_write`` (every write), ``project`` (finding the
                  checkout), ``c_text`` (safe text in generated C),
                  ``reviews`` (``sd.reviews.claim``)
2     runtimes    ``model`` (the handle every backend builds), ``backends.*``,
                  ``datasets.*``, ``methods.*``, ``virtual_board.*``,
                  ``compiler.*`` (what ``backends/compiled`` runs)
3     domain      ``hardware.*`` (catalogue loading, checks, profiles),
                  ``measurements.*``, ``estimates.*``, ``firmware.*``
4     api         ``api.*``: one module per verb
5     facade      ``scaledown/__init__``: the public names, imported lazily
6     pages       ``site.*`` and ``tutorials.*``: content checks and page
                  generation, with their data passed in
7     commands    ``cli.*`` and ``__main__``
====  ==========  ==========================================================

The rules, checked over every import the source shows (top-level ones, imports
inside functions, imports under ``if TYPE_CHECKING:``, and
``importlib.import_module("scaledown....")`` with a literal name):

1. No import points to a higher layer.
2. No import cycle between modules. An import under ``if TYPE_CHECKING:``
   never runs, so it cannot close a cycle; it still obeys rule 1.
3. No private name (``_name``, not a dunder) is imported from another module.
   A private module (``datasets/_split.py``) may be imported only by modules
   of its own package.

Names a registry imports from a computed string (``backend_module``,
``scaledown.__getattr__``) are dispatch, not imports; they are not checked here.
There are no exemptions: fix the import, not this file.

Example:
    >>> layer_of("scaledown.vocabulary.problem"), layer_of("scaledown.site.plugin")
    (0, 6)
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scaledown"

# module prefix -> rank; the longest matching prefix wins
LAYERS: dict[str, int] = {
    "scaledown.vocabulary": 0,
    "scaledown.version": 0,
    "scaledown.errors": 1,
    "scaledown.install": 1,
    "scaledown.safe_write": 1,
    "scaledown.project": 1,
    "scaledown.c_text": 1,
    "scaledown.reviews": 1,
    "scaledown.model": 2,
    "scaledown.backends": 2,
    "scaledown.datasets": 2,
    "scaledown.methods": 2,
    "scaledown.virtual_board": 2,
    "scaledown.hardware": 3,
    "scaledown.measurements": 3,
    "scaledown.estimates": 3,
    "scaledown.compiler": 2,
    "scaledown.firmware": 3,
    "scaledown.api": 4,
    "scaledown": 5,
    "scaledown.site": 6,
    "scaledown.tutorials": 6,
    "scaledown.cli": 7,
    "scaledown.__main__": 7,
}
LAYER_NAMES = (
    "vocabulary", "foundation", "runtimes", "domain", "api", "facade", "pages", "commands",
)


@dataclass(frozen=True)
class Import:
    """One import seen in the source: who imports what, where, and how."""

    importer: str
    target: str  # a module of ours
    name: str | None  # the name taken from ``target`` (None: the module itself)
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``

    def where(self) -> str:
        found = modules().get(self.importer)
        path = found[0].relative_to(PACKAGE.parent) if found else self.importer
        return f"{path}:{self.line}"


def layer_of(module: str) -> int:
    """The rank of a module: its longest prefix in ``LAYERS``."""
    if module == "scaledown":  # the facade is the package itself, not a prefix of everything
        return LAYERS[module]
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        prefix = ".".join(parts[:n])
        if prefix in LAYERS:
            return LAYERS[prefix]
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layering.py")


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: name -> (file, is a package ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base.pop()
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports_of(module: str, path: Path, is_package: bool, known: set[str]) -> Iterator[Import]:
    """Every import of one of our modules in ``path``, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        guarded = id(node) in type_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "scaledown":
                    yield Import(module, alias.name, None, node.lineno, guarded)
        elif isinstance(node, ast.ImportFrom):
            target = node.module
            if node.level:
                target = _absolute(module, is_package, node.level, node.module)
            if not target or target.split(".")[0] != "scaledown":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in known:
                    yield Import(module, submodule, None, node.lineno, guarded)
                else:
                    yield Import(module, target, alias.name, node.lineno, guarded)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).endswith("import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("scaledown")
        ):
            yield Import(module, node.args[0].value, None, node.lineno, guarded)


@functools.cache
def _package_imports() -> tuple[Import, ...]:
    found = modules()
    known = set(found)
    return tuple(imp for name, (path, is_pkg) in found.items()
                 for imp in imports_of(name, path, is_pkg, known))


def all_imports() -> list[Import]:
    """Every import of ours across the package (read once per test run)."""
    return list(_package_imports())


def upward(imports: list[Import]) -> list[str]:
    """Imports that point to a higher layer, as readable lines."""
    bad = []
    for imp in imports:
        low, high = layer_of(imp.importer), layer_of(imp.target)
        if high > low:
            bad.append(
                f"{imp.where()}: {imp.importer} ({LAYER_NAMES[low]}) imports {imp.target}"
                f"{'.' + imp.name if imp.name else ''} ({LAYER_NAMES[high]}): move the name down"
            )
    return bad


def _is_private(segment: str) -> bool:
    return segment.startswith("_") and not (segment.startswith("__") and segment.endswith("__"))


def private(imports: list[Import]) -> list[str]:
    """Private names taken from another module, and private modules used outside their package."""
    bad = []
    for imp in imports:
        if imp.name and _is_private(imp.name):
            bad.append(f"{imp.where()}: imports private {imp.name} from {imp.target}: "
                       "make it public in the lower module")
        parts = imp.target.split(".")
        for i, segment in enumerate(parts):
            owner = ".".join(parts[:i])  # the package the private module belongs to
            inside = imp.importer == owner or imp.importer.startswith(owner + ".")
            if _is_private(segment) and not inside:
                bad.append(f"{imp.where()}: imports private module {imp.target} "
                           f"from outside {owner}")
    return bad


def cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other at run time (Tarjan's strong components)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.type_only and imp.target != imp.importer:
            graph.setdefault(imp.importer, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # recursive: the graph is far shallower than the limit
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_every_module_has_a_layer():
    for name in modules():
        assert 0 <= layer_of(name) < len(LAYER_NAMES)
    with pytest.raises(AssertionError, match="add it to LAYERS"):
        layer_of("scaledown.brand_new_module")


def test_vocabulary_imports_nothing_of_ours():
    imports = all_imports()
    leaves = [i for i in imports if layer_of(i.importer) == 0 and layer_of(i.target) != 0]
    assert [f"{i.where()}: {i.target}" for i in leaves] == []


def test_no_import_points_up():
    assert upward(all_imports()) == []


def test_no_import_cycle():
    assert cycles(all_imports()) == []


def test_no_private_cross_module_import():
    assert private(all_imports()) == []


def test_the_checks_catch_what_they_claim():
    """Each rule fires on a made-up import, so an empty result above means something."""
    up = Import("scaledown.hardware.checks", "scaledown.site.pipeline", "Problem", 1, False)
    assert len(upward([up])) == 1
    down = Import("scaledown.site.pipeline", "scaledown.hardware.checks", "x", 1, False)
    assert upward([down]) == []
    loop = [
        Import("scaledown.a", "scaledown.b", None, 1, False),
        Import("scaledown.b", "scaledown.c", "f", 1, False),
        Import("scaledown.c", "scaledown.a", "g", 1, False),
    ]
    assert cycles(loop) == [["scaledown.a", "scaledown.b", "scaledown.c"]]
    assert cycles([loop[0], Import("scaledown.b", "scaledown.a", "T", 1, True)]) == []
    taken = Import("scaledown.api.export", "scaledown.api.fit", "_tflite", 1, False)
    assert len(private([taken])) == 1
    assert private([Import("scaledown.api.export", "scaledown", "__version__", 1, False)]) == []
    sibling = Import("scaledown.datasets.digits", "scaledown.datasets._split", None, 1, False)
    assert private([sibling]) == []
    outsider = Import("scaledown.api.load", "scaledown.datasets._split", None, 1, False)
    assert len(private([outsider])) == 1


if __name__ == "__main__":  # a readable list while you fix imports
    everything = all_imports()
    print("\n".join(upward(everything) + private(everything)))
    for group in cycles(everything):
        print("cycle:", " <-> ".join(group))
