"""Convert Keras models and SavedModels to TFLite, ONNX and OpenVINO.

Routes that work with TensorFlow 2.21 + Keras 3: ``TFLiteConverter`` from the
Keras model, else from a traced concrete function, else from an exported
SavedModel; tf2onnx ``from_function`` (its ``from_keras`` breaks on Keras 3);
OpenVINO through ONNX (``openvino.convert_model`` cannot trace Keras 3 models).

:func:`tflite_bytes` is scaledown's one Keras-to-TFLite converter, with one
fallback chain: the float route (:func:`to_tflite`) and LiteRT's quantizer
(`scaledown.backends.litert.quantize`, which passes a ``configure`` hook
setting the quantization options on whichever converter the chain reaches)
both call it. ``from_keras_model`` trips over some Keras 3 models (reported
since TF 2.16); the chain then tries the next step.

Example:
    >>> import keras
    >>> import scaledown as sd
    >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="tiny")
    >>> tflite = to_tflite(sd.load(net))
    >>> tflite.format, tflite.inputs[0].shape
    ('tflite', (1, 4))
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

from ...errors import ConversionError, first_line
from ...model import Model
from .. import require
from ..common.quiet import tensorflow_logs_at_warning

Configure = Callable[[Any], None]
"""Sets options on a ``tf.lite.TFLiteConverter`` (optimizations, calibration...)."""


def load_tensorflow() -> Any:
    """TensorFlow, imported quietly (its converter is chatty in C++).

    Raises:
        RuntimeNotInstalledError: TensorFlow (the ``keras`` extra) is missing.

    Example:
        >>> hasattr(load_tensorflow().lite, "TFLiteConverter")
        True
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return require("keras")


def _signature(model: Model) -> list[Any]:
    tf = require("keras")
    return [
        tf.TensorSpec(
            [None, *s.shape[1:]], tf.dtypes.as_dtype(s.dtype), name=s.name.replace(":", "_")
        )
        for s in model.inputs
    ]


def _traced(model: Model) -> Any:
    tf = require("keras")
    net = model.native
    n = len(model.inputs)

    @tf.function(input_signature=_signature(model), autograph=False)
    def serve(*args: Any) -> Any:
        return net(
            args[0] if n == 1 and not isinstance(getattr(net, "input", None), list) else list(args),
            training=False,
        )

    return serve


def _fail(route: str, errors: list[str]) -> ConversionError:
    return ConversionError(
        f"converting this Keras model to {route} failed",
        why="; ".join(errors)[:600],
        fix="check that the model runs (model.predict) and uses standard layers; "
        "custom layers may need a SavedModel export first",
    )


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


def _chain(tf: Any, model: Model, workdir: Path, quantizing: bool) -> list[tuple[str, Any]]:
    """The converters to try, in order: (label, make_converter)."""
    if model.format == "savedmodel":
        return [("from_saved_model",
                 lambda: tf.lite.TFLiteConverter.from_saved_model(str(model.path)))]
    native = model.native
    steps: list[tuple[str, Any]] = []
    # tf_keras (legacy) float models go through a traced function: from_keras_model
    # writes a slightly different file for them, and earlier files stay byte-identical
    if type(native).__module__.startswith("keras") or quantizing:
        steps.append(("from_keras_model", lambda: tf.lite.TFLiteConverter.from_keras_model(native)))
    steps.append((
        "from_concrete_functions",
        lambda: tf.lite.TFLiteConverter.from_concrete_functions(
            [_traced(model).get_concrete_function()], native
        ),
    ))
    steps.append(("export + from_saved_model", lambda: _exported(tf, native, workdir)))
    return steps


def tflite_bytes(model: Model, configure: Configure | None = None) -> bytes:
    """Run TensorFlow's TFLite converter on a Keras model or SavedModel.

    Each step of the chain is tried in turn until one converts; ``configure``
    is applied to each step's converter, so every step quantizes identically.

    Args:
        model: A ``keras`` or ``savedmodel`` :class:`~scaledown.Model`.
        configure: Sets options on the converter (``None``: a float file).

    Returns:
        The ``.tflite`` flatbuffer, inputs and outputs in the converter's order.

    Raises:
        ConversionError: every step failed; each one's error is quoted.

    Example:
        >>> import keras
        >>> net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        >>> tflite_bytes(Model(net, "keras"))[4:8]
        b'TFL3'
    """
    tf = load_tensorflow()
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scaledown-") as tmp:
        for label, make in _chain(tf, model, Path(tmp), quantizing=configure is not None):
            try:
                with _quiet():
                    converter = make()
                    if configure is not None:
                        configure(converter)
                    return bytes(converter.convert())
            except Exception as exc:  # try the next step
                errors.append(f"{label}: {first_line(exc, 160)}")
    raise _fail("TFLite", errors)


