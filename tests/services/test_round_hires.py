"""Rounds for the newest hires: mentee enrolments and requests checked against the latest hire."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.errors import HiredTooEarlyForRound
from domain.programs import Program, RoundHires
from services.employees import RehireEmployee
from services.mentoring import MentoringService
from services.programs import OpenRound
from tests.services.scenario import OPENED, Scenario


def new_hire_round(world: Scenario, **limits: object) -> UUID:
    """A program whose round 1 (open since 2024-02-01) has the given hire limits."""
    program_id = world.program(open_round=False)
    world.service.handle(
        OpenRound(
            stamp=Stamp("E0", OPENED), program_id=program_id, round_name="newest hires",
            **limits,  # type: ignore[arg-type]
        )
    )
    return program_id


def test_opening_a_round_for_newest_hires_keeps_its_limits(service: MentoringService) -> None:
    program_id = new_hire_round(
        Scenario(service), hired_on_or_after=date(2023, 6, 1), max_tenure_days=365
    )
    assert service.load(Program, program_id).open_round_hires == RoundHires(date(2023, 6, 1), 365)


def test_a_round_for_recent_hires_refuses_a_mentee_hired_before_its_date(world: Scenario) -> None:
    world.hire("T1", hired_on=date(2019, 5, 1))
    program_id = new_hire_round(world, hired_on_or_after=date(2023, 6, 1))
    with pytest.raises(HiredTooEarlyForRound):
        world.mentee(program_id, "T1")


def test_a_round_with_a_maximum_tenure_enrols_a_recent_hire(world: Scenario) -> None:
    world.hire("T1", hired_on=date(2024, 1, 15))
    program_id = new_hire_round(world, max_tenure_days=90)
    assert world.mentee(program_id, "T1")


def test_a_rehire_counts_from_the_rehire_date(world: Scenario) -> None:
    world.hire("T1", hired_on=date(2015, 1, 1))
    world.leave("T1", on=date(2020, 1, 1))
    world.service.handle(
        RehireEmployee(
            command_id="rehire-T1", stamp=Stamp(HRIS_ACTOR, date(2024, 1, 10)), hris_id="T1",
            department="Sales", job_level=5, manager_id=None, location="Lyon",
        )
    )
    program_id = new_hire_round(world, max_tenure_days=60)
    assert world.mentee(program_id, "T1")


def test_mentors_of_any_tenure_may_volunteer_in_a_round_for_new_hires(world: Scenario) -> None:
    world.hire("M1", hired_on=date(2010, 1, 1))
    program_id = new_hire_round(world, max_tenure_days=30)
    assert world.mentor(program_id, "M1")


def test_a_request_once_the_mentee_s_tenure_is_past_the_round_s_maximum_is_refused(
    world: Scenario,
) -> None:
    world.hire("M1")
    world.hire("T1", hired_on=date(2024, 1, 20))  # 12 days on enrolment, 41 on the request
    program_id = new_hire_round(world, max_tenure_days=30)
    world.mentor(program_id, "M1")
    world.mentee(program_id, "T1")
    with pytest.raises(HiredTooEarlyForRound, match="at most 30 days"):
        world.request(program_id, "T1", ("M1",))
