"""``sd.inspect``: layers or ops, parameters, MACs, peak activations, runtime support."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..backends import support_columns as known_columns
from ..backends.common.report import Report as Report  # the report sd.inspect returns
from ..backends.common.report import describe
from ..errors import InputError


def inspect(model: Any, *, runtimes: Sequence[str] | None = None) -> Report:
    """Describe a model: ops/layers, params, MACs, peak activations, runtime support.

    Args:
        model: A `sd.Model` or anything `sd.load` takes.
        runtimes: Support columns to fill, from ``litert``, ``tflm``,
            ``onnxruntime``, ``openvino`` (default: all that apply to the format).
            Columns need the runtime's converter/frontend and take a few seconds.

    Returns:
        A `Report`; ``print(report)`` or ``report.print()`` in a terminal,
        rendered as HTML in a notebook.

    Raises:
        InputError: an unknown runtime name.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> report = sd.inspect(tiny_dense_tflite(), runtimes=["litert", "tflm"])
        >>> report.macs, report.params, report.rows[0]["support"]
        (8, 10, {'litert': 'yes', 'tflm': 'yes'})
        >>> "<table" in report._repr_html_()
        True
    """
    from .load import load

    known = known_columns()
    chosen = list(known if runtimes is None else runtimes)
    unknown = [r for r in chosen if r not in known]
    if unknown:
        raise InputError(
            f"unknown runtime(s) {unknown} for inspect",
            why=f"support columns exist for {', '.join(known)}",
            fix="pass runtimes= a list of those names",
        )
    return describe(load(model), chosen)
