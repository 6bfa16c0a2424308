"""How long the portal read model's follower rests between catch-ups (readers that wait for a
position wake it at once; this is the rest when nobody waits)."""

from __future__ import annotations

from projections.portal.follower import IDLE_PER_BUSY, MAX_IDLE_SECONDS, idle_seconds


def test_a_cheap_catch_up_rests_the_poll_interval() -> None:
    assert idle_seconds(0.001, poll_seconds=0.5) == 0.5


def test_a_costly_catch_up_rests_long_enough_to_take_at_most_a_tenth_of_a_core() -> None:
    busy = 0.1
    rest = idle_seconds(busy, poll_seconds=0.5)
    assert rest == busy * IDLE_PER_BUSY
    assert busy / (busy + rest) <= 0.1 + 1e-9


def test_the_rest_never_exceeds_its_bound() -> None:
    assert idle_seconds(10.0, poll_seconds=0.5) == MAX_IDLE_SECONDS


def test_a_poll_interval_longer_than_the_bound_is_kept() -> None:
    assert idle_seconds(10.0, poll_seconds=5.0) == 5.0
