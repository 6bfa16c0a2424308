"""The position rides along with exactly one successful insert."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import Tracking

from gateways.entrypoints.hris.position import Position, carrying, riding_along


def test_position_rides_along_with_the_first_insert_only() -> None:
    position = Position(Tracking("t:0", 5))
    with carrying(position):
        with riding_along({}) as first:
            pass
        with riding_along({}) as second:
            pass
    assert first == {"tracking": Tracking("t:0", 5)}
    assert second == {}


def test_position_stays_pending_when_the_insert_fails() -> None:
    position = Position(Tracking("t:0", 5))
    with carrying(position), pytest.raises(RuntimeError), riding_along({}):
        raise RuntimeError("the transaction aborted")
    assert not position.recorded


def test_insert_outside_a_carried_position_is_left_alone() -> None:
    with riding_along({"x": 1}) as kwargs:
        pass
    assert kwargs == {"x": 1}
