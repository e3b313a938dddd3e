"""What the backends say when an int8 model has to keep float inputs and outputs.

``sd.quantize(..., "int8")`` gives every runtime's model int8 inputs and
outputs (LiteRT's converter does it; ``onnxruntime/int8_io.py`` and
``openvino/int8_io.py`` do it for the others). Should that step fail on some
graph, the backend keeps the working float-I/O model and warns with
:func:`warn_float_io`, so a learner who expected int8 arrays knows why.

Example:
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_float_io("OpenVINO", "a test")
    >>> print(caught[0].message)
    the OpenVINO int8 model keeps float inputs and outputs: its int8 boundary could not be \
added (a test); model.predict still takes and returns floats. For int8 inputs and outputs, \
quantize with runtime='litert'.
"""

from __future__ import annotations

import warnings


def warn_float_io(runtime: str, why: str, *, stacklevel: int = 2) -> None:
    """Warn that ``runtime``'s int8 model keeps float inputs and outputs, and why.

    Example:
        >>> import pytest
        >>> with pytest.warns(UserWarning, match="keeps float inputs and outputs"):
        ...     warn_float_io("ONNX Runtime", "ValueError")
    """
    warnings.warn(
        f"the {runtime} int8 model keeps float inputs and outputs: its int8 boundary could not "
        f"be added ({why}); model.predict still takes and returns floats. For int8 inputs and "
        "outputs, quantize with runtime='litert'.",
        UserWarning,
        stacklevel=stacklevel + 1,
    )
