"""The `performance_rated` HRIS message: a rating on its scale, for a review cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.base import HRIS_ACTOR, Stamp
from gateways.entrypoints.hris.contract import (
    MalformedMessage,
    PerformanceRated,
    dump_message,
    parse_message,
)
from services import employees

COMMON = b'"event_id": "ev1", "employee_id": "E1", "effective_date": "2024-06-30"'


def message(attributes: bytes) -> bytes:
    """A performance_rated message of E1 on 2024-06-30 with these attributes."""
    return b"{" + COMMON + b', "type": "performance_rated", ' + attributes + b"}"


def test_a_rating_message_becomes_the_rate_performance_command() -> None:
    parsed = parse_message(
        message(b'"rating": 3, "scale_min": 1, "scale_max": 4, "cycle": "2024-H1"')
    )

    assert isinstance(parsed, PerformanceRated)
    assert parsed.to_command() == employees.RatePerformance(
        stamp=Stamp(HRIS_ACTOR, dt.date(2024, 6, 30)), command_id="ev1", hris_id="E1",
        rating=3.0, scale_min=1.0, scale_max=4.0, cycle="2024-H1",
    )
    assert parse_message(dump_message(parsed)) == parsed


@pytest.mark.parametrize(
    ("attributes", "reason"),
    [
        (b'"rating": 5, "scale_min": 1, "scale_max": 4, "cycle": "2024-H1"', "outside the scale"),
        (b'"rating": 3, "scale_min": 5, "scale_max": 1, "cycle": "2024-H1"', "below scale_max"),
        (b'"rating": 3, "scale_min": 1, "scale_max": 5', "cycle"),
        (b'"rating": 3, "scale_min": 1, "scale_max": 5, "cycle": ""', "cycle"),
        (b'"rating": "good", "scale_min": 1, "scale_max": 5, "cycle": "2024"', "rating"),
    ],
)
def test_a_malformed_rating_is_refused_with_a_one_line_reason(
    attributes: bytes, reason: str
) -> None:
    with pytest.raises(MalformedMessage) as caught:
        parse_message(message(attributes))
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
