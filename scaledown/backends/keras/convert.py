"""Convert Keras models and SavedModels to TFLite, ONNX and OpenVINO.

Routes that work with TensorFlow 2.21 + Keras 3: ``TFLiteConverter`` from the
Keras model, else from a traced concrete function, else from an exported
SavedModel; tf2onnx ``from_function`` (its ``from_keras`` breaks on Keras 3);
OpenVINO through ONNX (``openvino.convert_model`` cannot trace Keras 3 models).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...errors import ConversionError, first_line
from ...model import Model
from .. import require
from ..common.quiet import tensorflow_logs_at_warning


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


def to_tflite(model: Model) -> Model:
    """Keras or SavedModel -> float32 TFLite."""
    tf = require("keras")
    errors: list[str] = []
    attempts: list[tuple[str, Callable[[], Any]]] = []
    if model.format == "savedmodel":
        attempts.append(
            ("from_saved_model", lambda: tf.lite.TFLiteConverter.from_saved_model(str(model.path)))
        )
    else:
        if type(model.native).__module__.startswith("keras"):
            attempts.append(
                ("from_keras_model", lambda: tf.lite.TFLiteConverter.from_keras_model(model.native))
            )
        attempts.append(
            (
                "from_concrete_functions",
                lambda: tf.lite.TFLiteConverter.from_concrete_functions(
                    [_traced(model).get_concrete_function()], model.native
                ),
            )
        )
        attempts.append(("export + from_saved_model", lambda: _via_export(model)))
    for label, make in attempts:
        try:
            # Keras export prints its captures; TensorFlow logs its temp folders
            with contextlib.redirect_stdout(io.StringIO()), tensorflow_logs_at_warning():
                data = make().convert()
        except Exception as exc:
            errors.append(
                f"{label}: {first_line(exc, 160)}"
            )
            continue
        return Model(keras_io_order(bytes(data), model), "tflite", model.name)
    raise _fail("TFLite", errors)


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


def _via_export(model: Model) -> Any:
    tf = require("keras")
    tmp = Path(tempfile.mkdtemp(prefix="scaledown-export-"))
    try:
        if hasattr(model.native, "export"):
            model.native.export(str(tmp / "sm"), verbose=False)
        else:
            tf.saved_model.save(model.native, str(tmp / "sm"))
        return tf.lite.TFLiteConverter.from_saved_model(str(tmp / "sm"))
    finally:
        # the converter reads the folder when created; convert() needs no files
        shutil.rmtree(tmp, ignore_errors=True)


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


ROUTES: dict[str, Callable[[Model], Model]] = {
    "tflite": to_tflite,
    "onnx": to_onnx,
    "openvino": to_openvino,
}
