"""``Model``: one handle for a model in any format, and ``TensorSpec``.

A ``Model`` wraps the backend's own object (``.native``) and answers the same
questions whatever the format: what goes in and out, how big it is, how many
multiply-accumulates it costs, and what it predicts. Every format-specific
step is delegated to ``scaledown/backends/<backend>/<verb>.py`` through the
dispatch in `sd.backends`, so this module imports no framework.

Example:
    >>> import numpy as np
    >>> spec = TensorSpec("x", (1, 4), "int8", scale=0.5, zero_point=-3)
    >>> spec.quantize(np.array([[0.0, 1.0, -1.0, 100.0]]))
    array([[ -3,  -1,  -5, 127]], dtype=int8)
    >>> spec.dequantize(np.array([[-3, -1]], dtype=np.int8))
    array([[0., 1.]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .vocabulary.tensors import TensorSpec as TensorSpec  # its home until it moved down

if TYPE_CHECKING:  # pragma: no cover
    from .vocabulary.facts import Facts

@cache
def _known_formats() -> tuple[str, ...]:
    """The formats the backend folders declare (read once)."""
    from .backends import model_formats

    return model_formats()


@dataclass(eq=False)  # a handle: two loads of one file are two models, and models can key dicts
class Model:
    """A model in one of the formats scaledown knows, with the same questions answered.

    Build one with `sd.load` rather than by hand.

    Attributes:
        native: The backend's own object: a ``keras.Model``, TFLite flatbuffer
            ``bytes``, an ``onnx.ModelProto``, an ``openvino.Model`` or a loaded
            TensorFlow SavedModel.
        format: One of ``"keras"``, ``"savedmodel"``, ``"tflite"``, ``"onnx"``,
            ``"openvino"``.
        name: A short name for tables and plots.
        path: The file or folder it came from, if any.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> tiny = sd.load(tiny_dense_tflite())
        >>> tiny.format, tiny.inputs[0].shape, tiny.is_quantized
        ('tflite', (1, 4), False)
    """

    native: Any
    format: str
    name: str = "model"
    path: Path | None = None
    _facts: Facts | None = field(default=None, repr=False, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.format not in _known_formats():
            raise InputError(
                f"unknown model format {self.format!r}",
                why=f"scaledown knows {', '.join(_known_formats())}",
                fix="load models with sd.load(path) instead of building Model by hand",
            )

    # -- facts, computed once by the backend's inspect module --------------
    @property
    def facts(self) -> Facts:
        """Everything the backend's inspector found (inputs, layers, MACs...)."""
        if self._facts is None:
            from .backends import backend_module
            from .backends.common.layouts import fill_layouts

            self._facts = fill_layouts(self, backend_module(self.format, "inspect").facts(self))
        return self._facts

    @property
    def inputs(self) -> list[TensorSpec]:
        """The model's inputs, in the order ``predict`` takes them."""
        return self.facts.inputs

    @property
    def outputs(self) -> list[TensorSpec]:
        """The model's outputs, in the order ``predict`` returns them."""
        return self.facts.outputs

    @property
    def param_count(self) -> int:
        """Number of stored weights (every element of every constant tensor)."""
        return self.facts.param_count

    @property
    def macs(self) -> int:
        """Multiply-accumulates of one inference at batch 1 (conv, dense, matmul)."""
        return self.facts.macs

    @property
    def size_bytes(self) -> int:
        """Size of the serialized model (the file, or the weights for in-memory Keras)."""
        return self.facts.size_bytes

    @property
    def is_quantized(self) -> bool:
        """True when weights are stored as 8-bit integers (int8/uint8)."""
        return self.facts.is_quantized

    @property
    def backend(self) -> str:
        """The runtime that runs this format natively (``litert``, ``onnxruntime``...)."""
        from .backends import backend_of

        return backend_of(self.format)

    # -- running -----------------------------------------------------------
    def predict(
        self,
        x: Any,
        *,
        batch_size: int | None = None,
        layout: str | Sequence[str | None] | None = None,
    ) -> Any:
        """Run the model on ``x`` and return float outputs.

        Quantized inputs and outputs are handled with the model's own scale
        and zero point: pass float data, get float data back. Several inputs
        are passed as a list (or a dict by input name); several outputs come
        back as a list.

        Args:
            x: A NumPy array whose first axis is the batch (a single sample
                without the batch axis is accepted too), or a list/dict of them.
            batch_size: Samples per call for models whose batch size is free.
            layout: The channel order of image data in ``x``, ``"NCHW"`` or
                ``"NHWC"``; scaledown moves it to the order the model reads
                (``model.inputs[0].layout``). Without it, ``x`` must already be
                in that order: data in the other one is refused, saying how
                to move the axes.

        Returns:
            A float NumPy array, or a list of them for multi-output models.

        Raises:
            InputError: ``x`` has the wrong shape, dtype or number of arrays, holds
                no samples, or holds NaN for a quantized (int8) input; images
                in the other channel order; an unknown ``layout``.

        Example:
            >>> import numpy as np, scaledown as sd
            >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
            >>> sd.load(tiny_dense_tflite()).predict(np.ones((3, 4), np.float32)).shape
            (3, 2)
        """
        from .backends.common.predict import predict

        return predict(self, x, batch_size=batch_size, layout=layout)

    def session(self, *, threads: int | None = None) -> Any:
        """Open the backend's runner once; ``session.run(arrays)`` runs one batch raw."""
        from .backends import backend_module

        return backend_module(self.format, "run").open_session(self, threads=threads)

    # -- describing and saving --------------------------------------------
    def summary(self) -> None:
        """Print a table of layers/ops, parameters, MACs and runtime support.

        Like Keras' ``model.summary()`` it prints and returns nothing; use
        ``sd.inspect(model)`` for the report as data (and as HTML in notebooks).
        """
        from .backends.common.report import describe

        describe(self).print()

    def to_bytes(self) -> bytes:
        """The serialized model in its own format (for TFLite: the flatbuffer).

        Example:
            >>> import scaledown as sd
            >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
            >>> data = sd.load(tiny_dense_tflite()).to_bytes()
            >>> data[4:8]
            b'TFL3'
        """
        from .backends import backend_module

        return backend_module(self.format, "save").to_bytes(self)

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` atomically (temp file beside it, then rename).

        The extension must suit the format (``.tflite``, ``.onnx``, ``.keras``,
        ``.xml`` for OpenVINO IR, a new folder for SavedModel). An existing
        file at ``path`` is replaced in one step (readers see the old file or
        the new one); an existing folder is refused, never deleted.

        Args:
            path: The file to write (its folders are created if missing).

        Returns:
            The path written.

        Raises:
            InputError: the extension does not suit the model's format.
            WriteError: ``path`` is an existing folder, or the disk is full,
                the folder is not writable, a parent is a file...; nothing
                half-written is left behind.

        Example:
            >>> import tempfile, scaledown as sd
            >>> from pathlib import Path
            >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
            >>> folder = Path(tempfile.mkdtemp())
            >>> sd.load(tiny_dense_tflite()).save(folder / "tiny.tflite").name
            'tiny.tflite'
            >>> (folder / "kept.tflite").mkdir()
            >>> sd.load(tiny_dense_tflite()).save(folder / "kept.tflite")
            Traceback (most recent call last):
            ...
            scaledown.errors.WriteError: cannot write to '...kept.tflite': it is an existing folder
            ...
        """
        from .backends import backend_module

        return backend_module(self.format, "save").save(self, Path(path))

    def __repr__(self) -> str:
        where = f", path='{self.path}'" if self.path else ""
        return f"Model(name={self.name!r}, format={self.format!r}{where})"

    def _repr_html_(self) -> str:
        from .backends.common.report import describe

        return describe(self)._repr_html_()
