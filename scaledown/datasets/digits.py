"""scikit-learn's bundled handwritten digits, shaped for a small CNN.

The 1,797 images of 8x8 pixels ship inside scikit-learn (they are the test set
of the UCI "Optical Recognition of Handwritten Digits" data), so loading them
never touches the network.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeNotInstalledError
from ._split import Split, check_fraction, stratified_split

DIGIT_CLASSES: tuple[str, ...] = tuple(str(d) for d in range(10))


def load_digits(*, test_size: float = 0.2, seed: int = 0, flatten: bool = False) -> Split:
    """Load the digits as float32 images in [0, 1] with a stratified split.

    Args:
        test_size: Share of the 1,797 images kept for testing.
        seed: Seed of the shuffle; the same seed gives the same split.
        flatten: Return ``(n, 64)`` vectors instead of ``(n, 8, 8, 1)`` images.

    Returns:
        ``Split((x_train, y_train), (x_test, y_test))`` with ``x`` float32 of
        shape ``(n, 8, 8, 1)`` and ``y`` int64 labels 0-9.

    Raises:
        RuntimeNotInstalledError: scikit-learn is not installed.
        InputError: ``test_size`` is not between 0 and 1.

    Example:
        >>> from scaledown.datasets import load_digits
        >>> (x_train, y_train), (x_test, y_test) = load_digits(seed=0)
        >>> x_train.shape[1:], x_train.dtype.name, float(x_train.max()) <= 1.0
        ((8, 8, 1), 'float32', True)
        >>> len(x_train) + len(x_test)
        1797
    """
    test_size = check_fraction("test_size", test_size)
    try:
        from sklearn.datasets import load_digits as _sk_load_digits
    except ImportError:
        raise RuntimeNotInstalledError.for_extra("scikit-learn", "datasets") from None
    bunch = _sk_load_digits()
    # pixel intensities are counts 0..16 (4x4 blocks of a 32x32 bitmap)
    x = (bunch.images.astype(np.float32) / 16.0)[..., np.newaxis]
    if flatten:
        x = x.reshape(len(x), -1)
    y = bunch.target.astype(np.int64)
    return stratified_split(x, y, test_size, seed)
