"""Quantize for ONNX Runtime with its own tools (``onnxruntime.quantization``).

* ``int8``: ``quantize_static`` in QDQ format (QuantizeLinear/DequantizeLinear
  pairs around each op, which ONNX Runtime fuses into integer kernels), int8
  activations and weights, calibrated by a ``CalibrationDataReader`` over our
  samples. The model's inputs and outputs stay float: the first op quantizes.
* ``dynamic``: ``quantize_dynamic``, int8 weights, activations quantized at run time.
* ``float16``: ONNX Runtime's float16 converter
  (``onnxruntime.transformers.float16``), keeping float32 inputs and outputs.

Every step works in a temporary folder, so nothing half-written is left behind.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ...api.calibration import Feed, tracked
from ...model import Model
from .. import require

SCHEMES: tuple[str, ...] = ("int8", "dynamic", "float16")
SOURCE_FORMATS: tuple[str, ...] = ("onnx",)
TARGET_FORMAT = "onnx"


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless onnxruntime and onnx import."""
    require("onnxruntime")
    try:
        import onnx  # noqa: F401
    except ImportError:
        from ...errors import RuntimeNotInstalledError

        raise RuntimeNotInstalledError.for_extra("onnx", "onnx") from None


def _reader(feed: Feed) -> Any:
    from onnxruntime.quantization import CalibrationDataReader

    class _FeedReader(CalibrationDataReader):
        """Hands ONNX Runtime one ``{input name: array}`` sample at a time."""

        def __init__(self) -> None:
            self._samples = tracked(feed, "calibrating (ONNX Runtime)")

        def get_next(self) -> dict | None:
            sample = next(self._samples, None)
            return None if sample is None else dict(zip(feed.input_names, sample, strict=True))

    return _FeedReader()


def _input_names(proto: Any) -> tuple[str, ...]:
    initializers = {t.name for t in proto.graph.initializer}
    return tuple(i.name for i in proto.graph.input if i.name not in initializers)


def quantize(model: Model, config: Any, feed: Feed | None) -> Model:
    """Quantize an ONNX :class:`~scaledown.Model` and return the new ONNX model."""
    import onnx
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    proto = model.native
    if config.scheme == "float16":
        from onnxruntime.transformers.float16 import convert_float_to_float16

        half = convert_float_to_float16(proto, keep_io_types=True, disable_shape_infer=False)
        return Model(native=half, format="onnx", name=model.name)
    with tempfile.TemporaryDirectory(prefix="scaledown-ort-") as tmp:
        src, prepared, out = Path(tmp, "float.onnx"), Path(tmp, "prep.onnx"), Path(tmp, "q.onnx")
        onnx.save(proto, src)
        # the pre-processing step ORT recommends: shape inference and graph optimization
        quant_pre_process(str(src), str(prepared), skip_symbolic_shape=True)
        if config.scheme == "dynamic":
            quantize_dynamic(str(prepared), str(out), weight_type=QuantType.QInt8,
                             per_channel=config.per_channel)
        else:
            assert feed is not None
            if feed.input_names != _input_names(proto):  # names come from the source model
                feed = Feed(feed.samples, _input_names(proto))
            quantize_static(
                str(prepared), str(out), _reader(feed),
                quant_format=QuantFormat.QDQ,
                activation_type=QuantType.QInt8,
                weight_type=QuantType.QInt8,
                per_channel=config.per_channel,
            )
        return Model(native=onnx.load(str(out)), format="onnx", name=model.name)
