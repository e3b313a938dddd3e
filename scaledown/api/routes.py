"""Every way a model travels from the framework it was made in to a runtime.

The registry below is the one list of routes: the framework page's table is
generated from it (`scaledown.site.routes_page`), and
``tests/api/test_routes.py`` runs every route in it, so a cell on
the page is a route that a test exercises. :func:`reach` is the route
itself, the same calls a learner types.

Example:
    >>> len(ROUTES), route("pytorch", "litert-int8").via
    (28, ('pytorch', 'onnx', 'keras', 'tflite'))
    >>> route("onnx", "compiled-c").via
    ('onnx', 'keras', 'tflite', 'c')
    >>> print(route("tflite", "litert-int8"))
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: no route from tflite to litert-int8
      why: a float .tflite file cannot be quantized again: the TFLite converter quantizes from the source model
      fix: quantize the Keras, SavedModel, ONNX or PyTorch model it was made from
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError

SOURCES: dict[str, str] = {
    "keras": "Keras",
    "savedmodel": "SavedModel",
    "onnx": "ONNX",
    "pytorch": "PyTorch",
    "tflite": "TFLite",
}
TARGETS: dict[str, str] = {
    "litert-float": "LiteRT float",
    "litert-int8": "LiteRT int8",
    "onnxruntime": "ONNX Runtime",
    "openvino": "OpenVINO",
    "tflm": "TFLite-Micro",
    "compiled-c": "Compiled C",
}
LOAD_CALL: dict[str, str] = {
    "keras": "sd.load(keras_model)",
    "savedmodel": 'sd.load("saved_model/")',
    "onnx": 'sd.load("model.onnx")',
    "pytorch": "sd.load(module, example_input=x)",
    "tflite": 'sd.load("model.tflite")',
}
# the formats a model passes through before each target's own step
_FIRST_HOP = {"keras": ("keras",), "savedmodel": ("savedmodel",), "onnx": ("onnx",),
              "pytorch": ("pytorch", "onnx"), "tflite": ("tflite",)}
DEFAULT_DEVICE = "arduino-nano-33-ble-sense-rev2"

NO_ROUTE: dict[tuple[str, str], str] = {
    ("tflite", "litert-int8"): "a float .tflite file cannot be quantized again: the TFLite "
    "converter quantizes from the source model",
    ("tflite", "compiled-c"): "sd.compile takes a full-integer int8 model, and a float "
    ".tflite file cannot be quantized again",
}


@dataclass(frozen=True)
class Route:
    """One cell of the table: how a ``source`` model reaches a ``target`` runtime."""

    source: str
    target: str
    call: str
    """What the learner types, after ``m = <load call>``."""
    via: tuple[str, ...]
    """The formats the model passes through, source first."""

    @property
    def id(self) -> str:
        """``"source-target"``, the test id of this route.

        Example:
            >>> route("onnx", "tflm").id
            'onnx-tflm'
        """
        return f"{self.source}-{self.target}"


def _via(source: str, target: str) -> tuple[str, ...]:
    first = _FIRST_HOP[source]
    tail = first[-1]
    if target == "compiled-c":  # the int8 LiteRT model, compiled
        return (*_via(source, "litert-int8"), "c")
    if target in ("litert-float", "litert-int8", "tflm"):
        middle = ("keras",) if tail == "onnx" else ()
        return (*first, *middle, "tflite") if tail != "tflite" else first
    if target == "onnxruntime":
        if tail == "onnx":
            return first
        return (*first, "tflite", "onnx") if tail == "savedmodel" else (*first, "onnx")
    # openvino: its frontends read ONNX, TFLite and SavedModel; Keras goes through ONNX
    return (*first, "onnx", "openvino") if tail == "keras" else (*first, "openvino")


_CALLS = {
    "litert-float": 'sd.convert(m, to="tflite")',
    "litert-int8": 'sd.quantize(m, "int8", data=x, runtime="litert")',
    "onnxruntime": 'sd.convert(m, to="onnx")',
    "openvino": 'sd.convert(m, to="openvino")',
    "tflm": "sd.fit(sd.quantize(m, data=x), device=...); sd.export(..., \"c\", dir)",
    "compiled-c": 'sd.compile(sd.quantize(m, "int8", data=x), dir)',
}


def _build() -> tuple[Route, ...]:
    out = []
    for s in SOURCES:
        for t in TARGETS:
            if (s, t) in NO_ROUTE:
                continue
            call = _CALLS[t]
            if s == "tflite" and t == "tflm":
                call = 'sd.fit(m, device=..., allow_float=True); sd.export(m, "c", dir)'
            out.append(Route(s, t, call, _via(s, t)))
    return tuple(out)


ROUTES: tuple[Route, ...] = _build()


def route(source: str, target: str) -> Route:
    """The route from ``source`` to ``target``.

    Raises:
        InputError: an unknown name, or a pair with no route (saying why).
    """
    for r in ROUTES:
        if (r.source, r.target) == (source, target):
            return r
    if (source, target) in NO_ROUTE:
        raise InputError(
            f"no route from {source} to {target}",
            why=NO_ROUTE[(source, target)],
            fix="quantize the Keras, SavedModel, ONNX or PyTorch model it was made from",
        )
    raise InputError(
        f"unknown route {source!r} -> {target!r}",
        why=f"sources are {', '.join(SOURCES)}; targets are {', '.join(TARGETS)}",
        fix="pick one of each",
    )


def reach(model: Any, target: str, *, data: Any = None, device: str = DEFAULT_DEVICE) -> Any:
    """Take a loaded model to ``target`` the way the table says.

    Returns:
        The converted or quantized `sd.Model`; for ``"tflm"`` the
        ``sd.fit`` report of the int8 model (float for a ``.tflite`` source);
        for ``"compiled-c"`` the ``(int8 model, sd.compile result)`` pair, the C
        written to a new temporary folder.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx
        >>> reach(sd.load(tiny_conv_onnx()), "onnxruntime").format
        'onnx'
    """
    from .convert import convert
    from .fit import fit
    from .load import load
    from .quantize import quantize

    model = load(model)
    if target == "litert-float":
        return convert(model, to="tflite")
    if target == "litert-int8":
        return quantize(model, "int8", data=data, runtime="litert")
    if target == "onnxruntime":
        return convert(model, to="onnx")
    if target == "openvino":
        return convert(model, to="openvino")
    if target == "tflm":
        if model.format == "tflite":  # TFLite-Micro has float kernels for a float file
            return fit(model, device=device, allow_float=not model.is_quantized)
        return fit(quantize(model, "int8", data=data), device=device)
    if target == "compiled-c":
        import tempfile
        from pathlib import Path

        from .compile import compile as compile_model

        int8 = quantize(model, "int8", data=data, runtime="litert")
        folder = Path(tempfile.mkdtemp(prefix="scaledown-route-")) / "model"
        return int8, compile_model(int8, folder)
    raise InputError(f"unknown target {target!r}", why=f"targets are {', '.join(TARGETS)}",
                     fix="pick one of those")
