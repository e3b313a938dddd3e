"""sd.inspect refuses an unknown support column before loading, listing the columns."""

from __future__ import annotations

import pytest

import scaledown as sd
from scaledown.backends import support_columns
from scaledown.errors import InputError


def test_an_unknown_support_column_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown runtime\(s\) \['keras'\]") as err:
        sd.inspect(object(), runtimes=["keras"])
    assert err.value.why.endswith(", ".join(support_columns()))


def test_every_support_column_is_filled_by_its_declared_backend() -> None:
    from scaledown.backends.litert.tiny import tiny_dense_tflite

    report = sd.inspect(tiny_dense_tflite())
    assert set(report.rows[0]["support"]) <= set(support_columns())
