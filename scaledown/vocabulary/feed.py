"""``Feed``: calibration samples, the shape every backend's quantizer reads.

``sd.quantize`` builds a ``Feed`` from whatever the user passed
(:func:`scaledown.api.calibration.build_feed`); each backend's quantizer only
iterates it. It imports nothing of ours.

Example:
    >>> import numpy as np
    >>> f = Feed([[np.zeros((1, 2), np.float32)]] * 2, input_names=("x",))
    >>> [s[0].shape for s in f]
    [(1, 2), (1, 2)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feed:
    """Calibration samples: ``samples[i][j]`` is sample ``i`` of input ``j``, batch 1.

    Example:
        >>> import numpy as np
        >>> f = Feed([[np.zeros((1, 2), np.float32)]] * 3, input_names=("x",))
        >>> len(f), f.stacked()[0].shape
        (3, (3, 2))
    """

    samples: list[list[np.ndarray]]
    input_names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.samples)

    def __iter__(self) -> Iterator[list[np.ndarray]]:
        return iter(self.samples)

    def stacked(self) -> list[np.ndarray]:
        """One array per input with all samples along the batch axis."""
        return [np.concatenate([s[j] for s in self.samples]) for j in range(len(self.input_names))]

    def as_dicts(self) -> Iterator[dict[str, np.ndarray]]:
        """Samples as ``{input name: array}``, the form ONNX Runtime reads."""
        for sample in self.samples:
            yield dict(zip(self.input_names, sample, strict=True))


def tracked(feed: Feed, description: str) -> Iterator[list[np.ndarray]]:
    """Yield the feed's samples with a progress bar on an interactive terminal.

    Example:
        >>> import numpy as np
        >>> f = Feed([[np.zeros((1, 1), np.float32)]] * 2, input_names=("x",))
        >>> len(list(tracked(f, "calibrating")))
        2
    """
    import sys

    if not sys.stderr.isatty():
        yield from feed.samples
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=len(feed))
        for sample in feed.samples:
            yield sample
            progress.advance(task)
