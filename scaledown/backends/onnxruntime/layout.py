"""Channel order: permutations between an ONNX tensor and its channels-last copy.

ONNX (and PyTorch) store images as NCHW; TFLite and TFLite-Micro kernels take
NHWC. While we rebuild an ONNX graph in Keras, every tensor carries a ``perm``:
the Keras tensor is ``np.transpose(onnx_tensor, perm)``. ``NHWC`` is the perm
that turns NCHW into NHWC; ``identity(rank)`` means "same order as ONNX".

Example:
    >>> compose(inverse(NHWC), (0, 2, 3, 1))
    (0, 1, 2, 3)
    >>> import numpy as np
    >>> a = np.zeros((1, 3, 8, 8))
    >>> np.transpose(a, NHWC).shape
    (1, 8, 8, 3)
    >>> same_element_order(NHWC, (1, 16, 1, 1))
    True
    >>> same_element_order(NHWC, (1, 16, 4, 4))
    False
"""

from __future__ import annotations

from collections.abc import Sequence

Perm = tuple[int, ...]

NHWC: Perm = (0, 2, 3, 1)


def identity(rank: int) -> Perm:
    """The permutation that keeps every axis in place.

    Example:
        >>> identity(3)
        (0, 1, 2)
    """
    return tuple(range(rank))


def inverse(perm: Sequence[int]) -> Perm:
    """The permutation that undoes ``perm``.

    Example:
        >>> inverse((0, 2, 3, 1))
        (0, 3, 1, 2)
    """
    out = [0] * len(perm)
    for i, p in enumerate(perm):
        out[p] = i
    return tuple(out)


def compose(first: Sequence[int], then: Sequence[int]) -> Perm:
    """One permutation for "transpose by ``first``, then by ``then``".

    Example:
        >>> compose((0, 2, 3, 1), (0, 3, 1, 2))
        (0, 1, 2, 3)
    """
    return tuple(first[t] for t in then)


def same_element_order(perm: Sequence[int], shape: Sequence[int | None]) -> bool:
    """True when transposing by ``perm`` leaves the flat element order unchanged.

    That holds when the axes longer than 1 keep their relative order, e.g. NCHW
    -> NHWC of a ``(N, C, 1, 1)`` tensor, so a reshape needs no transpose first.
    """
    moving = [p for p in perm if p != 0 and (shape[p] is None or shape[p] != 1)]
    return moving == sorted(moving)


def physical_axis(perm: Sequence[int], logical_axis: int) -> int:
    """Where ONNX axis ``logical_axis`` sits in the permuted (Keras) tensor.

    Example:
        >>> physical_axis(NHWC, 1)  # channels move to the end
        3
    """
    rank = len(perm)
    return list(perm).index(logical_axis % rank)
