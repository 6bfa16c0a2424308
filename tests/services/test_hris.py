"""The HRIS feed and the leaving policy."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import AlreadyExists, DatedBeforeHire
from services.mentoring import MentoringService
from tests.services.scenario import DAY, Scenario, last_position, new_event_names

LEFT_ON = date(2024, 3, 10)


def test_a_hire_returns_the_employee_id_derived_from_the_hris_id(service: MentoringService) -> None:
    employee_id = Scenario(service).hire("E1")
    assert service.get_employee("E1").id == employee_id


def test_a_duplicate_upstream_hris_event_has_no_second_effect(service: MentoringService) -> None:
    first = Scenario(service).hire("E1")
    position = last_position(service)
    assert Scenario(service).hire("E1") == first
    assert new_event_names(service, position) == []


def test_a_second_hire_of_the_same_person_is_refused(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    with pytest.raises(AlreadyExists):
        service.hire_employee(
            event_id="another-upstream-event",
            hris_id="E1",
            department="IT",
            job_level=2,
            manager_id=None,
            location="Oslo",
            hired_on=DAY,
        )


def test_a_promotion_dated_before_the_hire_is_refused(service: MentoringService) -> None:
    Scenario(service).hire("E1", hired_on=date(2024, 1, 1))
    with pytest.raises(DatedBeforeHire):
        service.promote_employee(
            event_id="p1", hris_id="E1", new_job_level=6, effective_date=date(2023, 1, 1)
        )


def test_a_leavers_open_requests_are_withdrawn(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    program_id = world.program()
    world.mentor(program_id, "M1")
    world.mentee(program_id, "T1")
    request_id = world.request(program_id, "T1", ("M1",))
    service.record_leaving(event_id="l1", hris_id="T1", reason="voluntary", effective_date=LEFT_ON)
    assert service.get_request(request_id).status == "withdrawn"
    assert service.get_employee("M1").open_request_ids == set()


def test_requests_addressed_to_a_leaver_go_to_the_next_choice(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1", "M2"):
        world.hire(person)
    program_id = world.program()
    world.mentor(program_id, "M1")
    world.mentor(program_id, "M2")
    world.mentee(program_id, "T1")
    request_id = world.request(program_id, "T1", ("M1", "M2"))
    service.record_leaving(event_id="l1", hris_id="M1", reason="voluntary", effective_date=LEFT_ON)
    request = service.get_request(request_id)
    assert (request.status, request.mentor_id) == ("pending", "M2")
    assert service.get_employee("M2").open_request_ids == {request_id}


def test_a_leavers_mentorships_end_with_participant_left(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    program_id = world.program()
    world.mentor(program_id, "M1")
    world.mentee(program_id, "T1")
    mentorship_id = world.pair(program_id, "T1", "M1")
    position = last_position(service)
    service.record_leaving(event_id="l1", hris_id="T1", reason="voluntary", effective_date=LEFT_ON)
    assert service.get_mentorship(mentorship_id).ended_reason == "participant_left"
    assert service.get_mentor_enrolment(program_id, "M1").free_slots == 1
    assert service.get_employee("M1").mentorships == {}
    assert sorted(new_event_names(service, position)) == [
        "CommandLog.Handled",
        "Employee.Left",
        "Employee.MentorshipLeft",
        "Employee.MentorshipLeft",
        "MentorEnrolment.MenteeReleased",
        "Mentorship.Ended",
    ]


def test_a_rehired_leaver_is_employed_again(service: MentoringService) -> None:
    Scenario(service).hire("E1")
    service.record_leaving(event_id="l1", hris_id="E1", reason="voluntary", effective_date=DAY)
    service.rehire_employee(
        event_id="r1",
        hris_id="E1",
        department="IT",
        job_level=4,
        manager_id=None,
        location="Oslo",
        effective_date=date(2025, 1, 1),
    )
    assert service.get_employee("E1").is_employed


def test_a_leave_reported_late_still_ends_a_mentorship_started_after_it(
    service: MentoringService,
) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    program_id = world.program()
    world.mentor(program_id, "M1")
    world.mentee(program_id, "T1")
    mentorship_id = world.pair(program_id, "T1", "M1")
    service.record_leaving(
        event_id="late", hris_id="M1", reason="involuntary", effective_date=date(2024, 2, 20)
    )
    assert service.get_mentorship(mentorship_id).ended_reason == "participant_left"
