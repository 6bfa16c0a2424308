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


@pytest.mark.parametrize(
    ("rating", "scale", "cycle", "why"),
    [
        pytest.param(5, (1, 4), "2024-H1", "outside the scale", id="a rating outside its scale"),
        pytest.param(3, (5, 1), "2024-H1", "upwards", id="a scale that does not run upwards"),
        pytest.param(3, (1, 5), " ", "cycle", id="a rating without a cycle"),
    ],
)
def test_an_invalid_rating_is_refused_saying_why(
    rating: int, scale: tuple[int, int], cycle: str, why: str
) -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue, match=why):
        person.rate_performance(
            rating=rating, scale_min=scale[0], scale_max=scale[1], cycle=cycle, stamp=HRIS
        )


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
