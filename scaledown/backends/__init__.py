"""Backends: one folder per runtime, the same module names in each, one registry.

Every folder under ``scaledown/backends/`` (except ``common``) declares itself
once, in its ``__init__.py``: ``DECLARATION = Backend(...)`` (see
`scaledown.backends.declaration`). :data:`REGISTRY` is built by listing
this package, so adding a backend means adding one folder. Every verb asks
the functions below; nothing else lists what backends can do, and nothing
here imports a framework.

The modules a folder holds are named after the verbs it declares:
``load.py`` (read files/objects into a ``Model``), ``inspect.py``
(``facts(model)``), ``run.py`` (``open_session(model)``), ``save.py``
(``to_bytes``, ``save``), ``convert.py`` (the functions its ``routes`` name),
``quantize.py`` (``quantize(model, config, feed)``), ``support.py``
(``judge(model)``: which ops the runtime can run)...

Example:
    >>> backend_of("tflite"), runtime_format("onnxruntime")
    ('litert', 'onnx')
    >>> sorted(runtimes())
    ['keras', 'litert', 'onnxruntime', 'openvino']
    >>> backend_module("tflite", "prune")
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: the litert backend cannot prune a tflite model
      why: prune works on keras models (litert implements: load, inspect, run, save, convert, quantize, support, ops)
      fix: start from a model in one of those formats
"""  # noqa: E501

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable, Mapping
from types import MappingProxyType, ModuleType
from typing import Any

from ..errors import InputError, RuntimeNotInstalledError, a_model
from .declaration import Backend

NOT_BACKENDS: frozenset[str] = frozenset({"common"})
"""Folders here that hold shared helpers, not a backend."""


def discover() -> Mapping[str, Backend]:
    """Import every backend folder of this package and read its ``DECLARATION``.

    Raises:
        InputError: a folder has no declaration, or one naming another folder.

    Example:
        >>> "litert" in discover()
        True
    """
    found: dict[str, Backend] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg or info.name in NOT_BACKENDS:
            continue
        package = importlib.import_module(f"{__name__}.{info.name}")
        declared = getattr(package, "DECLARATION", None)
        if not isinstance(declared, Backend) or declared.name != info.name:
            raise InputError(
                f"backend folder scaledown/backends/{info.name}/ declares no backend",
                why="every backend folder ends its __init__.py with "
                    f"DECLARATION = Backend(name={info.name!r}, ...)",
                fix="add the declaration (see docs/contribute/add-a-runtime.md), or list the "
                    "folder in scaledown.backends.NOT_BACKENDS if it holds shared helpers",
            )
        found[info.name] = declared
    return MappingProxyType(found)


REGISTRY: Mapping[str, Backend] = discover()
"""Backend name -> its declaration, one per folder, in folder-name order."""


