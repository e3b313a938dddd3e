"""Small offline data sets for tutorials and tests. Nothing is ever downloaded.

* :func:`load_digits`: scikit-learn's bundled 8x8 handwritten digits.
* :func:`make_gestures`: synthetic wrist-gesture accelerometer windows.
* :func:`mlperf_tiny`: the path of a pretrained MLPerf Tiny reference model.

The first two return ``Split((x_train, y_train), (x_test, y_test))``.

Example:
    >>> from scaledown import datasets
    >>> split = datasets.make_gestures(seed=0, n_per_class=4)
    >>> split.train.x.shape[1:]
    (200, 3)
"""

from __future__ import annotations

from ._split import Arrays, Split
from .digits import DIGIT_CLASSES, load_digits
from .gestures import GESTURE_CLASSES, SAMPLE_RATE_HZ, WINDOW_S, make_gestures
from .mlperf_tiny import PUBLISHED_V05, mlperf_tiny

__all__ = ["DIGIT_CLASSES", "GESTURE_CLASSES", "PUBLISHED_V05", "SAMPLE_RATE_HZ", "WINDOW_S",
           "Arrays", "Split", "load_digits", "make_gestures", "mlperf_tiny"]
