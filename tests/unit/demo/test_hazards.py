"""The monthly hazards: where the stated effect and the selection act."""

from __future__ import annotations

from datetime import date

from gateways.demo.world.hazards import joining_odds, voluntary_hazard
from gateways.demo.world.params import WorldParams
from gateways.demo.world.people import Person

MONTH = date(2024, 5, 1)


def person(engagement: float = 0.0, mentored_since: date | None = None) -> Person:
    return Person(
        "E1",
        "Sales",
        2,
        None,
        "Lisbon",
        None,
        engagement,
        30.0,
        date(2020, 1, 6),
        mentored_since=mentored_since,
    )


def test_mentoring_multiplies_the_hazard_by_the_stated_factor() -> None:
    params = WorldParams(effect_factor=0.6)
    before = voluntary_hazard(params, person(), MONTH)
    after = voluntary_hazard(params, person(mentored_since=date(2024, 1, 3)), MONTH)
    assert after == before * 0.6


def test_a_mentorship_starting_this_month_does_not_count_yet() -> None:
    params = WorldParams(effect_factor=0.6)
    assert voluntary_hazard(params, person(mentored_since=MONTH), MONTH) == voluntary_hazard(
        params, person(), MONTH
    )


def test_engaged_people_are_less_likely_to_resign() -> None:
    params = WorldParams()
    assert voluntary_hazard(params, person(1.0), MONTH) < voluntary_hazard(params, person(), MONTH)


def test_engaged_people_are_more_likely_to_join() -> None:
    params = WorldParams()
    assert joining_odds(params, person(1.0), 0.1) > joining_odds(params, person(0.0), 0.1)


def test_an_average_person_joins_at_the_base_rate() -> None:
    assert abs(joining_odds(WorldParams(), person(0.0), 0.1) - 0.1) < 1e-12
