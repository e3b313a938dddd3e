"""What a backend folder says about itself: one frozen :class:`Backend` per folder.

Each folder under ``scaledown/backends/`` (and the compiled C target) ends its
``__init__.py`` with ``DECLARATION = Backend(...)``; `scaledown.backends`
collects them into the registry every verb asks. A declaration is data only:
functions are named as ``"module:function"`` strings, relative to the
backend's own folder, so reading every declaration imports no framework.

Example:
    >>> b = Backend(name="demo", summary="a demo", loads=("demo",),
    ...             verbs=("load", "run"), routes={"onnx": "convert:to_onnx"})
    >>> b.does("run"), b.does("run", "demo"), b.does("quantize"), b.route("onnx")
    (True, True, False, 'convert:to_onnx')
    >>> Backend(name="demo", summary="a demo", verbs=("fly",))
    Traceback (most recent call last):
    ...
    scaledown.errors.InputError: backend 'demo' declares an unknown verb 'fly'
      why: a backend implements some of: load, inspect, run, save, convert, quantize, support, prune, distill, arena, ops, compile
      fix: name its modules after those verbs, or add the verb to scaledown.backends.declaration.VERBS
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import InputError

VERBS: tuple[str, ...] = (
    "load", "inspect", "run", "save", "convert", "quantize", "support",
    "prune", "distill", "arena", "ops", "compile",
)
"""The module names a backend folder may hold, one per thing it does."""


@dataclass(frozen=True)
class Requirement:
    """The Python package a backend needs, and how a learner installs it.

    Example:
        >>> Requirement("openvino", "openvino", "openvino").extra
        'openvino'
    """

    module: str
    """What must import, e.g. ``"ai_edge_litert"``."""
    package: str
    """The pip package that provides it, e.g. ``"ai-edge-litert"``."""
    extra: str
    """The scaledown extra that installs it: ``pip install "scaledown-tinyml[<extra>]"``."""


@dataclass(frozen=True)
class Quantizer:
    """What a backend's ``quantize.py`` can do.

    Example:
        >>> q = Quantizer(schemes=("int8",), starts_from=("onnx",), makes="onnx")
        >>> q.reads("onnx"), q.reads("tflite")
        (True, False)
    """

    schemes: tuple[str, ...]
    """The quantization schemes it applies (names of ``sd.quantize``'s schemes)."""
    starts_from: tuple[str, ...]
    """The model formats its quantizer reads."""
    makes: str
    """The format of the quantized model."""
    convert_first: bool = True
    """True: a model in another format is converted to ``makes`` first.
    False: only ``starts_from`` models can be quantized."""

    def reads(self, fmt: str) -> bool:
        """True when the quantizer reads ``fmt`` models as they are."""
        return fmt in self.starts_from


@dataclass(frozen=True)
class Source:
    """One row of the framework page's routes table: a format models are made in.

    Example:
        >>> Source("onnx", "ONNX", 'sd.load("model.onnx")', row=3).label
        'ONNX'
    """

    fmt: str
    """The model format, as ``sd.load`` names it."""
    label: str
    """Its name on the page."""
    load_call: str
    """How a learner loads one."""
    row: int
    """Its place on the page, top first."""


@dataclass(frozen=True)
class Target:
    """One column of the framework page's routes table that this backend owns.

    Example:
        >>> Target("onnxruntime", "ONNX Runtime", 'sd.convert(m, to="onnx")', "onnx", column=3).int8
        False
    """

    id: str
    """The column's id, e.g. ``"litert-int8"``."""
    label: str
    """Its heading on the page."""
    call: str
    """What a learner types, after ``m = <load call>``."""
    fmt: str
    """The model format the target runs (or, for a compiled target, compiles from)."""
    column: int
    """Its place on the page, left first."""
    int8: bool = False
    """True when the route quantizes to int8 first."""
    writes: str = ""
    """The format this target adds after ``fmt`` (``"c"`` for the compiled target)."""
    same_format_call: str = ""
    """The call instead of ``call`` when the source is already in ``fmt``."""
    why_not: str = ""
    """Why an int8 target cannot be reached from a model its quantizer cannot read."""


@dataclass(frozen=True, kw_only=True)
class Backend:
    """One backend folder, declared once in its ``__init__.py``.

    The registry (`scaledown.backends`) answers every question a verb asks
    from these fields; nothing else lists what backends can do.
    """

    name: str
    """The folder's name under ``scaledown/backends/``."""
    summary: str
    """One line a learner reads in error messages and the contributor guide."""
    loads: tuple[str, ...] = ()
    """Model formats ``sd.load`` hands to this backend's ``load.py``."""
    extensions: Mapping[str, str] = field(default_factory=dict)
    """File name ending -> the format ``sd.load`` reads such a file as (``".onnx": "onnx"``)."""
    saves: tuple[str, ...] = ()
    """Model formats its ``save.py`` writes."""
    suffix: str = ""
    """The file name ending of the models it writes in its ``runs`` format (``".tflite"``)."""
    runtime: str | None = None
    """The runtime name users pass (``runtime="litert"``), if it runs models."""
    runs: str | None = None
    """The format that runtime runs natively."""
    requires: Requirement | None = None
    """The package its modules need (``None``: nothing beyond scaledown)."""
    verbs: tuple[str, ...] = ()
    """The modules the folder holds, from :data:`VERBS`."""
    only: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Verb -> the formats it works on, for a verb that takes fewer formats than ``loads``."""
    routes: Mapping[str, str] = field(default_factory=dict)
    """Target format -> ``"module:function"`` converting a model it loads."""
    passes_through: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """``"source->target"`` -> the formats a conversion passes through on the way."""
    opens_as: str | None = None
    """The format a loaded model becomes (PyTorch models become ONNX on load)."""
    quantizer: Quantizer | None = None
    """What its ``quantize.py`` does (``None``: it does not quantize)."""
    support_column: str | None = None
    """The column it fills in ``sd.inspect``'s per-op table."""
    support_place: int = 0
    """Where that column stands in the table, left first."""
    support: str | None = None
    """``"module:function"`` judging each op of a model for that column."""
    support_note: str = ""
    """A note ``sd.inspect`` prints under the table when this column is filled."""
    judges: tuple[str, ...] = ()
    """The formats its support judge reads (``"?"`` cells when it is not installed)."""
    detects: str | None = None
    """``"module:function"``: ``detects(src) -> format or None``, the format of an
    in-memory object or of bytes its ``load.py`` reads. ``sd.load`` asks every
    backend about what it is given, so the function must import no framework."""
    objects: tuple[str, ...] = ()
    """The in-memory model types ``detects`` recognises, as a learner writes them
    (``"keras.Model"``); ``sd.load`` lists them when it is given something else."""
    from_bytes: tuple[str, ...] = ()
    """The formats its ``load_bytes`` reads (``sd.load`` names them for other bytes)."""
    result_check: str | None = None
    """``"module:function"``: ``check(model, scheme) -> (why not, int8 scales)``, reading a
    conversion's (``scheme=None``) or quantizer's result in this backend's ``runs`` format."""
    sources: tuple[Source, ...] = ()
    """Its rows on the framework page's routes table."""
    targets: tuple[Target, ...] = ()
    """Its columns on the framework page's routes table."""

    def __post_init__(self) -> None:
        unknown = [verb for verb in self.verbs if verb not in VERBS]
        if unknown:
            raise InputError(
                f"backend {self.name!r} declares an unknown verb {unknown[0]!r}",
                why=f"a backend implements some of: {', '.join(VERBS)}",
                fix="name its modules after those verbs, or add the verb to "
                    "scaledown.backends.declaration.VERBS",
            )
        object.__setattr__(self, "routes", MappingProxyType(dict(self.routes)))
        object.__setattr__(self, "only", MappingProxyType(dict(self.only)))
        object.__setattr__(self, "extensions", MappingProxyType(dict(self.extensions)))
        object.__setattr__(self, "passes_through", MappingProxyType(dict(self.passes_through)))

    def does(self, verb: str, fmt: str | None = None) -> bool:
        """True when the folder implements ``verb`` (for a ``fmt`` model, if given)."""
        if verb not in self.verbs:
            return False
        return fmt is None or fmt in self.only.get(verb, self.loads)

    def route(self, target: str) -> str | None:
        """The ``"module:function"`` converting to ``target``, or ``None``."""
        return self.routes.get(target)
