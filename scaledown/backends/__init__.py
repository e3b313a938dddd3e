"""Backends: one folder per runtime, the same module names in each.

Every backend folder holds ``load.py`` (read files/objects into a ``Model``),
``inspect.py`` (``facts(model)``: inputs, layers, MACs...), ``run.py``
(``open_session(model)``: run raw batches), ``save.py`` (``to_bytes``,
``save``), ``convert.py`` (``ROUTES``: target format -> function) and
``support.py`` (``op_support(names)``: which ops the runtime can run). The
tables below are the only dispatch: capabilities are data, and nothing here
imports a framework.

Example:
    >>> backend_of("tflite"), runtime_format("onnxruntime")
    ('litert', 'onnx')
    >>> sorted(RUNTIMES)
    ['keras', 'litert', 'onnxruntime', 'openvino']
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

from ..errors import InputError, RuntimeNotInstalledError

# model format -> the backend folder that reads and runs it
BACKEND_OF_FORMAT: dict[str, str] = {
    "keras": "keras",
    "savedmodel": "keras",
    "tflite": "litert",
    "onnx": "onnxruntime",
    "openvino": "openvino",
    "pytorch": "torch",  # read only: exported to ONNX on load
}

# runtime name users pass (benchmark(runtime=...)) -> the format it runs
RUNTIMES: dict[str, str] = {
    "keras": "keras",
    "litert": "tflite",
    "onnxruntime": "onnx",
    "openvino": "openvino",
}

# backend -> (python module that must import, pip package, scaledown extra)
REQUIREMENTS: dict[str, tuple[str, str, str]] = {
    "keras": ("tensorflow", "tensorflow-cpu", "keras"),
    "litert": ("ai_edge_litert", "ai-edge-litert", "litert"),
    "onnxruntime": ("onnxruntime", "onnxruntime", "onnx"),
    "openvino": ("openvino", "openvino", "openvino"),
    "torch": ("torch", "torch", "torch"),
}

# the per-op support columns sd.inspect can fill (see common/support.py)
SUPPORT_COLUMNS: tuple[str, ...] = ("litert", "tflm", "onnxruntime", "openvino")


def backend_of(fmt: str) -> str:
    """The backend folder for a model format.

    Raises:
        InputError: unknown format.
    """
    try:
        return BACKEND_OF_FORMAT[fmt]
    except KeyError:
        raise InputError(
            f"unknown model format {fmt!r}",
            why=f"scaledown knows {', '.join(BACKEND_OF_FORMAT)}",
            fix="pass one of those names",
        ) from None


def runtime_format(runtime: str) -> str:
    """The model format a runtime runs natively.

    Raises:
        InputError: unknown runtime name, listing the known ones.
    """
    try:
        return RUNTIMES[runtime]
    except KeyError:
        raise InputError(
            f"unknown runtime {runtime!r}",
            why=f"scaledown runs models on {', '.join(RUNTIMES)}",
            fix="pass runtime= one of those names, or 'all'",
        ) from None


def backend_module(fmt: str, verb: str) -> ModuleType:
    """Import ``scaledown.backends.<backend>.<verb>`` for a model format."""
    return importlib.import_module(f"{__name__}.{backend_of(fmt)}.{verb}")


def require(backend: str) -> ModuleType:
    """Import the backend's runtime package, or raise with the pip extra to install.

    Example:
        >>> require("litert").__name__
        'ai_edge_litert'
    """
    module, package, extra = REQUIREMENTS[backend]
    # TensorFlow (imported by the converters of every backend) logs CUDA probes
    # and oneDNN notes from C++; they would bury our messages
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        from .common.quiet import quiet_import

        return quiet_import(module)
    except ImportError:
        raise RuntimeNotInstalledError.for_extra(package, extra) from None


def is_installed(backend: str) -> bool:
    """True when the backend's runtime package imports.

    Example:
        >>> is_installed("litert")
        True
    """
    try:
        require(backend)
    except RuntimeNotInstalledError:
        return False
    return True