def to_tflite(model: Model) -> Model:
    """Keras or SavedModel -> float32 TFLite, inputs and outputs in the Keras order."""
    return Model(keras_io_order(tflite_bytes(model), model), "tflite", model.name)


def keras_io_order(data: bytes, model: Model) -> bytes:
    """Put the TFLite graph's inputs and outputs in the Keras model's order.

    The TFLite converter orders a multi-output graph by its signature keys
    (``output_0``, ``output_1``... sorted as it likes), so ``predict`` would
    return outputs swapped. The signature says which tensor is which; we
    rewrite the graph's input/output lists to follow the Keras order.
    """
    from ..litert.schema import schema

    if len(model.inputs) < 2 and len(model.outputs) < 2:
        return data
    s = schema()
    fb = s.ModelT.InitFromPackedBuf(data, 0)
    if not fb.signatureDefs:
        return data
    sig = fb.signatureDefs[0]
    graph = fb.subgraphs[sig.subgraphIndex or 0]
    ins = {t.name.decode(): int(t.tensorIndex) for t in sig.inputs or []}
    outs = {t.name.decode(): int(t.tensorIndex) for t in sig.outputs or []}
    want_in = [ins.get(spec.name) for spec in model.inputs]
    want_out = [
        outs.get(spec.name, outs.get(f"output_{i}")) for i, spec in enumerate(model.outputs)
    ]
    changed = False
    if None not in want_in and sorted(want_in) == sorted(int(i) for i in graph.inputs):
        changed |= want_in != [int(i) for i in graph.inputs]
        graph.inputs = want_in
    if None not in want_out and sorted(want_out) == sorted(int(i) for i in graph.outputs):
        changed |= want_out != [int(i) for i in graph.outputs]
        graph.outputs = want_out
    if not changed:
        return data
    import flatbuffers

    builder = flatbuffers.Builder(len(data) + 1024)
    builder.Finish(fb.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def _exported(tf: Any, native: Any, workdir: Path) -> Any:
    """A converter reading the model exported as a SavedModel into ``workdir``."""
    folder = workdir / "saved_model"
    if type(native).__module__.startswith("keras"):
        native.export(str(folder), format="tf_saved_model", verbose=False)
    else:  # tf_keras models, e.g. legacy .h5 files
        tf.saved_model.save(native, str(folder))
    return tf.lite.TFLiteConverter.from_saved_model(str(folder))


def to_onnx(model: Model, *, opset: int = 17) -> Model:
    """Keras -> ONNX with tf2onnx ``from_function``; SavedModel -> TFLite -> ONNX."""
    if model.format == "savedmodel":  # a loaded SavedModel is not a Keras callable
        from ..litert.convert import to_onnx as tflite_to_onnx

        return tflite_to_onnx(to_tflite(model), opset=opset)
    require("onnxruntime")
    require("keras")
    try:
        import tf2onnx
    except ImportError:
        from ...errors import RuntimeNotInstalledError

        raise RuntimeNotInstalledError.for_extra("tf2onnx", "onnx") from None
    try:
        proto, _ = tf2onnx.convert.from_function(
            _traced(model), input_signature=_signature(model), opset=opset
        )
    except Exception as exc:
        raise _fail(
            "ONNX", [f"tf2onnx: {first_line(exc, 200)}"]
        ) from None
    return Model(proto, "onnx", model.name)


def to_openvino(model: Model) -> Model:
    """SavedModel -> OpenVINO directly; Keras -> ONNX -> OpenVINO."""
    if model.format == "savedmodel":
        ov = require("openvino")
        try:
            return Model(ov.convert_model(str(model.path)), "openvino", model.name)
        except Exception as exc:
            raise _fail("OpenVINO", [str(exc)[:200]]) from None
    from ..onnxruntime.to_openvino import to_openvino as onnx_to_openvino

    return onnx_to_openvino(to_onnx(model))

