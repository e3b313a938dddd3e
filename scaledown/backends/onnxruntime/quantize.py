"""Quantize for ONNX Runtime with its own tools (``onnxruntime.quantization``).

* ``int8``: ``quantize_static`` in QDQ format (QuantizeLinear/DequantizeLinear
  pairs around each op, which ONNX Runtime fuses into integer kernels), int8
  activations and weights, calibrated by a ``CalibrationDataReader`` over our
  samples. Then :func:`~.int8_io.int8_boundary` drops the QuantizeLinear after
  each input and the DequantizeLinear before each output, so the model is
  full-integer at its boundary like a LiteRT int8 model: int8 inputs and
  outputs under their original names, and ``model.predict(float_x)``
  quantizes and dequantizes with the scale and zero point kept in the graph.
  An input or output that does not follow that pattern stays float, and if
  ONNX Runtime cannot load the rewritten graph the QDQ model is kept as is,
  with a warning.
* ``dynamic``: ``quantize_dynamic``, int8 weights, activations quantized at run time.
* ``float16``: ONNX Runtime's float16 converter
  (``onnxruntime.transformers.float16``), keeping float32 inputs and outputs.

Every step works in a temporary folder, so nothing half-written is left behind.

Example:
    >>> import numpy as np, scaledown as sd
    >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    >>> x = np.random.default_rng(0).uniform(-1, 1, (64, 4)).astype(np.float32)
    >>> q = sd.quantize(tiny_dense_onnx(), "int8", data=x, runtime="onnxruntime")
    >>> [(s.name, s.dtype, s.is_quantized) for s in (*q.inputs, *q.outputs)]
    [('x', 'int8', True), ('y', 'int8', True)]
    >>> q.predict(x[:1]).dtype  # float in, float out
    dtype('float32')
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ...model import Model
from ...vocabulary.feed import Feed, tracked
from .. import require
from ..common.boundary import warn_float_io
from .int8_io import int8_boundary


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless onnxruntime and onnx import.

    Example:
        >>> require_tools()  # both installed: nothing happens
    """
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
    """Quantize an ONNX :class:`~scaledown.Model` and return the new ONNX model.

    ``sd.quantize(..., runtime="onnxruntime")`` calls this after checking the
    scheme and reading the calibration data into ``feed``.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.api.quantize import config_for
        >>> from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
        >>> half = quantize(sd.load(tiny_dense_onnx()), config_for("float16"), None)
        >>> half.inputs[0].dtype, half.outputs[0].dtype  # float16 keeps float32 I/O
        ('float32', 'float32')
    """
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
        quantized = onnx.load(str(out))
    if config.scheme == "int8":
        quantized = _with_int8_io(quantized)
    return Model(native=quantized, format="onnx", name=model.name)


def _with_int8_io(proto: Any) -> Any:
    """``proto`` with int8 inputs/outputs, or unchanged if ONNX Runtime cannot load that."""
    import onnxruntime as ort

    try:
        rewritten = int8_boundary(proto)
        options = ort.SessionOptions()
        options.log_severity_level = 3
        ort.InferenceSession(
            rewritten.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # a graph the rewrite does not suit: float I/O still runs
        warn_float_io("ONNX Runtime", type(exc).__name__, stacklevel=4)
        return proto
    return rewritten
