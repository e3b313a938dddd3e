"""Quantize for OpenVINO with NNCF, OpenVINO's own compression framework.

* ``int8``: ``nncf.quantize`` (post-training: FakeQuantize nodes with
  calibrated ranges, plus NNCF's fast bias correction), with per-channel or
  per-tensor weight scales as asked.
* ``float16``: the IR is saved with ``compress_to_fp16=True`` and read back,
  so weights are stored in half precision (OpenVINO decompresses or runs them
  in FP16, depending on the device).

Dynamic-range quantization is not offered here: NNCF's weight compression
(``nncf.compress_weights``) targets the matrix multiplications of large
language models, not the convolutions of TinyML models.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

from ...api.calibration import Feed
from ...errors import RuntimeNotInstalledError
from ...model import Model
from .. import require

SCHEMES: tuple[str, ...] = ("int8", "float16")
SOURCE_FORMATS: tuple[str, ...] = ("openvino",)
TARGET_FORMAT = "openvino"


def require_tools() -> None:
    """Raise RuntimeNotInstalledError unless openvino and nncf import."""
    require("openvino")
    try:
        import nncf  # noqa: F401
    except ImportError:
        raise RuntimeNotInstalledError.for_extra("nncf", "openvino") from None


def quantize(model: Model, config: Any, feed: Feed | None) -> Model:
    """Quantize an OpenVINO :class:`~scaledown.Model` and return the new one."""
    import openvino as ov

    native = model.native
    if config.scheme == "float16":
        with tempfile.TemporaryDirectory(prefix="scaledown-ov-") as tmp:
            xml = Path(tmp, "model.xml")
            ov.save_model(native, str(xml), compress_to_fp16=True)
            half = ov.Core().read_model(str(xml))
            # read_model maps the .bin lazily; clone so the temp folder can go
            half = half.clone()
        return Model(native=half, format="openvino", name=model.name)
    import nncf
    from nncf.quantization.advanced_parameters import (
        AdvancedQuantizationParameters,
        QuantizationParameters,
    )

    assert feed is not None
    items = [s[0] if len(s) == 1 else list(s) for s in feed.samples]
    advanced = AdvancedQuantizationParameters(
        weights_quantization_params=QuantizationParameters(per_channel=config.per_channel)
    )
    with warnings.catch_warnings():
        # NNCF's progress bar asks for ipywidgets in notebooks; the bar still
        # works as text without it, so the warning only alarms a learner.
        warnings.filterwarnings("ignore", message='install "ipywidgets"')
        quantized = nncf.quantize(
            native,
            nncf.Dataset(items),
            preset=nncf.QuantizationPreset.PERFORMANCE,  # symmetric int8, as on MCUs
            subset_size=len(items),
            advanced_parameters=advanced,
        )
    return Model(native=quantized, format="openvino", name=model.name)
