"""The HRIS rates an employee's performance: one event, once per upstream event."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.errors import EmployeeNotFound, InvalidValue
from services.employees import RatePerformance
from services.mentoring import MentoringService
from tests.services.scenario import Scenario, last_position, new_event_names

RATED_ON = date(2024, 6, 30)


def rate(service: MentoringService, hris_id: str, rating: float, *, event_id: str = "r1") -> None:
    """The HRIS rates ``hris_id`` on a 1-5 scale for 2024-H1 (upstream event ``event_id``)."""
    service.handle(RatePerformance(
        command_id=event_id, stamp=Stamp(HRIS_ACTOR, RATED_ON), hris_id=hris_id, rating=rating,
        scale_min=1, scale_max=5, cycle="2024-H1",
    ))


def test_a_rating_is_recorded_on_the_employee(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    position = last_position(service)

    rate(service, "E1", 4)

    assert new_event_names(service, position) == [
        "Employee.PerformanceRated", "CommandLog.Handled",
    ]
    assert service.employee("E1").last_rating == ("2024-H1", 4.0, 1.0, 5.0)


def test_a_repeated_upstream_rating_has_no_second_effect(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    rate(service, "E1", 4)
    position = last_position(service)

    rate(service, "E1", 4)

    assert new_event_names(service, position) == []


def test_rating_someone_unknown_or_off_the_scale_is_refused(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    with pytest.raises(EmployeeNotFound):
        rate(service, "E9", 4)
    with pytest.raises(InvalidValue):
        rate(service, "E1", 6, event_id="r2")
