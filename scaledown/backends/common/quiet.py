"""Import TensorFlow without its C++ start-up log lines on the terminal.

TensorFlow 2.21 writes oneDNN and CUDA-probe notes straight to file
descriptor 2 when it is imported, whatever ``TF_CPP_MIN_LOG_LEVEL`` says. A
beginner reads them as errors. We point descriptor 2 at ``/dev/null`` for
the import only; a failed import still raises its Python exception.

Example:
    >>> quiet_import("json").__name__
    'json'
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from types import ModuleType


def quiet_import(name: str) -> ModuleType:
    """Import module ``name`` with the process's stderr silenced (if it is not loaded yet)."""
    if name in sys.modules:
        return sys.modules[name]
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (some notebooks): import as is
        return importlib.import_module(name)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        return importlib.import_module(name)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_tensorflow() -> None:
    """Import TensorFlow quietly if it is installed (so later imports of it are silent)."""
    with contextlib.suppress(ImportError):
        quiet_import("tensorflow")
