"""The HRIS feed and the leaving policy."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import Employee
from domain.errors import AlreadyExists, DatedBeforeHire
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from domain.vocabulary import ExitReason
from services.employees import (
    ChangeManager,
    HireEmployee,
    PromoteEmployee,
    RecordLeaving,
    RehireEmployee,
    TransferEmployee,
)
from services.mentoring import MentoringService
from tests.services.scenario import DAY, Scenario, company, last_position, new_event_names

LEFT_ON = date(2024, 3, 10)


def hris(day: date) -> Stamp:
    """The HRIS, on ``day``."""
    return Stamp(HRIS_ACTOR, day)


def leave(
    service: MentoringService,
    hris_id: str,
    *,
    on: date = LEFT_ON,
    reason: ExitReason = ExitReason.VOLUNTARY,
) -> None:
    """The HRIS reports ``hris_id`` leaving on ``on`` (upstream event "l1")."""
    service.handle(RecordLeaving(command_id="l1", stamp=hris(on), hris_id=hris_id, reason=reason))


def test_a_hire_returns_the_employee_id_derived_from_the_hris_id(service: MentoringService) -> None:
    employee_id = Scenario(service).hire("E1")
    assert service.employee("E1").id == employee_id == Employee.create_id("E1")


def test_a_duplicate_upstream_hris_event_has_no_second_effect(service: MentoringService) -> None:
    first = Scenario(service).hire("E1")
    position = last_position(service)
    assert Scenario(service).hire("E1") == first
    assert new_event_names(service, position) == []


def test_a_second_hire_of_the_same_person_is_refused(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    with pytest.raises(AlreadyExists):
        service.handle(
            HireEmployee(
                command_id="another-upstream-event",
                stamp=hris(DAY),
                hris_id="E1",
                department="IT",
                job_level=2,
                manager_id=None,
                location="Oslo",
            )
        )


def test_a_promotion_dated_before_the_hire_is_refused(service: MentoringService) -> None:
    Scenario(service).hire("E1", hired_on=date(2024, 1, 1))
    with pytest.raises(DatedBeforeHire):
        service.handle(
            PromoteEmployee(
                command_id="p1", stamp=hris(date(2023, 1, 1)), hris_id="E1", new_job_level=6
            )
        )


def test_promotions_transfers_and_manager_changes_update_the_employee(
    service: MentoringService,
) -> None:
    Scenario(service).hire("E1", manager_id="E0", job_level=3)
    for command in (
        PromoteEmployee(command_id="p1", stamp=hris(DAY), hris_id="E1", new_job_level=4),
        TransferEmployee(command_id="t1", stamp=hris(DAY), hris_id="E1", new_department="IT"),
        ChangeManager(command_id="m1", stamp=hris(DAY), hris_id="E1", new_manager_id="E7"),
    ):
        assert service.handle(command) == Employee.create_id("E1")
    employee = service.employee("E1")
    assert (employee.job_level, employee.department, employee.manager_id) == (4, "IT", "E7")


def test_a_leavers_open_requests_are_withdrawn(service: MentoringService) -> None:
    world = company(service, "M1")
    program_id = world.program_id
    request_id = world.request(program_id, "T1", ("M1",))
    leave(service, "T1")
    assert service.load(MentorshipRequest, request_id).status == "withdrawn"
    assert service.employee("M1").open_request_ids == set()


def test_requests_addressed_to_a_leaver_go_to_the_next_choice(service: MentoringService) -> None:
    world = company(service, "M1", "M2")
    program_id = world.program_id
    request_id = world.request(program_id, "T1", ("M1", "M2"))
    leave(service, "M1")
    request = service.load(MentorshipRequest, request_id)
    assert (request.status, request.mentor_id) == ("pending", "M2")
    assert service.employee("M2").open_request_ids == {request_id}


def test_a_leavers_mentorships_end_with_participant_left(service: MentoringService) -> None:
    world = company(service, "M1")
    program_id = world.program_id
    mentorship_id = world.pair(program_id, "T1", "M1")
    position = last_position(service)
    leave(service, "T1")
    assert service.load(Mentorship, mentorship_id).ended_reason == "participant_left"
    enrolment_id = MentorEnrolment.create_id(program_id, "M1")
    assert service.load(MentorEnrolment, enrolment_id).free_slots == 1
    assert service.employee("M1").mentorships == {}
    assert sorted(new_event_names(service, position)) == [
        "CommandLog.Handled",
        "Employee.Left",
        "Employee.MentorshipLeft",
        "Employee.MentorshipLeft",
        "MentorEnrolment.MenteeReleased",
        "Mentorship.Ended",
        "Notification.Sent",  # the notifications the end causes (services.notifications)
        "Notification.Sent",
    ]


def test_a_rehired_leaver_is_employed_again(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    leave(service, "E1", on=DAY)
    service.handle(
        RehireEmployee(
            command_id="r1",
            stamp=hris(date(2025, 1, 1)),
            hris_id="E1",
            department="IT",
            job_level=4,
            manager_id=None,
            location="Oslo",
        )
    )
    assert service.employee("E1").is_employed


def test_a_leave_reported_late_still_ends_a_mentorship_started_after_it(
    service: MentoringService,
) -> None:
    world = company(service, "M1")
    program_id = world.program_id
    mentorship_id = world.pair(program_id, "T1", "M1")
    leave(service, "M1", on=date(2024, 2, 20), reason=ExitReason.INVOLUNTARY)
    assert service.load(Mentorship, mentorship_id).ended_reason == "participant_left"


def test_the_leave_reason_is_stored_as_the_plain_word(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    leave(service, "E1", on=DAY, reason=ExitReason.RETIREMENT)
    employee = service.employee("E1")
    assert employee.leave_reason == "retirement" and type(employee.leave_reason) is str
