"""Performance ratings the HRIS records: on a scale that may differ between review cycles."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import Employee
from domain.errors import DatedBeforeHire, InvalidValue, NotEmployed
from tests.unit.domain.support import DAY, employee, given

HRIS = Stamp(HRIS_ACTOR, DAY)


def test_a_rating_records_the_rating_its_scale_and_its_cycle() -> None:
    person = given(employee("E1"))

    person.rate_performance(rating=3, scale_min=1, scale_max=4, cycle="2024-H1", stamp=HRIS)

    (event,) = person.collect_events()
    assert isinstance(event, Employee.PerformanceRated)
    assert (event.rating, event.scale_min, event.scale_max, event.cycle) == (3.0, 1.0, 4.0,
                                                                             "2024-H1")
    assert event.effective_date == DAY
    assert person.last_rating == ("2024-H1", 3.0, 1.0, 4.0)


def test_a_rating_outside_its_scale_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue, match="outside the scale"):
        person.rate_performance(rating=5, scale_min=1, scale_max=4, cycle="2024-H1", stamp=HRIS)


def test_a_scale_that_does_not_run_upwards_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue, match="upwards"):
        person.rate_performance(rating=3, scale_min=5, scale_max=1, cycle="2024-H1", stamp=HRIS)


def test_a_rating_without_a_cycle_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue, match="cycle"):
        person.rate_performance(rating=3, scale_min=1, scale_max=5, cycle=" ", stamp=HRIS)


def test_a_rating_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(DatedBeforeHire):
        person.rate_performance(
            rating=3, scale_min=1, scale_max=5, cycle="2019", stamp=HRIS.on(date(2019, 6, 1))
        )


def test_a_leaver_may_still_be_rated_for_a_day_they_were_employed() -> None:
    person = employee("E1")
    person.leave(reason="voluntary", stamp=HRIS.on(DAY))
    person = given(person)

    person.rate_performance(rating=4, scale_min=1, scale_max=5, cycle="2024-Q1", stamp=HRIS)
    with pytest.raises(NotEmployed):
        person.rate_performance(
            rating=4, scale_min=1, scale_max=5, cycle="2024-Q2", stamp=HRIS.on(date(2024, 6, 1))
        )
