"""Integer parameters worked out on the host, exactly as TFLite-Micro works them out.

TFLite-Micro turns every real-valued scale ratio into a *quantized
multiplier*: a Q31 significand and a power-of-two shift
(``quantization_util.cc``'s ``QuantizeMultiplier``). It turns a fused
activation into an int8 clamp range using float32 arithmetic
(``kernel_util.cc``'s ``CalculateActivationRangeQuantized``), and works out
padding from the output size (``padding.h``). The compiler must reach the
same integers bit for bit, so these functions repeat those steps, the
float32 roundings included, in plain Python.

Example:
    >>> quantize_multiplier(0.5)
    (1073741824, 0)
    >>> quantize_multiplier(0.0003)
    (1319413953, -11)
    >>> activation_range("RELU6", scale=6 / 255, zero_point=-128)
    (-128, 127)
"""

from __future__ import annotations

import math

import numpy as np

INT8_MIN, INT8_MAX = -128, 127


def _round_half_away(x: float) -> int:
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


def quantize_multiplier(real: float) -> tuple[int, int]:
    """Split a positive real multiplier into a Q31 significand and a shift.

    ``real ~= significand / 2**31 * 2**shift``; ``shift`` > 0 is a left shift.

    Example:
        >>> quantize_multiplier(1.0), quantize_multiplier(0.0)
        ((1073741824, 1), (0, 0))
        >>> quantize_multiplier(2.0 ** -40)
        (0, 0)
    """
    if real == 0.0:
        return 0, 0
    fraction, shift = math.frexp(real)
    fixed = _round_half_away(fraction * (1 << 31))
    if fixed == 1 << 31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return fixed, shift


def per_channel_multipliers(
    input_scale: float, filter_scales: tuple[float, ...], output_scale: float, channels: int
) -> tuple[list[int], list[int]]:
    """Multipliers and shifts of a convolution, one per output channel.

    A per-tensor filter scale is repeated for every channel, as TFLite-Micro does.

    Example:
        >>> per_channel_multipliers(0.5, (0.01,), 0.25, 2)
        ([1374389535, 1374389535], [-5, -5])
    """
    multipliers, shifts = [], []
    for i in range(channels):
        scale = filter_scales[i] if len(filter_scales) > 1 else filter_scales[0]
        m, s = quantize_multiplier(float(input_scale) * float(scale) / float(output_scale))
        multipliers.append(m)
        shifts.append(s)
    return multipliers, shifts


def _quantize_f32(value: float, scale: float, zero_point: int) -> int:
    quotient = np.float32(value) / np.float32(scale)  # float32 division, as TFLM
    return zero_point + _round_half_away(float(quotient))


def activation_range(activation: str, *, scale: float, zero_point: int) -> tuple[int, int]:
    """The int8 clamp range a fused activation becomes.

    Args:
        activation: ``"NONE"``, ``"RELU"``, ``"RELU6"`` or ``"RELU_N1_TO_1"``.
        scale: The output tensor's scale.
        zero_point: The output tensor's zero point.

    Example:
        >>> activation_range("RELU", scale=0.1, zero_point=-20)
        (-20, 127)
        >>> activation_range("RELU_N1_TO_1", scale=0.01, zero_point=0)
        (-100, 100)
    """
    if activation == "RELU":
        return max(INT8_MIN, _quantize_f32(0.0, scale, zero_point)), INT8_MAX
    if activation == "RELU6":
        return (max(INT8_MIN, _quantize_f32(0.0, scale, zero_point)),
                min(INT8_MAX, _quantize_f32(6.0, scale, zero_point)))
    if activation == "RELU_N1_TO_1":
        return (max(INT8_MIN, _quantize_f32(-1.0, scale, zero_point)),
                min(INT8_MAX, _quantize_f32(1.0, scale, zero_point)))
    return INT8_MIN, INT8_MAX


def output_size(padding: str, size: int, filter_size: int, stride: int, dilation: int = 1) -> int:
    """Output rows (or columns) of a convolution or pool, from its padding.

    Example:
        >>> output_size("SAME", 49, 10, 2), output_size("VALID", 49, 10, 2)
        (25, 20)
    """
    effective = (filter_size - 1) * dilation + 1
    if padding == "SAME":
        return (size + stride - 1) // stride
    return (size + stride - effective) // stride