def declaration(name: str) -> Backend:
    """The declaration of the backend called ``name``.

    Raises:
        InputError: no such backend, listing the known ones.

    Example:
        >>> declaration("openvino").runs
        'openvino'
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise InputError(
            f"unknown backend {name!r}",
            why=f"scaledown's backends are {', '.join(REGISTRY)}",
            fix="pass one of those names",
        ) from None


def formats() -> tuple[str, ...]:
    """Every model format some backend loads.

    Example:
        >>> formats()
        ('keras', 'savedmodel', 'tflite', 'onnx', 'openvino', 'pytorch')
    """
    return tuple(fmt for b in REGISTRY.values() for fmt in b.loads)


def model_formats() -> tuple[str, ...]:
    """The formats a loaded `scaledown.Model` can be in (PyTorch becomes ONNX on load).

    Example:
        >>> model_formats()
        ('keras', 'savedmodel', 'tflite', 'onnx', 'openvino')
    """
    return tuple(fmt for b in REGISTRY.values() if not b.opens_as for fmt in b.loads)


def backend_of(fmt: str) -> str:
    """The backend folder that loads a model format.

    Raises:
        InputError: unknown format.

    Example:
        >>> backend_of("savedmodel")
        'keras'
    """
    for b in REGISTRY.values():
        if fmt in b.loads:
            return b.name
    raise InputError(
        f"unknown model format {fmt!r}",
        why=f"scaledown knows {', '.join(formats())}",
        fix="pass one of those names",
    )


def extensions() -> dict[str, str]:
    """File name ending -> the model format ``sd.load`` reads it as.

    Example:
        >>> extensions()[".h5"], extensions()[".pt2"]
        ('keras', 'pytorch')
    """
    return {ext: fmt for b in REGISTRY.values() for ext, fmt in b.extensions.items()}


def file_suffix(fmt: str) -> str:
    """The file name ending of a saved ``fmt`` model.

    Raises:
        InputError: no backend writes ``fmt`` files.

    Example:
        >>> file_suffix("openvino"), file_suffix("tflite")
        ('.xml', '.tflite')
    """
    for b in REGISTRY.values():
        if b.runs == fmt and b.suffix:
            return b.suffix
    raise InputError(
        f"scaledown writes no {fmt!r} files",
        why="files are written in: " + ", ".join(b.runs for b in REGISTRY.values()
                                                 if b.runs and b.suffix),
        fix="pick one of those formats",
    )


def runtimes() -> dict[str, str]:
    """Runtime name users pass (``runtime=...``) -> the model format it runs.

    Example:
        >>> runtimes()["litert"]
        'tflite'
    """
    return {b.runtime: b.runs for b in REGISTRY.values() if b.runtime and b.runs}


def runtime_format(runtime: str) -> str:
    """The model format a runtime runs natively.

    Raises:
        InputError: unknown runtime name, listing the known ones.

    Example:
        >>> runtime_format("keras")
        'keras'
    """
    known = runtimes()
    if isinstance(runtime, str) and runtime in known:
        return known[runtime]
    raise InputError(
        f"unknown runtime {runtime!r}",
        why=f"scaledown runs models on {', '.join(known)}",
        fix="pass runtime= one of those names, or 'all'",
    )


def runs_natively(runtime: str, fmt: str) -> bool:
    """True when ``runtime`` runs a ``fmt`` model without converting it.

    Example:
        >>> runs_natively("keras", "savedmodel"), runs_natively("litert", "onnx")
        (True, False)
    """
    b = REGISTRY[backend_of(runtime_format(runtime))]
    return fmt in b.loads and b.runtime == runtime


def support_columns() -> tuple[str, ...]:
    """The per-op support columns ``sd.inspect`` can fill, in table order.

    Example:
        >>> support_columns()
        ('litert', 'tflm', 'onnxruntime', 'openvino')
    """
    judged = sorted((b for b in REGISTRY.values() if b.support_column),
                    key=lambda b: b.support_place)
    return tuple(b.support_column for b in judged if b.support_column)


def support_judge(column: str) -> Callable[[Any], list[str] | None]:
    """The function filling one support column: ``judge(model) -> verdicts or None``.

    A runtime that is not installed gives ``"?"`` cells for the formats it
    would judge.

    Raises:
        InputError: no backend fills that column.
    """
    for b in REGISTRY.values():
        if b.support_column == column and b.support:
            backend = b
            break
    else:
        raise InputError(
            f"unknown runtime {column!r} for inspect",
            why=f"support columns exist for {', '.join(support_columns())}",
            fix="pass runtimes= a list of those names",
        )

    def judge(model: Any) -> list[str] | None:
        if backend.judges and not is_installed(backend.name):
            return ["?"] * len(model.facts.layers) if model.format in backend.judges else None
        return resolve(backend, backend.support or "")(model)

    return judge


def quantizers() -> dict[str, Backend]:
    """Runtime name -> the backend that quantizes for it.

    Example:
        >>> {r: b.quantizer.makes for r, b in quantizers().items()}
        {'litert': 'tflite', 'onnxruntime': 'onnx', 'openvino': 'openvino'}
    """
    return {b.runtime: b for b in REGISTRY.values() if b.quantizer and b.runtime}


def conversions(fmt: str) -> dict[str, str]:
    """Target format -> ``"module:function"`` for a model of format ``fmt``.

    Example:
        >>> sorted(conversions("onnx"))
        ['openvino', 'tflite']
    """
    return dict(REGISTRY[backend_of(fmt)].routes)


def passes_through(source: str, target: str) -> tuple[str, ...]:
    """The formats a ``source`` -> ``target`` conversion goes through on the way.

    Example:
        >>> passes_through("onnx", "tflite"), passes_through("tflite", "onnx")
        (('keras',), ())
    """
    return tuple(REGISTRY[backend_of(source)].passes_through.get(f"{source}->{target}", ()))


def converter(fmt: str, to: str) -> Callable[[Any], Any]:
    """The function converting a ``fmt`` model to ``to``.

    Raises:
        InputError: no such route, listing the targets there are.
    """
    backend = REGISTRY[backend_of(fmt)]
    spec = backend.route(to)
    if spec is None:
        raise InputError(
            f"the {backend.name} backend has no route from {fmt} to {to}",
            why=f"from {fmt} it converts to: {', '.join(backend.routes) or 'nothing'}",
            fix="pick one of those targets",
        )
    return resolve(backend, spec)


def resolve(backend: Backend, spec: str) -> Callable[..., Any]:
    """Import ``"module:function"`` from the backend's folder.

    Example:
        >>> resolve(declaration("litert"), "support:judge").__name__
        'judge'
    """
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{backend.name}.{module}"), function)


def detect(src: Any) -> str | None:
    """The format of an in-memory model object or of model bytes, asking each backend.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> detect(tiny_dense_tflite()), detect(42)
        ('tflite', None)
    """
    for b in REGISTRY.values():
        if b.detects and (fmt := resolve(b, b.detects)(src)) is not None:
            return fmt
    return None


def bytes_formats() -> tuple[str, ...]:
    """The formats ``sd.load`` reads from bytes.

    Example:
        >>> bytes_formats()
        ('tflite', 'onnx')
    """
    return tuple(fmt for b in REGISTRY.values() for fmt in b.from_bytes)


def loadable_objects() -> tuple[str, ...]:
    """The in-memory model types ``sd.load`` takes, from every backend's declaration.

    Example:
        >>> loadable_objects()[:2]
        ('keras.Model', 'onnx.ModelProto')
    """
    return tuple(name for b in REGISTRY.values() for name in b.objects)


def result_check(fmt: str) -> Callable[[Any, str | None], tuple[str | None, list[float]]] | None:
    """The function reading a conversion or quantization result in ``fmt``, if one is declared.

    Example:
        >>> result_check("tflite").__name__, result_check("keras")
        ('check', None)
    """
    for b in REGISTRY.values():
        if b.runs == fmt and b.result_check:
            return resolve(b, b.result_check)
    return None


def supporting(verb: str) -> list[str]:
    """The formats whose backend implements ``verb``.

    Example:
        >>> supporting("quantize")
        ['tflite', 'onnx', 'openvino']
    """
    return [fmt for b in REGISTRY.values() for fmt in b.loads if b.does(verb, fmt)]


def implementing(verb: str) -> tuple[str, ...]:
    """The backends that implement ``verb``, in registry order.

    Example:
        >>> implementing("compile"), implementing("arena")
        (('compiled',), ('tflm',))
    """
    return tuple(b.name for b in REGISTRY.values() if b.does(verb))


def verb_module(name: str, verb: str) -> ModuleType:
    """Import ``scaledown.backends.<name>.<verb>``, a module the backend declares.

    Raises:
        InputError: the backend does not declare that verb.

    Example:
        >>> verb_module("tflm", "ops").__name__
        'scaledown.backends.tflm.ops'
    """
    backend = declaration(name)
    if not backend.does(verb):
        raise InputError(
            f"the {name} backend does not {verb}",
            why=f"{name} implements: {', '.join(backend.verbs) or 'nothing'}",
            fix=f"use a backend that implements {verb}: "
                + ", ".join(b.name for b in REGISTRY.values() if b.does(verb)),
        )
    return importlib.import_module(f"{__name__}.{name}.{verb}")


def backend_module(fmt: str, verb: str) -> ModuleType:
    """Import the module that does ``verb`` for a model format.

    Raises:
        InputError: unknown format, or its backend does not implement ``verb``
            (the message lists the formats that do).
    """
    backend = REGISTRY[backend_of(fmt)]
    if not backend.does(verb, fmt):
        able = supporting(verb)
        raise InputError(
            f"the {backend.name} backend cannot {verb} {a_model(fmt)}",
            why=f"{verb} works on {', '.join(able) or 'no format'} models "
                f"({backend.name} implements: {', '.join(backend.verbs)})",
            fix="start from a model in one of those formats",
        )
    return importlib.import_module(f"{__name__}.{backend.name}.{verb}")


def require(backend: str) -> ModuleType:
    """Import the backend's runtime package, or raise with the pip extra to install.

    Example:
        >>> require("litert").__name__
        'ai_edge_litert'
    """
    needs = declaration(backend).requires
    if needs is None:
        raise InputError(
            f"the {backend} backend needs no runtime package",
            why="its declaration names no requirement",
            fix="call is_installed() or the backend's modules instead",
        )
    # TensorFlow (imported by the converters of every backend) logs CUDA probes
    # and oneDNN notes from C++; they would bury our messages
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        from .common.quiet import quiet_import

        return quiet_import(needs.module)
    except ImportError:
        raise RuntimeNotInstalledError.for_extra(needs.package, needs.extra) from None


def is_installed(backend: str) -> bool:
    """True when the backend's runtime package imports (or it needs none).

    Example:
        >>> is_installed("litert"), is_installed("compiled")
        (True, True)
    """
    if declaration(backend).requires is None:
        return True
    try:
        require(backend)
    except RuntimeNotInstalledError:
        return False
    return True
