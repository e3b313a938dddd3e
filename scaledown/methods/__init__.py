"""The registry of optimization methods, each naming the paper it comes from.

Built-in methods are listed in :mod:`scaledown.methods.builtin`. Other packages
add theirs through the entry-point group ``scaledown.methods``; an entry point
may point at a :class:`Method`, a list of them, or a function returning either::

    [project.entry-points."scaledown.methods"]
    my-method = "my_package.methods:MY_METHOD"

Importing this module imports no ML framework.

Example:
    >>> from scaledown import methods
    >>> "int8-ptq" in methods.names()
    True
    >>> m = methods.get("knowledge-distillation")
    >>> m.kind, m.paper.arxiv
    ('distillation', '1503.02531')
"""

from __future__ import annotations

import difflib
import warnings
from importlib.metadata import entry_points

from ..errors import InputError
from ._types import KINDS, Citation, Method

__all__ = [
    "ENTRY_POINT_GROUP",
    "KINDS",
    "Citation",
    "Method",
    "all_methods",
    "get",
    "names",
    "register",
    "unregister",
]

ENTRY_POINT_GROUP = "scaledown.methods"

_REGISTRY: dict[str, Method] = {}
_loaded = False


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from .builtin import BUILTIN

    for method in BUILTIN:
        _REGISTRY.setdefault(method.name, method)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, Method):
                obj = obj()
            found = [obj] if isinstance(obj, Method) else list(obj)
            for method in found:
                register(method)
        except Exception as exc:  # one broken plug-in must not hide the others
            warnings.warn(
                f"scaledown: skipped the method plug-in {ep.name!r} ({ep.value}): {exc}. "
                "Fix or uninstall the package that provides it.",
                stacklevel=2,
            )


def register(method: Method, *, replace: bool = False) -> Method:
    """Add a method to the registry and return it.

    Args:
        method: The method to add.
        replace: Allow replacing a method of the same name.

    Returns:
        The method, so ``register`` can be used in an assignment.

    Raises:
        InputError: ``method`` is not a Method, or its name is taken and
            ``replace`` is false.

    Example:
        >>> from scaledown.methods import Citation, Method, register, get
        >>> _ = register(Method(name="doc-example", kind="pruning", summary="x",
        ...     paper=Citation(title="t", authors=("A B",), year=2020)), replace=True)
        >>> get("doc-example").summary
        'x'
        >>> _ = unregister("doc-example")
    """
    if not isinstance(method, Method):
        raise InputError(
            f"register() received {type(method).__name__}, not a Method",
            why="the registry holds scaledown.methods.Method records",
            fix="wrap your method: Method(name=..., kind=..., summary=..., paper=Citation(...))",
        )
    _ensure_loaded()
    if method.name in _REGISTRY and not replace and _REGISTRY[method.name] != method:
        raise InputError(
            f"a method named {method.name!r} is already registered",
            why="method names are unique so the site can link to each one",
            fix="choose another name, or pass replace=True on purpose",
        )
    _REGISTRY[method.name] = method
    return method


def unregister(name: str) -> Method:
    """Remove a method from the registry and return it (mainly for tests).

    Raises:
        InputError: no method of that name is registered.

    Example:
        >>> from scaledown.methods import Citation, Method, register, unregister, names
        >>> _ = register(Method(name="temp-method", kind="pruning", summary="x",
        ...     paper=Citation(title="t", authors=("A B",), year=2020)))
        >>> unregister("temp-method").name, "temp-method" in names()
        ('temp-method', False)
    """
    method = get(name)
    del _REGISTRY[name]
    return method


def names(kind: str | None = None) -> list[str]:
    """Sorted names of the registered methods, optionally of one kind only.

    Example:
        >>> from scaledown.methods import names
        >>> names("distillation")
        ['knowledge-distillation']
    """
    _ensure_loaded()
    if kind is not None and kind not in KINDS:
        raise InputError(
            f"unknown method kind {kind!r}", fix=f"use one of: {', '.join(KINDS)}"
        )
    return sorted(n for n, m in _REGISTRY.items() if kind is None or m.kind == kind)


def all_methods() -> list[Method]:
    """Every registered method, sorted by kind then name.

    Example:
        >>> from scaledown.methods import all_methods
        >>> all(m.paper.title for m in all_methods())
        True
    """
    _ensure_loaded()
    return sorted(_REGISTRY.values(), key=lambda m: (KINDS.index(m.kind), m.name))


def get(name: str) -> Method:
    """Look up a method by name.

    Raises:
        InputError: No such method; the message lists close matches.

    Example:
        >>> from scaledown.methods import get
        >>> get("int8-ptq").paper.short
        'Jacob et al. 2018'
    """
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(str(name), list(_REGISTRY), n=3)
        hint = f"did you mean {' or '.join(map(repr, close))}?" if close else ""
        raise InputError(
            f"unknown optimization method {name!r}",
            why=hint or None,
            fix=f"use one of: {', '.join(names())}",
        ) from None

