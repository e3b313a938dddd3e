"""sd.prune and sd.distill refuse formats no backend trains, before any training."""

from __future__ import annotations

import pytest

import scaledown as sd
from scaledown.backends import supporting
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.errors import InputError


@pytest.mark.parametrize("verb", ["prune", "distill"])
def test_a_format_that_cannot_be_trained_lists_the_ones_that_can(verb) -> None:
    model = tiny_dense_tflite()
    call = (lambda: sd.prune(model, 0.5)) if verb == "prune" else (
        lambda: sd.distill(model, model))
    with pytest.raises(InputError, match=f"cannot {verb} a tflite model") as err:
        call()
    assert f"({verb} works on: {', '.join(supporting(verb))})" in err.value.why
    assert supporting(verb) == ["keras"]
