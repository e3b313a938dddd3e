"""Every supported operator and option, bit-exact with TFLite-Micro on small built models.

Models come from scaledown.compiler.tiny.build_tflite (no TensorFlow); Hypothesis
draws shapes, strides, paddings, dilations, activations and quantization, and each
drawn model is compiled, built with gcc and compared with TFLite-Micro.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scaledown as sd
from scaledown.compiler.hostcheck import compare_with_tflm
from scaledown.compiler.quantization import output_size
from scaledown.compiler.tiny import OpDef, TensorDef, build_tflite

pytestmark = pytest.mark.slow  # each drawn model is built with gcc
ACTIVATIONS = ("NONE", "RELU", "RELU6", "RELU_N1_TO_1")
SETTINGS = settings(max_examples=5, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def f32(x: float) -> float:
    return float(np.float32(x))


def check(tflite: bytes, tmp_path, samples: int = 6) -> None:
    folder = tmp_path / f"m{len(list(tmp_path.iterdir()))}"
    sd.compile(tflite, folder)
    report = compare_with_tflm(tflite, folder, samples=samples)
    assert report.bit_exact, report


scales = st.floats(0.002, 0.2).map(f32)
zero_points = st.integers(-128, 127)


@st.composite
def conv_cases(draw, depthwise: bool = False):
    h, w = draw(st.integers(3, 9)), draw(st.integers(3, 9))
    ic = draw(st.integers(1, 4))
    oc = ic * draw(st.integers(1, 2)) if depthwise else draw(st.integers(1, 5))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    oh, ow = output_size(padding, h, kh, sh, dh), output_size(padding, w, kw, sw, dw)
    if oh < 1 or ow < 1:
        padding, oh, ow = "SAME", output_size("SAME", h, kh, sh), output_size("SAME", w, kw, sw)
    per_channel = draw(st.booleans())
    return dict(h=h, w=w, ic=ic, oc=oc, kh=kh, kw=kw, sh=sh, sw=sw, dh=dh, dw=dw,
                padding=padding, oh=oh, ow=ow, per_channel=per_channel,
                # TFLite-Micro's DEPTHWISE_CONV_2D crashes without a bias: always give one
                bias=depthwise or draw(st.booleans()), act=draw(st.sampled_from(ACTIVATIONS)),
                in_scale=draw(scales), in_zp=draw(zero_points), out_scale=draw(scales),
                out_zp=draw(zero_points), seed=draw(st.integers(0, 2**16)))


def conv_model(c: dict, depthwise: bool) -> bytes:
    rng = np.random.default_rng(c["seed"])
    oc = c["oc"]
    wshape = (1, c["kh"], c["kw"], oc) if depthwise else (oc, c["kh"], c["kw"], c["ic"])
    axis = 3 if depthwise else 0
    wscales = tuple(f32(s) for s in rng.uniform(0.002, 0.05, oc if c["per_channel"] else 1))
    bscales = tuple(f32(c["in_scale"] * s) for s in wscales)
    tensors = [
        TensorDef("x", (1, c["h"], c["w"], c["ic"]), scales=(c["in_scale"],),
                  zero_points=(c["in_zp"],)),
        TensorDef("w", wshape, scales=wscales, zero_points=(0,) * len(wscales), axis=axis,
                  data=rng.integers(-127, 128, wshape)),
        TensorDef("y", (1, c["oh"], c["ow"], oc), scales=(c["out_scale"],),
                  zero_points=(c["out_zp"],)),
    ]
    inputs = [0, 1, -1]
    if c["bias"]:
        tensors.append(TensorDef("b", (oc,), "int32", scales=bscales, axis=0,
                                 data=rng.integers(-5000, 5000, oc)))
        inputs[2] = 3
    options = {"padding": c["padding"], "stride_h": c["sh"], "stride_w": c["sw"],
               "dilation_h": c["dh"], "dilation_w": c["dw"],
               "fused_activation_function": c["act"]}
    if depthwise:
        options["depth_multiplier"] = oc // c["ic"]
    name = "DEPTHWISE_CONV_2D" if depthwise else "CONV_2D"
    return build_tflite(tensors, [OpDef(name, inputs, [2], options)], [0], [2])


@SETTINGS
@given(conv_cases())
def test_conv2d_matches_tflm(tmp_path, case):
    check(conv_model(case, depthwise=False), tmp_path)


@SETTINGS
@given(conv_cases(depthwise=True))
def test_depthwise_conv2d_matches_tflm(tmp_path, case):
    check(conv_model(case, depthwise=True), tmp_path)


@SETTINGS
@given(batches=st.integers(1, 3), depth=st.integers(1, 40), units=st.integers(1, 12),
       per_channel=st.booleans(), bias=st.booleans(), act=st.sampled_from(ACTIVATIONS),
       in_scale=scales, in_zp=zero_points, out_scale=scales, out_zp=zero_points,
       seed=st.integers(0, 2**16))
def test_fully_connected_matches_tflm(tmp_path, batches, depth, units, per_channel, bias, act,
                                      in_scale, in_zp, out_scale, out_zp, seed):
    rng = np.random.default_rng(seed)
    wscales = tuple(f32(s) for s in rng.uniform(0.002, 0.05, units if per_channel else 1))
    tensors = [
        TensorDef("x", (batches, depth), scales=(in_scale,), zero_points=(in_zp,)),
        TensorDef("w", (units, depth), scales=wscales, zero_points=(0,) * len(wscales),
                  data=rng.integers(-127, 128, (units, depth))),
        TensorDef("y", (batches, units), scales=(out_scale,), zero_points=(out_zp,)),
        TensorDef("b", (units,), "int32", scales=tuple(f32(in_scale * s) for s in wscales),
                  data=rng.integers(-5000, 5000, units)),
    ]
    op = OpDef("FULLY_CONNECTED", [0, 1, 3 if bias else -1], [2],
               {"fused_activation_function": act})
    check(build_tflite(tensors, [op], [0], [2]), tmp_path)


@SETTINGS
@given(kind=st.sampled_from(["AVERAGE_POOL_2D", "MAX_POOL_2D"]), h=st.integers(2, 9),
       w=st.integers(2, 9), c=st.integers(1, 4), fh=st.integers(1, 3), fw=st.integers(1, 3),
       sh=st.integers(1, 3), sw=st.integers(1, 3), padding=st.sampled_from(["SAME", "VALID"]),
       act=st.sampled_from(ACTIVATIONS), scale=scales, zp=zero_points)
def test_pools_match_tflm(tmp_path, kind, h, w, c, fh, fw, sh, sw, padding, act, scale, zp):
    fh, fw = min(fh, h), min(fw, w)
    oh, ow = output_size(padding, h, fh, sh), output_size(padding, w, fw, sw)
    tensors = [TensorDef("x", (1, h, w, c), scales=(scale,), zero_points=(zp,)),
               TensorDef("y", (1, oh, ow, c), scales=(scale,), zero_points=(zp,))]
    op = OpDef(kind, [0], [1], {"padding": padding, "stride_h": sh, "stride_w": sw,
                                "filter_h": fh, "filter_w": fw,
                                "fused_activation_function": act})
    check(build_tflite(tensors, [op], [0], [1]), tmp_path)


@SETTINGS
@given(size=st.integers(1, 50), s1=scales, z1=zero_points, s2=scales, z2=zero_points,
       so=scales, zo=zero_points, act=st.sampled_from(ACTIVATIONS))
def test_add_matches_tflm(tmp_path, size, s1, z1, s2, z2, so, zo, act):
    # the second operand comes from a QUANTIZE (int8 -> int8) of the input: one input only
    tensors = [TensorDef("a", (1, size), scales=(s1,), zero_points=(z1,)),
               TensorDef("b", (1, size), scales=(s2,), zero_points=(z2,)),
               TensorDef("y", (1, size), scales=(so,), zero_points=(zo,))]
    ops = [OpDef("QUANTIZE", [0], [1]),
           OpDef("ADD", [0, 1], [2], {"fused_activation_function": act})]
    check(build_tflite(tensors, ops, [0], [2]), tmp_path)


@SETTINGS
@given(rows=st.integers(1, 3), depth=st.integers(1, 60), scale=st.floats(0.01, 0.5).map(f32),
       zp=zero_points, beta=st.sampled_from([1.0, 0.5, 2.0]))
def test_softmax_matches_tflm(tmp_path, rows, depth, scale, zp, beta):
    tensors = [TensorDef("x", (rows, depth), scales=(scale,), zero_points=(zp,)),
               TensorDef("y", (rows, depth), scales=(1 / 256,), zero_points=(-128,))]
    op = OpDef("SOFTMAX", [0], [1], {"beta": beta})
    check(build_tflite(tensors, [op], [0], [1]), tmp_path, samples=10)


def test_reshape_chain_and_copy_to_output(tmp_path):
    tensors = [TensorDef("x", (1, 2, 2, 3), scales=(0.1,), zero_points=(5,)),
               TensorDef("s1", (2,), "int32", data=np.array([1, 12])),
               TensorDef("flat", (1, 12), scales=(0.1,), zero_points=(5,)),
               TensorDef("s2", (3,), "int32", data=np.array([1, 3, 4])),
               TensorDef("y", (1, 3, 4), scales=(0.1,), zero_points=(5,))]
    ops = [OpDef("RESHAPE", [0, 1], [2]), OpDef("RESHAPE", [2, 3], [4])]
    check(build_tflite(tensors, ops, [0], [4]), tmp_path)


def test_float_edges_are_skipped_and_still_match(tmp_path):
    rng = np.random.default_rng(0)
    tensors = [TensorDef("x", (1, 8), "float32"),
               TensorDef("xq", (1, 8), scales=(0.05,), zero_points=(3,)),
               TensorDef("w", (4, 8), scales=(0.01,), data=rng.integers(-127, 128, (4, 8))),
               TensorDef("yq", (1, 4), scales=(0.08,), zero_points=(-7,)),
               TensorDef("y", (1, 4), "float32")]
    ops = [OpDef("QUANTIZE", [0], [1]), OpDef("FULLY_CONNECTED", [1, 2, -1], [3]),
           OpDef("DEQUANTIZE", [3], [4])]
    data = build_tflite(tensors, ops, [0], [4])
    folder = tmp_path / "edges"
    result = sd.compile(data, folder)
    assert (result.input_bytes, result.output_bytes, result.calls) == (8, 4, 1)
    header = (folder / "sd_model.h").read_text()
    assert "#define SD_MODEL_INPUT_ZERO_POINT 3" in header
    assert compare_with_tflm(data, folder, samples=10).bit_exact


@SETTINGS
@given(shape=st.lists(st.integers(1, 5), min_size=1, max_size=4),
       pads=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=4, max_size=4),
       v2=st.booleans(), scale=scales, zp=zero_points, value=st.integers(-128, 127))
def test_pad_matches_tflm(tmp_path, shape, pads, v2, scale, zp, value):
    pads = pads[: len(shape)]
    out_shape = [d + a + b for d, (a, b) in zip(shape, pads, strict=True)]
    tensors = [TensorDef("x", shape, scales=(scale,), zero_points=(zp,)),
               TensorDef("y", out_shape, scales=(scale,), zero_points=(zp,)),
               TensorDef("pads", (len(shape), 2), "int32", data=np.array(pads))]
    inputs = [0, 2]
    if v2:
        tensors.append(TensorDef("value", (1,), scales=(scale,), zero_points=(zp,),
                                 data=np.array([value])))
        inputs.append(3)
    op = OpDef("PADV2" if v2 else "PAD", inputs, [1])
    check(build_tflite(tensors, [op], [0], [1]), tmp_path)


@SETTINGS
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data(),
       scale=scales, zp=zero_points)
def test_concatenation_matches_tflm(tmp_path, shape, data, scale, zp):
    axis = data.draw(st.integers(0, len(shape) - 1))
    extra = data.draw(st.integers(1, 3))
    const_shape = [*shape[:axis], extra, *shape[axis + 1:]]
    out_shape = [*shape[:axis], 2 * shape[axis] + extra, *shape[axis + 1:]]
    rng = np.random.default_rng(extra)
    tensors = [TensorDef("x", shape, scales=(scale,), zero_points=(zp,)),
               TensorDef("c", const_shape, scales=(scale,), zero_points=(zp,),
                         data=rng.integers(-128, 128, const_shape)),
               TensorDef("y", out_shape, scales=(scale,), zero_points=(zp,))]
    op = OpDef("CONCATENATION", [0, 1, 0], [2], {"axis": axis})
    check(build_tflite(tensors, [op], [0], [2]), tmp_path)


@SETTINGS
@given(shape=st.lists(st.integers(1, 6), min_size=2, max_size=4), data=st.data(),
       keep=st.booleans(), s_in=scales, z_in=zero_points, s_out=scales, z_out=zero_points)
def test_mean_matches_tflm(tmp_path, shape, data, keep, s_in, z_in, s_out, z_out):
    axes = data.draw(st.lists(st.integers(0, len(shape) - 1), min_size=1, max_size=2,
                              unique=True))
    if keep:
        out_shape = [1 if i in axes else d for i, d in enumerate(shape)]
    else:
        out_shape = [d for i, d in enumerate(shape) if i not in axes] or [1]
    tensors = [TensorDef("x", shape, scales=(s_in,), zero_points=(z_in,)),
               TensorDef("y", out_shape, scales=(s_out,), zero_points=(z_out,)),
               TensorDef("axes", (len(axes),), "int32", data=np.array(axes))]
    op = OpDef("MEAN", [0, 2], [1], {"keep_dims": keep})
    check(build_tflite(tensors, [op], [0], [1]), tmp_path)


@SETTINGS
@given(size=st.integers(1, 64), scale=st.floats(0.005, 0.5).map(f32), zp=zero_points)
def test_logistic_matches_tflm(tmp_path, size, scale, zp):
    tensors = [TensorDef("x", (1, size), scales=(scale,), zero_points=(zp,)),
               TensorDef("y", (1, size), scales=(1 / 256,), zero_points=(-128,))]
    check(build_tflite(tensors, [OpDef("LOGISTIC", [0], [1])], [0], [1]), tmp_path, samples=10)
