"""Enrolment: open rounds, hire dates, nominations, versions, just-in-time mentoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TypeVar
from uuid import UUID

import pytest

from domain.base import Stamp
from domain.employees import Employee
from domain.errors import (
    AlreadyExists,
    DatedBeforeHire,
    NotEligibleForRound,
    RoundNotOpen,
    VersionConflict,
)
from domain.mentors import MentorEnrolment
from services.enrolment import (
    AcceptNomination,
    NominateMentor,
    UpdateMentorProfile,
    VolunteerAsMentor,
    WithdrawMentor,
)
from services.mentoring import MentoringService
from services.programs import CloseRound, OpenRound
from tests.services.scenario import DAY, OPENED, Scenario, company

Offer = TypeVar("Offer", VolunteerAsMentor, AcceptNomination, UpdateMentorProfile)


def mentor_enrolment(service: MentoringService, program_id: UUID, hris_id: str) -> MentorEnrolment:
    """The mentor enrolment of ``hris_id`` in the program, as stored now."""
    return service.load(MentorEnrolment, MentorEnrolment.create_id(program_id, hris_id))


def program_hiring(service: MentoringService, hris_id: str) -> UUID:
    """A program with round 1 open, ``hris_id`` newly hired (enrolled in nothing yet)."""
    world = Scenario(service)
    world.hire(hris_id)
    return world.program()


def offer(
    kind: type[Offer], program_id: UUID, *, on: date = DAY, capacity: int = 1, hours: int = 4
) -> Offer:
    """M1's offer to mentor in the program: topic "sales", ``capacity`` mentees, ``hours``."""
    return kind(
        stamp=Stamp("M1", on),
        program_id=program_id,
        employee_id="M1",
        topics=("sales",),
        capacity=capacity,
        hours_per_month=hours,
    )


def test_enrolling_when_no_round_is_open_is_refused(service: MentoringService) -> None:
    world = Scenario(service)
    world.hire("T1")
    program_id = world.program(open_round=False)
    with pytest.raises(RoundNotOpen):
        world.mentee(program_id, "T1")


def test_volunteering_after_the_round_closed_is_refused(service: MentoringService) -> None:
    program_id = program_hiring(service, "M1")
    service.handle(CloseRound(stamp=Stamp("E0", DAY), program_id=program_id))
    with pytest.raises(RoundNotOpen):
        service.handle(offer(VolunteerAsMentor, program_id, on=date(2024, 3, 2)))


def test_a_round_for_other_departments_refuses_the_enrolment(service: MentoringService) -> None:
    world = Scenario(service)
    world.hire("T1", department="Legal")
    program_id = world.program(open_round=False)
    service.handle(
        OpenRound(
            stamp=Stamp("E0", OPENED),
            program_id=program_id,
            round_name="newest hires in sales",
            departments=("Sales",),
        )
    )
    with pytest.raises(NotEligibleForRound):
        world.mentee(program_id, "T1")


def test_an_enrolment_dated_before_the_hire_is_refused(service: MentoringService) -> None:
    world = Scenario(service)
    world.hire("T1", hired_on=date(2024, 6, 1))
    program_id = world.program()
    with pytest.raises(DatedBeforeHire):
        world.mentee(program_id, "T1")


def test_enrolling_twice_as_a_mentor_is_refused(service: MentoringService) -> None:
    world = company(service, "M1")
    with pytest.raises(AlreadyExists):
        world.mentor(world.program_id, "M1")


def test_a_nominee_who_accepts_becomes_an_active_mentor(service: MentoringService) -> None:
    program_id = program_hiring(service, "M1")
    service.handle(NominateMentor(stamp=Stamp("E0", DAY), program_id=program_id, employee_id="M1"))
    service.handle(offer(AcceptNomination, program_id, capacity=2, hours=8))
    assert mentor_enrolment(service, program_id, "M1").status == "active"


def test_a_stale_expected_version_is_a_conflict_naming_the_current_one(
    service: MentoringService,
) -> None:
    world = company(service, "M1")  # M1 volunteered, then was trained: version 2
    update = offer(UpdateMentorProfile, world.program_id, capacity=3, hours=8)
    with pytest.raises(VersionConflict) as conflict:
        service.handle(replace(update, expected_version=1))
    assert conflict.value.current_version == 2


def test_the_current_expected_version_lets_the_change_through(service: MentoringService) -> None:
    program_id = company(service, "M1").program_id
    withdrawal = WithdrawMentor(
        stamp=Stamp("M1", DAY),
        program_id=program_id,
        employee_id="M1",
        reason="new job",
        expected_version=2,
    )
    service.handle(withdrawal)
    assert mentor_enrolment(service, program_id, "M1").status == "withdrawn"


def test_a_person_can_mentor_in_one_topic_while_being_mentored_in_another(
    service: MentoringService,
) -> None:
    world = Scenario(service)
    for person in ("T1", "J1", "M1"):
        world.hire(person)
    program_id = world.program("just-in-time")
    world.mentor(program_id, "J1", topics=("sales",))
    world.mentee(program_id, "J1", topics=("python",))
    world.mentor(program_id, "M1", topics=("python",))
    world.mentee(program_id, "T1")
    as_mentor = world.pair(program_id, "T1", "J1")
    as_mentee = world.accept(world.request(program_id, "J1", ("M1",), topic="python"), "M1")
    roles = {
        role for _, _, role in service.load(Employee, Employee.create_id("J1")).mentorships.values()
    }
    assert roles == {"mentor", "mentee"} and as_mentor != as_mentee
