"""scaledown.estimates.verdict: need against have, the 10 % "tight" line, and the words."""

from __future__ import annotations

import pytest

from scaledown.estimates.verdict import TIGHT_BELOW, ResourceCheck, check_resource, kib


@pytest.mark.parametrize(("needed", "status", "fits"), [
    (0, "fits", True),
    (900, "fits", True),          # exactly 10 % spare is not tight yet
    (901, "tight", True),         # just under 10 % spare
    (1000, "tight", True),        # nothing spare still fits
    (1001, "too big", False),
])
def test_status_follows_the_margin(needed: int, status: str, fits: bool) -> None:
    check = check_resource("RAM", needed=needed, available=1000)
    assert TIGHT_BELOW == 0.10
    assert check.status == status
    assert check.fits is fits
    assert check.margin_bytes == 1000 - needed


@pytest.mark.parametrize(("needed", "available"), [(None, 1000), (10, None), (None, None)])
def test_a_missing_figure_is_unknown_never_a_verdict(needed, available) -> None:
    check = check_resource("flash", needed=needed, available=available)
    assert check.status == "unknown"
    assert check.fits is None
    assert check.margin_pct is None
    assert str(check).endswith("-> unknown")


def test_a_board_with_zero_bytes_is_unknown() -> None:
    check = check_resource("flash", needed=10, available=0)
    assert check.status == "unknown"
    assert check.fits is None


def test_a_board_with_zero_bytes_says_unknown_and_nothing_else() -> None:
    assert str(check_resource("flash", needed=10, available=0)).endswith("-> unknown")


def test_available_kib_times_1024_floats_become_whole_bytes() -> None:
    check = check_resource("RAM", needed=1, available=2.5 * 1024 + 0.7)
    assert check.available == 2560


def test_too_big_says_how_much_over_and_fits_says_how_much_spare() -> None:
    over = ResourceCheck("flash", needed=3 * 1024, available=2 * 1024)
    assert str(over) == "flash: needs 3.0 KiB of 2.0 KiB -> too big (1.0 KiB over)"
    spare = ResourceCheck("RAM", needed=1024, available=4 * 1024)
    assert str(spare) == "RAM: needs 1.0 KiB of 4.0 KiB -> fits (3.0 KiB spare, 75%)"


def test_to_dict_keeps_every_figure_and_rounds_the_share() -> None:
    check = ResourceCheck("RAM", needed=1, available=3)
    assert check.to_dict() == {
        "needed_bytes": 1, "available_bytes": 3, "margin_bytes": 2,
        "margin_pct": 66.7, "status": "fits",
    }
    assert ResourceCheck("RAM", None, 3).to_dict()["margin_pct"] is None


@pytest.mark.parametrize(("n", "text"), [
    (0, "0.0 KiB"),
    (512, "0.5 KiB"),
    (10 * 1024 * 1024 - 1, "10240.0 KiB"),
    (10 * 1024 * 1024, "10.0 MiB"),
    (-2048, "-2.0 KiB"),
    (None, "unknown"),
])
def test_kib_switches_to_mib_at_ten_mib(n, text: str) -> None:
    assert kib(n) == text
