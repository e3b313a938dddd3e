"""Every way a model travels from the framework it was made in to a runtime.

The routes are derived from the backend registry (`scaledown.backends`):
each backend declares its rows (``sources``) and columns (``targets``), its
conversions and the formats they pass through, and :data:`ROUTES` follows
them. The framework page's table is generated from it
(`scaledown.site.routes_page`), and
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

from ..backends import REGISTRY, backend_of, conversions, passes_through, quantizers
from ..backends.declaration import Backend, Source, Target
from ..errors import InputError


def _sources() -> list[Source]:
    return sorted((s for b in REGISTRY.values() for s in b.sources), key=lambda s: s.row)


def _targets() -> dict[str, tuple[Backend, Target]]:
    found = sorted(((b, t) for b in REGISTRY.values() for t in b.targets),
                   key=lambda pair: pair[1].column)
    return {t.id: (b, t) for b, t in found}


_TARGETS = _targets()
SOURCES: dict[str, str] = {s.fmt: s.label for s in _sources()}
TARGETS: dict[str, str] = {tid: t.label for tid, (_, t) in _TARGETS.items()}
LOAD_CALL: dict[str, str] = {s.fmt: s.load_call for s in _sources()}
DEFAULT_DEVICE = "arduino-nano-33-ble-sense-rev2"


def _first_hop(source: str) -> tuple[str, ...]:
    """The formats a loaded model is in: PyTorch becomes ONNX on load."""
    opens_as = REGISTRY[backend_of(source)].opens_as
    return (source, opens_as) if opens_as else (source,)


def _int8_runtime(fmt: str) -> str:
    """The runtime whose quantizer makes ``fmt`` files."""
    return next(r for r, b in quantizers().items() if b.quantizer and b.quantizer.makes == fmt)


def _why_not(source: str, target: Target) -> str | None:
    """Why ``source`` cannot reach ``target``, or ``None`` when it can."""
    tail = _first_hop(source)[-1]
    if target.int8:
        plan = quantizers()[_int8_runtime(target.fmt)].quantizer
        if plan is not None and not plan.reads(tail) and not plan.convert_first:
            return target.why_not or f"the quantizer does not start from {tail} models"
    if tail != target.fmt and target.fmt not in conversions(tail):
        return f"scaledown has no conversion from {tail} to {target.fmt}"
    return None


NO_ROUTE: dict[tuple[str, str], str] = {
    (s, tid): why
    for s in SOURCES
    for tid, (_, t) in _TARGETS.items()
    if (why := _why_not(s, t)) is not None
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
    _, t = _TARGETS[target]
    first = _first_hop(source)
    tail = first[-1]
    path = first if tail == t.fmt else (*first, *passes_through(tail, t.fmt), t.fmt)
    return (*path, t.writes) if t.writes else path


def _call(source: str, target: str) -> str:
    _, t = _TARGETS[target]
    if t.same_format_call and _first_hop(source)[-1] == t.fmt:
        return t.same_format_call
    return t.call


def _build() -> tuple[Route, ...]:
    return tuple(
        Route(s, t, _call(s, t), _via(s, t))
        for s in SOURCES
        for t in TARGETS
        if (s, t) not in NO_ROUTE
    )


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

    if target not in _TARGETS:
        raise InputError(f"unknown target {target!r}", why=f"targets are {', '.join(TARGETS)}",
                         fix="pick one of those")
    owner, t = _TARGETS[target]
    model = load(model)
    if owner.does("compile"):  # a compiled target: compile the int8 model (sd.compile)
        import tempfile
        from pathlib import Path

        from .compile import compile as compile_model

        int8 = quantize(model, "int8", data=data, runtime=_int8_runtime(t.fmt))
        folder = Path(tempfile.mkdtemp(prefix="scaledown-route-")) / "model"
        return int8, compile_model(int8, folder)
    if owner.does("arena"):  # a microcontroller interpreter: fit the model to a board
        if model.format == t.fmt:  # TFLite-Micro has float kernels for a float file
            return fit(model, device=device, allow_float=not model.is_quantized)
        return fit(quantize(model, "int8", data=data), device=device)
    if t.int8:
        return quantize(model, "int8", data=data, runtime=_int8_runtime(t.fmt))
    return convert(model, to=t.fmt)
