"""ScaleDown: one small API for TinyML.

The whole public surface is on this screen. Every name is imported lazily, on
first use, so ``import scaledown`` stays fast and pulls in no ML framework.

Example:
    >>> import scaledown as sd
    >>> sd.__version__
    '0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__ as __version__

# public name -> "module:attribute" (module relative to this package)
_LAZY: dict[str, str] = {
    "Device": "hardware.device:Device",
    "Model": "model:Model",
    "benchmark": "api.benchmark:benchmark",
    "compare": "api.compare:compare",
    "compile": "api.compile:compile",
    "convert": "api.convert:convert",
    "datasets": "datasets:",
    "device": "hardware.catalogue:device",
    "devices": "hardware.catalogue:devices",
    "distill": "api.distill:distill",
    "emulate": "api.emulate:emulate",
    "errors": "errors:",
    "evaluate": "api.evaluate:evaluate",
    "export": "api.export:export",
    "fit": "api.fit:fit",
    "inspect": "api.inspect:inspect",
    "load": "api.load:load",
    "methods": "methods:",
    "prune": "api.prune:prune",
    "quantize": "api.quantize:quantize",
    "reviews": "reviews:",
}

# Kept as a literal (sorted, guarded by tests/test_public_api.py) so tools can read it.
__all__ = [
    "Device",
    "Model",
    "__version__",
    "benchmark",
    "compare",
    "compile",
    "convert",
    "datasets",
    "device",
    "devices",
    "distill",
    "emulate",
    "errors",
    "evaluate",
    "export",
    "fit",
    "inspect",
    "load",
    "methods",
    "prune",
    "quantize",
    "reviews",
]


def __getattr__(name: str) -> Any:
    try:
        target = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'scaledown' has no attribute {name!r}") from None
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    value = getattr(module, attr) if attr else module
    globals()[name] = value  # cache: the next access skips __getattr__
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import datasets, errors, methods, reviews
    from .api.benchmark import benchmark
    from .api.compare import compare
    from .api.compile import compile
    from .api.convert import convert
    from .api.distill import distill
    from .api.emulate import emulate
    from .api.evaluate import evaluate
    from .api.export import export
    from .api.fit import fit
    from .api.inspect import inspect
    from .api.load import load
    from .api.prune import prune
    from .api.quantize import quantize
    from .hardware.catalogue import device, devices
    from .hardware.device import Device
    from .model import Model