def padding_before(size: int, filter_size: int, stride: int, out: int, dilation: int = 1) -> int:
    """Rows (or columns) of padding before the first one; the rest goes after.

    Example:
        >>> padding_before(49, 10, 2, 25), padding_before(10, 4, 2, 5)
        (4, 1)
    """
    effective = (filter_size - 1) * dilation + 1
    total = max(0, (out - 1) * stride + effective - size)
    return total // 2


def add_parameters(
    scale1: float, scale2: float, output_scale: float, left_shift: int = 20
) -> dict[str, int]:
    """Multipliers of an int8 ADD: both inputs to a common scale, then the sum to the output.

    Example:
        >>> p = add_parameters(0.5, 0.25, 1.0)
        >>> p["input1_multiplier"], p["input1_shift"], p["input2_shift"]
        (1073741824, 0, -1)
    """
    twice_max = 2 * max(float(scale1), float(scale2))
    m1, s1 = quantize_multiplier(float(scale1) / twice_max)
    m2, s2 = quantize_multiplier(float(scale2) / twice_max)
    mo, so = quantize_multiplier(twice_max / ((1 << left_shift) * float(output_scale)))
    return {"left_shift": left_shift, "input1_multiplier": m1, "input1_shift": s1,
            "input2_multiplier": m2, "input2_shift": s2,
            "output_multiplier": mo, "output_shift": so}


def softmax_parameters(beta: float, input_scale: float) -> dict[str, int]:
    """The input multiplier, left shift and cut-off of TFLite-Micro's int8 softmax.

    Input differences are scaled to Q5.26 (5 integer bits); differences
    below ``diff_min`` give an exponential that rounds to zero.

    Example:
        >>> softmax_parameters(1.0, 0.14469251036643982)
        {'input_multiplier': 1242899200, 'input_left_shift': 24, 'diff_min': -124}
    """
    integer_bits = 5
    real = min(float(beta) * float(input_scale) * (1 << (31 - integer_bits)), (1 << 31) - 1.0)
    multiplier, left_shift = quantize_multiplier(real)
    radius = math.floor(((1 << integer_bits) - 1) * (1 << (31 - integer_bits)) / (1 << left_shift))
    return {"input_multiplier": multiplier, "input_left_shift": left_shift, "diff_min": -radius}


def mean_parameters(input_scale: float, output_scale: float, count: int) -> tuple[int, int]:
    """Multiplier and shift of an int8 MEAN of ``count`` values, 1/count folded in.

    TFLite-Micro multiplies the scale ratio's significand by ``2**k / count``
    (``k`` = floor(log2(count)), kept small enough not to overflow) and takes
    ``k`` off the shift.

    Example:
        >>> mean_parameters(0.1, 0.1, 4)
        (1073741824, -1)
    """
    multiplier, shift = quantize_multiplier(float(input_scale) / float(output_scale))
    k = min(count.bit_length() - 1, 32, 31 + shift)
    return (multiplier << k) // count, shift - k


def logistic_parameters(input_scale: float) -> dict[str, int]:
    """Input multiplier, left shift and saturation radius of TFLite-Micro's int8 LOGISTIC.

    Inputs are rescaled to Q4.27 (4 integer bits); beyond the radius the
    output saturates. Unlike other multipliers, TFLite-Micro rounds this one
    without the 2**31 carry fix-up, so this function does the same.

    Example:
        >>> logistic_parameters(0.1)
        {'input_multiplier': 1717986918, 'input_left_shift': 24, 'input_range_radius': 120}
    """
    fraction, shift = math.frexp(float(input_scale) * (1 << 27))
    multiplier = _round_half_away(fraction * (1 << 31))
    if multiplier >= 1 << 31 or shift < 0:
        raise ValueError(f"input scale {input_scale!r} is outside what LOGISTIC handles")
    radius = math.floor(15 * (1 << 27) / (1 << shift))
    return {"input_multiplier": multiplier, "input_left_shift": shift,
            "input_range_radius": radius}
