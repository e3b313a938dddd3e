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
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def silenced_stderr() -> Iterator[None]:
    """Point file descriptor 2 at ``/dev/null`` inside the block (C++ logs included).

    Python exceptions raised inside still propagate with their messages.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (some notebooks): change nothing
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def quiet_import(name: str) -> ModuleType:
    """Import module ``name`` with the process's stderr silenced (if it is not loaded yet)."""
    if name in sys.modules:
        return sys.modules[name]
    with silenced_stderr():
        return importlib.import_module(name)


def quiet_tensorflow() -> None:
    """Import TensorFlow quietly if it is installed (so later imports of it are silent)."""
    with contextlib.suppress(ImportError):
        quiet_import("tensorflow")


@contextlib.contextmanager
def tensorflow_logs_at_warning() -> Iterator[None]:
    """Hold TensorFlow's Python logger at WARNING inside the block.

    In an interactive session (Jupyter) TensorFlow sets its logger to INFO, so
    every conversion prints "INFO:tensorflow:Assets written to: /tmp/...". Those
    lines say nothing a learner needs and read like errors in a tutorial.

    Example:
        >>> import logging
        >>> with tensorflow_logs_at_warning():
        ...     logging.getLogger("tensorflow").level
        30
    """
    import logging

    logger = logging.getLogger("tensorflow")
    saved = logger.level
    logger.setLevel(max(saved, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(saved)
