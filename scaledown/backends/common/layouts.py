"""Which channel order an image input expects: NHWC or NCHW, told from the model.

TFLite, Keras and SavedModel convolutions are channels last, so their 4-D
inputs are NHWC. An ONNX input read straight by convolution-like ops is NCHW
(ONNX's ``Conv`` is channels first); one that is first transposed with
``perm=(0, 3, 1, 2)`` is NHWC (files made from Keras by tf2onnx). Other
inputs get no layout.

Example:
    >>> import scaledown as sd
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> sd.load(tiny_dense_tflite()).inputs[0].layout is None  # not an image
    True
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ...model import Model
    from ...vocabulary.facts import Facts

CHANNELS_LAST_FORMATS = ("keras", "savedmodel", "tflite")
#: The channel orders an image input can have; ``layout=`` on predict, evaluate,
#: benchmark and compare takes one of them.
LAYOUTS = ("NCHW", "NHWC")


def onnx_input_layout(proto: Any, name: str) -> str | None:
    """``"NCHW"``, ``"NHWC"`` or ``None`` for a 4-D input of an ONNX graph.

    Example:
        >>> from onnx import helper
        >>> g = helper.make_graph([helper.make_node("Transpose", ["x"], ["t"], perm=[0, 3, 1, 2])],
        ...                       "g", [], [])
        >>> onnx_input_layout(helper.make_model(g), "x")
        'NHWC'
    """
    from ..onnxruntime.keras_graph import LAYOUT_FREE

    users = [n for n in proto.graph.node if name in n.input]
    if users and all(n.op_type in LAYOUT_FREE for n in users):
        return "NCHW"
    for n in users:
        if n.op_type == "Transpose":
            perm = next((list(a.ints) for a in n.attribute if a.name == "perm"), None)
            if perm == [0, 3, 1, 2]:
                return "NHWC"
    return None


def fill_layouts(model: Model, facts: Facts) -> Facts:
    """Set ``layout`` on the model's 4-D inputs that have none, and return ``facts``."""
    def guess(spec: Any) -> str | None:
        if len(spec.shape) != 4:
            return None
        if model.format in CHANNELS_LAST_FORMATS:
            return "NHWC"
        if model.format == "onnx":
            return onnx_input_layout(model.native, spec.name)
        return None

    facts.inputs = [s if s.layout else replace(s, layout=guess(s)) for s in facts.inputs]
    return facts


_MOVES = {  # expected layout -> (axes of the expected shape the data has, how to fix it)
    "NHWC": ((3, 1, 2), "move the channels last: x.transpose(0, 2, 3, 1)"),
    "NCHW": ((2, 3, 1), "move the channels first: x.transpose(0, 3, 1, 2)"),
}


def layout_mismatch(spec: Any, shape: tuple[int, ...], *,
                    offer_layout: bool = True) -> Exception | None:
    """An error for image data in the other channel order than ``spec`` expects, else ``None``.

    Its fix names both ways out: move the axes, or (``offer_layout``, for
    the verbs that take it) say the order with ``layout=``.

    Example:
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> spec = TensorSpec("image", (1, 8, 8, 1), "float32", layout="NHWC")
        >>> print(layout_mismatch(spec, (5, 1, 8, 8)))
        input 'image' has shape (5, 1, 8, 8): channels first (NCHW)
          why: the model takes NHWC images (batch, 8, 8, 1): channels last
          fix: move the channels last: x.transpose(0, 2, 3, 1), or say the order your data is in: layout='NCHW'
        >>> layout_mismatch(spec, (5, 8, 8, 1)) is None
        True
    """  # noqa: E501
    from ...errors import InputError

    want = tuple(spec.shape)
    if spec.layout not in _MOVES or len(want) != 4 or len(shape) != 4:
        return None
    axes, fix = _MOVES[spec.layout]
    other = "NCHW" if spec.layout == "NHWC" else "NHWC"
    if tuple(shape[1:]) != tuple(want[a] for a in axes) or tuple(shape[1:]) == want[1:]:
        return None
    order = "channels last" if spec.layout == "NHWC" else "channels first"
    return InputError(
        f"input {spec.name!r} has shape {tuple(shape)}: "
        f"{'channels first' if other == 'NCHW' else 'channels last'} ({other})",
        why=f"the model takes {spec.layout} images (batch, "
        + ", ".join(str(d) for d in want[1:]) + f"): {order}",
        fix=f"{fix}, or say the order your data is in: layout={other!r}" if offer_layout
        else fix,
    )


def check_layout(layout: Any) -> str | None:
    """``layout`` itself when it is ``None``, ``"NCHW"`` or ``"NHWC"``; else an InputError.

    Example:
        >>> check_layout("NCHW")
        'NCHW'
        >>> check_layout("nchw")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: layout='nchw'
        ...
    """
    from ...errors import InputError

    if layout is None or layout in LAYOUTS:
        return layout
    raise InputError(
        f"layout={layout!r}",
        why="layout= says the channel order of your images: 'NCHW' is (batch, channels, "
        "height, width), as PyTorch and ONNX use; 'NHWC' is (batch, height, width, "
        "channels), as TFLite and cameras use",
        fix="pass layout='NCHW' or layout='NHWC', or leave it out",
    )


def move_channels(arr: Any, have: str, want: str) -> Any:
    """The 4-D array ``arr`` moved from channel order ``have`` to ``want`` (a copy when moved).

    Example:
        >>> import numpy as np
        >>> move_channels(np.zeros((2, 3, 8, 8)), "NCHW", "NHWC").shape
        (2, 8, 8, 3)
    """
    import numpy as np

    if have == want:
        return arr
    axes = (0, 2, 3, 1) if want == "NHWC" else (0, 3, 1, 2)
    return np.ascontiguousarray(np.transpose(arr, axes))


def same_shape_both_ways(spec: Any) -> bool:
    """True for a 4-D image input whose channels, height and width are all equal.

    Data for such an input has one shape in both channel orders, so its shape
    cannot tell which order it is in.

    Example:
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> same_shape_both_ways(TensorSpec("x", (1, 3, 3, 3), "float32", layout="NCHW"))
        True
        >>> same_shape_both_ways(TensorSpec("x", (1, 1, 8, 8), "float32", layout="NCHW"))
        False
    """
    dims = tuple(spec.shape)[1:]
    return len(dims) == 3 and dims[0] is not None and len(set(dims)) == 1


def refuse_swapped_sample(spec: Any, sample: Any) -> None:
    """Raise when one image ``sample`` (batch axis or not) is in the other order than ``spec``.

    Firmware samples are flattened to bytes, where an NCHW image has the byte
    count of an NHWC one: only the shape can catch the swap, so it is checked
    before flattening.

    Example:
        >>> import numpy as np
        >>> from scaledown.vocabulary.tensors import TensorSpec
        >>> spec = TensorSpec("image", (1, 4, 4, 3), "int8", layout="NHWC")
        >>> refuse_swapped_sample(spec, np.zeros((4, 4, 3), np.int8))
        >>> refuse_swapped_sample(spec, np.zeros((3, 4, 4), np.int8))
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: input 'image' has shape (1, 3, 4, 4): channels first (NCHW)
        ...
    """
    import numpy as np

    shape = tuple(np.shape(sample))
    if len(shape) == len(spec.shape) - 1:
        shape = (1, *shape)
    swapped = layout_mismatch(spec, shape, offer_layout=False)
    if swapped is not None:
        raise swapped
