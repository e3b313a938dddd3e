"""The Keras side of quantization: a TFLite converter that works with Keras 3.

``tf.lite.TFLiteConverter.from_keras_model`` handles most Keras 3 models in
TensorFlow 2.21, but trips over some (reported since TF 2.16). When it does,
we export the model as a SavedModel (``model.export`` for Keras 3,
``tf.saved_model.save`` for ``tf_keras``) and convert that instead. The
caller's ``configure(converter)`` sets the quantization options on whichever
converter is used, so both routes quantize identically.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...errors import ConversionError
from ...model import Model
from .. import require
from ..common.quiet import tensorflow_logs_at_warning

Configure = Callable[[Any], None]


def load_tensorflow() -> Any:
    """Import TensorFlow for its TFLite converter, with its C++ logging turned down.

    Raises RuntimeNotInstalledError with the pip extra when TensorFlow is missing.

    Example:
        >>> load_tensorflow().lite.TFLiteConverter.__name__
        'TFLiteConverterV2'
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # the converter is chatty in C++
    return require("keras")


def _from_keras_model(tf: Any, native: Any, workdir: Path) -> Any:
    return tf.lite.TFLiteConverter.from_keras_model(native)


def _from_exported(tf: Any, native: Any, workdir: Path) -> Any:
    folder = workdir / "saved_model"
    if type(native).__module__.startswith("keras"):
        native.export(str(folder), format="tf_saved_model", verbose=False)
    else:  # tf_keras models, e.g. legacy .h5 files
        tf.saved_model.save(native, str(folder))
    return tf.lite.TFLiteConverter.from_saved_model(str(folder))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Hide Keras' export printout and the converter's expected int8-input warning."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        warnings.catch_warnings(),
        tensorflow_logs_at_warning(),
    ):
        warnings.filterwarnings("ignore", message="Statistics for quantized inputs")
        # raised by the converter's own calibrator, not by anything the user called
        warnings.filterwarnings("ignore", message=r"\s*Warning: tf.lite.Interpreter is deprecated")
        yield


ROUTES: tuple[Callable[[Any, Any, Path], Any], ...] = (_from_keras_model, _from_exported)


def convert_to_tflite(model: Model, configure: Configure) -> bytes:
    """Run the TFLite converter on a Keras or SavedModel model with ``configure`` applied.

    Args:
        model: A ``keras`` or ``savedmodel`` :class:`~scaledown.Model`.
        configure: Sets options on the converter (optimizations, calibration...).

    Returns:
        The ``.tflite`` flatbuffer.

    Raises:
        ConversionError: every route failed; the first error is quoted.
    """
    tf = load_tensorflow()
    if model.format == "savedmodel":
        with _quiet():
            converter = tf.lite.TFLiteConverter.from_saved_model(str(model.path))
            configure(converter)
            return bytes(converter.convert())
    errors: list[Exception] = []
    with tempfile.TemporaryDirectory(prefix="scaledown-") as tmp:
        for route in ROUTES:
            try:
                with _quiet():
                    converter = route(tf, model.native, Path(tmp))
                    configure(converter)
                    return bytes(converter.convert())
            except Exception as exc:  # try the next route
                errors.append(exc)
    first = (str(errors[0]).strip().splitlines() or [type(errors[0]).__name__])[-1][:300]
    raise ConversionError(
        f"the TFLite converter failed on {model.name!r}",
        why=f"{type(errors[0]).__name__}: {first}",
        fix="check that the model runs on a batch of your data (model.predict(x)); layers "
            "without a TFLite kernel must be replaced",
    ) from errors[0]
