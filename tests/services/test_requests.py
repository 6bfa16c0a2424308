"""Requests through the service: matching rules, acceptance, forwarding, expiry, retries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.base import Stamp
from domain.errors import (
    AlreadyPaired,
    CommandIdReused,
    DomainError,
    EnrolmentNotFound,
    JuniorMentorNotAllowed,
    MentorAtCapacity,
    MentorUntrained,
    NotEmployed,
    ReportingLineConflict,
    RequestExpired,
    RoundNotOpen,
    VersionConflict,
)
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from services.mentoring import MentoringService
from services.programs import CloseRound
from services.requests import AcceptRequest
from tests.services.scenario import (
    AFTER_DEADLINE,
    DAY,
    RESPOND_BY,
    Scenario,
    company,
    last_position,
    new_event_names,
)


def test_a_request_to_a_mentor_at_capacity_is_refused(service: MentoringService) -> None:
    world = company(service, "M1")
    world.hire("T2")
    world.mentee(world.program_id, "T2")
    world.pair(world.program_id, "T2", "M1")
    with pytest.raises(MentorAtCapacity):
        world.request(world.program_id, "T1", ("M1",))


@pytest.mark.parametrize(
    ("staff", "rules", "mentor", "refusal"),
    [
        pytest.param(
            {"B1": {}, "T1": {"manager_id": "B1"}},
            {},
            "B1",
            ReportingLineConflict,
            id="the mentee's manager",
        ),
        pytest.param(
            {"C1": {}, "B1": {"manager_id": "C1"}, "T1": {"manager_id": "B1"}},
            {"reporting_line_levels": 2},
            "C1",
            ReportingLineConflict,
            id="the manager's manager when two levels are checked",
        ),
        pytest.param(
            {"T1": {"job_level": 8}, "J1": {"job_level": 2}},
            {"program_type": "general"},
            "J1",
            JuniorMentorNotAllowed,
            id="a junior mentor in a general program",
        ),
    ],
)
def test_a_request_to_a_mentor_the_programs_matching_rules_rule_out_is_refused(
    service: MentoringService,
    staff: dict[str, dict[str, Any]],
    rules: dict[str, Any],
    mentor: str,
    refusal: type[DomainError],
) -> None:
    world = Scenario(service)
    for hris_id, details in staff.items():
        world.hire(hris_id, **details)
    program_id = world.program(**rules)
    world.mentee(program_id, "T1")
    world.mentor(program_id, mentor)
    with pytest.raises(refusal):
        world.request(program_id, "T1", (mentor,))


def test_a_request_to_an_untrained_mentor_is_refused(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    program_id = world.program()
    world.mentee(program_id, "T1")
    world.mentor(program_id, "M1", trained=False)
    with pytest.raises(MentorUntrained):
        world.request(program_id, "T1", ("M1",))


def test_a_request_from_someone_not_enrolled_as_mentee_is_refused(
    service: MentoringService,
) -> None:
    world = company(service, "M1")
    world.hire("T2")
    with pytest.raises(EnrolmentNotFound):
        world.request(world.program_id, "T2", ("M1",))


def test_a_request_after_the_round_closed_is_refused(service: MentoringService) -> None:
    world = company(service, "M1")
    program_id = world.program_id
    service.handle(CloseRound(stamp=Stamp("E0", date(2024, 2, 15)), program_id=program_id))
    with pytest.raises(RoundNotOpen):
        world.request(program_id, "T1", ("M1",))


def test_a_junior_mentor_is_welcome_in_a_reverse_mentoring_program(
    service: MentoringService,
) -> None:
    world = Scenario(service)
    world.hire("T1", job_level=8)
    world.hire("J1", job_level=2)
    program_id = world.program("reverse")
    world.mentee(program_id, "T1")
    world.mentor(program_id, "J1")
    assert world.pair(program_id, "T1", "J1")


def test_an_accepted_request_takes_the_mentors_slot_in_the_same_save(
    service: MentoringService,
) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",))
    position = last_position(service)
    mentorship_id = world.accept(request_id, "M1")
    assert service.load(Mentorship, mentorship_id).mentor_id == "M1"
    names = new_event_names(service, position)
    assert {
        "MentorshipRequest.Accepted",
        "MentorEnrolment.MenteeTaken",
        "Mentorship.Matched",
    } <= set(names)
    enrolment_id = MentorEnrolment.create_id(world.program_id, "M1")
    assert service.load(MentorEnrolment, enrolment_id).free_slots == 0


def test_a_second_acceptance_for_a_full_mentor_is_refused(service: MentoringService) -> None:
    world = company(service, "M1")
    world.hire("T2")
    world.mentee(world.program_id, "T2")
    first = world.request(world.program_id, "T1", ("M1",))
    second = world.request(world.program_id, "T2", ("M1",))
    world.accept(first, "M1")
    with pytest.raises(MentorAtCapacity):
        world.accept(second, "M1")


def test_a_second_request_to_the_same_mentor_while_paired_is_refused(
    service: MentoringService,
) -> None:
    world = company(service, "M1", capacity=3)
    world.pair(world.program_id, "T1", "M1")
    with pytest.raises(AlreadyPaired):
        world.request(world.program_id, "T1", ("M1",))


def test_a_request_cannot_be_accepted_after_its_respond_by_date(service: MentoringService) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",))
    with pytest.raises(RequestExpired):
        service.handle(AcceptRequest(stamp=Stamp("M1", AFTER_DEADLINE), request_id=request_id))


def test_a_leaver_cannot_be_assigned_a_mentor(service: MentoringService) -> None:
    world = company(service, "M1", "M2")
    request_id = world.request(world.program_id, "T1", ("M2", "M1"))
    world.leave("T1")
    with pytest.raises(NotEmployed):
        world.assign("T1", "M1")
    assert service.load(MentorshipRequest, request_id).status == "withdrawn"


def test_a_declined_request_is_asked_of_the_next_choice(service: MentoringService) -> None:
    world = company(service, "M1", "M2")
    request_id = world.request(world.program_id, "T1", ("M1", "M2"))
    world.decline(request_id, "M1")
    assert service.load(MentorshipRequest, request_id).mentor_id == "M2"
    assert service.employee("M2").open_request_ids == {request_id}
    assert service.employee("M1").open_request_ids == set()
    assert world.accept(request_id, "M2")


def test_an_overdue_request_expires_and_goes_to_the_next_choice(service: MentoringService) -> None:
    world = company(service, "M1", "M2")
    request_id = world.request(world.program_id, "T1", ("M1", "M2"))
    assert world.expire(request_id)
    request = service.load(MentorshipRequest, request_id)
    assert (request.status, request.mentor_id) == ("pending", "M2")


def test_expiring_a_request_twice_records_one_expiry(service: MentoringService) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",))
    world.expire(request_id)
    position = last_position(service)
    assert not world.expire(request_id)
    assert new_event_names(service, position) == []
    assert service.load(MentorshipRequest, request_id).status == "expired"


def test_a_request_not_yet_due_does_not_expire(service: MentoringService) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",))
    assert not world.expire(request_id, RESPOND_BY)
    assert service.load(MentorshipRequest, request_id).status == "pending"


def test_expiry_expires_a_due_request_and_leaves_an_answered_one(
    service: MentoringService,
) -> None:
    world = company(service, "M1", "M2", capacity=2)
    world.hire("T2")
    world.mentee(world.program_id, "T2")
    due = world.request(world.program_id, "T1", ("M1",))
    answered = world.request(world.program_id, "T2", ("M2",))
    world.accept(answered, "M2")
    assert [rid for rid in (due, answered) if world.expire(rid)] == [due]


def test_a_retried_command_returns_the_first_result_and_records_nothing(
    service: MentoringService,
) -> None:
    world = company(service, "M1")
    first = world.request(world.program_id, "T1", ("M1",), command_id="c-1")
    position = last_position(service)
    again = world.request(world.program_id, "T1", ("M1",), command_id="c-1")
    assert again == first and new_event_names(service, position) == []


def test_a_retried_acceptance_returns_the_same_mentorship(service: MentoringService) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",))
    first = world.accept(request_id, "M1", command_id="accept-1")
    assert world.accept(request_id, "M1", command_id="accept-1") == first


def test_a_command_id_reused_for_another_command_is_a_conflict(service: MentoringService) -> None:
    world = company(service, "M1")
    request_id = world.request(world.program_id, "T1", ("M1",), command_id="c-1")
    with pytest.raises(CommandIdReused):
        world.accept(request_id, "M1", command_id="c-1")


def test_an_acceptance_with_a_stale_expected_version_is_a_conflict(
    service: MentoringService,
) -> None:
    world = company(service, "M1", "M2")
    request_id = world.request(world.program_id, "T1", ("M1", "M2"))
    world.decline(request_id, "M1")
    with pytest.raises(VersionConflict) as conflict:
        service.handle(
            AcceptRequest(stamp=Stamp("M2", DAY), request_id=request_id, expected_version=1)
        )
    assert conflict.value.current_version == 3


def test_forwarding_skips_a_next_choice_who_has_left(service: MentoringService) -> None:
    world = company(service, "M1", "M2", "M3")
    request_id = world.request(world.program_id, "T1", ("M1", "M2", "M3"))
    world.leave("M2")
    world.decline(request_id, "M1")
    assert service.load(MentorshipRequest, request_id).mentor_id == "M3"
