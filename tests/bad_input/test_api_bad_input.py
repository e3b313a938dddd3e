"""Every verb of the Python API, fed bad arguments: one clear scaledown error each.

Each case asserts the error type, that the message names the offending
argument, file or value and gives a fix (:func:`badkit.assert_explains`), and
that the failed call left the case's folder exactly as it was.
"""

from __future__ import annotations

import pytest
from api_cases import API_CASES
from badkit import Case, Snapshot, assert_explains

from scaledown.errors import ScaleDownError


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_api_bad_input(case: Case, work) -> None:
    if case.setup is not None:
        case.setup(work)
    before = Snapshot.take(work.dir)
    with pytest.raises(case.error) as caught:
        case.run(work)
    assert isinstance(caught.value, ScaleDownError), (
        f"{type(caught.value).__name__} is not a scaledown error: {caught.value}"
    )
    assert_explains(str(caught.value), case.names)
    before.assert_unchanged()


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in API_CASES]
    assert len(ids) == len(set(ids))
