"""``TensorSpec``: one input or output of a model, in any format.

Every backend reports its model's tensors in this one shape; ``sd.Model``'s
``inputs`` and ``outputs`` are lists of it. It imports nothing of ours.

Example:
    >>> import numpy as np
    >>> spec = TensorSpec("x", (1, 4), "int8", scale=0.5, zero_point=-3)
    >>> spec.quantize(np.array([[0.0, 1.0, -1.0, 100.0]]))
    array([[ -3,  -1,  -5, 127]], dtype=int8)
    >>> spec.dequantize(np.array([[-3, -1]], dtype=np.int8))
    array([[0., 1.]], dtype=float32)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of a model.

    Attributes:
        name: The tensor's name in the model.
        shape: Dimensions; ``None`` marks a dimension of any size (e.g. batch).
        dtype: NumPy dtype name, e.g. ``"float32"`` or ``"int8"``.
        scale: Quantization scale (real = scale * (q - zero_point)); ``None`` if float.
        zero_point: Quantization zero point; ``None`` if float.
        layout: For image inputs (4 dimensions), the order the model reads:
            ``"NHWC"`` (channels last: TFLite, Keras, cameras, TFLite-Micro)
            or ``"NCHW"`` (channels first: PyTorch, most ONNX files);
            ``None`` when it does not apply or cannot be told.
    """

    name: str
    shape: tuple[int | None, ...]
    dtype: str
    scale: float | None = None
    zero_point: int | None = None
    layout: str | None = None

    @property
    def is_quantized(self) -> bool:
        """True when the tensor holds integers with a scale and zero point.

        Example:
            >>> TensorSpec("y", (1, 10), "int8", 0.1, 0).is_quantized
            True
        """
        return self.scale is not None and np.issubdtype(np.dtype(self.dtype), np.integer)

    @property
    def nbytes(self) -> int:
        """Bytes of one tensor with unknown dimensions taken as 1.

        Example:
            >>> TensorSpec("x", (None, 8, 8, 3), "float32").nbytes
            768
        """
        count = 1
        for dim in self.shape:
            count *= dim or 1
        return count * np.dtype(self.dtype).itemsize

    def quantize(self, x: np.ndarray) -> np.ndarray:
        """Map real values to this tensor's integers (round, then clip to the dtype).

        Example:
            >>> TensorSpec("x", (2,), "uint8", 1.0, 128).quantize(np.array([0.0, 500.0]))
            array([128, 255], dtype=uint8)
        """
        if not self.is_quantized:
            return np.asarray(x, dtype=self.dtype)
        info = np.iinfo(np.dtype(self.dtype))
        q = np.round(np.asarray(x, dtype=np.float64) / self.scale) + (self.zero_point or 0)
        return np.clip(q, info.min, info.max).astype(self.dtype)

    def dequantize(self, q: np.ndarray) -> np.ndarray:
        """Map this tensor's integers back to real values as float32.

        Example:
            >>> TensorSpec("y", (1,), "int8", 0.25, 2).dequantize(np.array([6], dtype=np.int8))
            array([1.], dtype=float32)
        """
        if not self.is_quantized:
            return np.asarray(q)
        real = (np.asarray(q, dtype=np.float64) - (self.zero_point or 0)) * self.scale
        return real.astype(np.float32)

    def __repr__(self) -> str:  # layout shown only when known, so older reprs still read the same
        fields = (f"name={self.name!r}, shape={self.shape!r}, dtype={self.dtype!r}, "
                  f"scale={self.scale!r}, zero_point={self.zero_point!r}")
        return f"TensorSpec({fields}" + (f", layout={self.layout!r})" if self.layout else ")")

    def __str__(self) -> str:
        dims = "x".join("?" if d is None else str(d) for d in self.shape) or "scalar"
        quant = (
            f" (scale={self.scale:.6g}, zero_point={self.zero_point})" if self.is_quantized else ""
        )
        layout = f" {self.layout}" if self.layout else ""
        return f"{self.name}: {dims}{layout} {self.dtype}{quant}"
