"""Mentorships through the service: assignment, the pair's records, the end, stories."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.errors import MentorAtCapacity, MentorshipEnded, SameManagerConflict
from services.mentoring import MentoringService
from tests.services.scenario import DAY, Scenario

LATER = date(2024, 3, 20)


def paired(service: MentoringService) -> tuple[Scenario, UUID]:
    """T1 mentored by M1 (capacity 1) in an open program."""
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1")
    world.mentee(world.program_id, "T1")
    return world, world.pair(world.program_id, "T1", "M1")


def test_an_admin_assignment_takes_the_mentors_slot(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1")
    mentorship_id = service.assign_pair(
        command_id=None,
        actor="A1",
        program_id=world.program_id,
        mentee_id="T1",
        mentor_id="M1",
        topic="sales",
        effective_date=DAY,
    )
    assert service.get_mentorship(mentorship_id).mentee_id == "T1"
    assert service.get_mentor_enrolment(world.program_id, "M1").free_slots == 0


def test_an_admin_assignment_to_a_full_mentor_is_refused(service: MentoringService) -> None:
    world, _ = paired(service)
    world.hire("T2")
    with pytest.raises(MentorAtCapacity):
        service.assign_pair(
            command_id=None,
            actor="A1",
            program_id=world.program_id,
            mentee_id="T2",
            mentor_id="M1",
            topic="sales",
            effective_date=DAY,
        )


def test_an_admin_assignment_obeys_the_programs_same_manager_rule(
    service: MentoringService,
) -> None:
    world = Scenario(service)
    world.hire("B1")
    world.hire("T1", manager_id="B1")
    world.hire("M1", manager_id="B1")
    world.program(forbid_same_manager=True)
    world.mentor(world.program_id, "M1")
    with pytest.raises(SameManagerConflict):
        service.assign_pair(
            command_id=None,
            actor="A1",
            program_id=world.program_id,
            mentee_id="T1",
            mentor_id="M1",
            topic="sales",
            effective_date=DAY,
        )


def test_each_participant_answers_the_kickoff_questionnaire(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    for participant in ("T1", "M1"):
        service.answer_kickoff(
            command_id=None,
            mentorship_id=mentorship_id,
            participant_id=participant,
            goals="negotiate",
            communication="weekly call",
            off_limits="pay",
            confidentiality="stays between us",
            effective_date=DAY,
        )
    assert service.get_mentorship(mentorship_id).kickoff_answered_by == {"T1", "M1"}


def test_a_goal_set_by_the_pair_can_be_achieved(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    goal = {"command_id": None, "mentorship_id": mentorship_id, "actor": "T1", "goal_id": "g1"}
    service.set_goal(**goal, description="close a deal alone", effective_date=DAY)
    service.achieve_goal(**goal, effective_date=LATER)
    assert service.get_mentorship(mentorship_id).goals == {"g1": True}


def test_a_session_held_is_counted(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.hold_session(
        command_id=None,
        mentorship_id=mentorship_id,
        actor="M1",
        duration_minutes=45,
        mode="virtual",
        topics=("pricing",),
        effective_date=LATER,
    )
    assert service.get_mentorship(mentorship_id).sessions_held == 1


def test_the_mentee_files_a_memo(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.file_memo(
        command_id=None,
        mentorship_id=mentorship_id,
        mentee_id="T1",
        skills=("pricing",),
        text="private",
        effective_date=LATER,
    )
    assert service.get_mentorship(mentorship_id).memos_filed == 1


def test_a_survey_answer_is_recorded(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    before = service.get_mentorship(mentorship_id).version
    service.answer_survey(
        command_id=None,
        mentorship_id=mentorship_id,
        respondent_id="T1",
        confidence=4,
        commitment=5,
        org_understanding=3,
        networking=4,
        pairing_fit=5,
        effective_date=LATER,
    )
    assert service.get_mentorship(mentorship_id).version == before + 1


def test_ending_a_mentorship_frees_the_mentors_slot(service: MentoringService) -> None:
    world, mentorship_id = paired(service)
    service.end_mentorship(
        command_id=None,
        mentorship_id=mentorship_id,
        actor="T1",
        reason="completed",
        note="",
        effective_date=LATER,
    )
    assert service.get_mentor_enrolment(world.program_id, "M1").free_slots == 1
    assert service.get_employee("T1").mentorships == {}


def test_nothing_can_be_recorded_on_an_ended_mentorship(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.end_mentorship(
        command_id=None,
        mentorship_id=mentorship_id,
        actor="M1",
        reason="no_fault",
        note="the chemistry isn't right",
        effective_date=LATER,
    )
    with pytest.raises(MentorshipEnded):
        service.hold_session(
            command_id=None,
            mentorship_id=mentorship_id,
            actor="M1",
            duration_minutes=30,
            mode="virtual",
            topics=(),
            effective_date=LATER,
        )


def test_a_success_story_is_recorded_for_a_program(service: MentoringService) -> None:
    world, mentorship_id = paired(service)
    story_id = service.record_success_story(
        command_id="story-1",
        actor="A1",
        program_id=world.program_id,
        title="Close rate up 15%",
        text="after a day with a mentor",
        effective_date=LATER,
        employee_ids=("T1",),
    )
    assert story_id == service.record_success_story(
        command_id="story-1",
        actor="A1",
        program_id=world.program_id,
        title="Close rate up 15%",
        text="after a day with a mentor",
        effective_date=LATER,
    )
