"""Mentorships through the service: assignment, the pair's records, the end, stories."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.base import Stamp
from domain.errors import (
    MentorAtCapacity,
    MentorshipEnded,
    MentorshipNotFound,
    SameManagerConflict,
    VersionConflict,
)
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.vocabulary import EndReason, SessionMode
from services.mentoring import MentoringService
from services.mentorships import (
    AchieveGoal,
    AnswerKickoff,
    AnswerSurvey,
    AssignPair,
    EndMentorship,
    FileMemo,
    HoldSession,
    SetGoal,
)
from services.stories import RecordSuccessStory
from tests.services.scenario import DAY, Scenario, company

LATER = date(2024, 3, 20)


def paired(service: MentoringService) -> tuple[Scenario, UUID]:
    """T1 mentored by M1 (capacity 1) in an open program."""
    world = company(service, "M1")
    return world, world.pair(world.program_id, "T1", "M1")


def assignment(world: Scenario, mentee_id: str, mentor_id: str = "M1") -> AssignPair:
    """Admin A1 pairs ``mentee_id`` with ``mentor_id`` on topic "sales" on 2024-03-01."""
    return AssignPair(
        stamp=Stamp("A1", DAY),
        program_id=world.program_id,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        topic="sales",
    )


def free_slots(service: MentoringService, program_id: UUID, mentor_id: str) -> int:
    """The mentor's free slots in the program."""
    enrolment_id = MentorEnrolment.create_id(program_id, mentor_id)
    return service.load(MentorEnrolment, enrolment_id).free_slots


def session(mentorship_id: UUID, actor: str = "M1") -> HoldSession:
    """A 30-minute virtual session ``actor`` logs on 2024-03-20."""
    return HoldSession(
        stamp=Stamp(actor, LATER),
        mentorship_id=mentorship_id,
        duration_minutes=30,
        mode=SessionMode.VIRTUAL,
        topics=(),
    )


def test_an_admin_assignment_takes_the_mentors_slot(service: MentoringService) -> None:
    world = Scenario(service)
    for person in ("T1", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1")
    mentorship_id = service.handle(assignment(world, "T1"))
    assert service.load(Mentorship, mentorship_id).mentee_id == "T1"
    assert free_slots(service, world.program_id, "M1") == 0
    assert mentorship_id in service.employee("M1").mentorships


def test_an_admin_assignment_to_a_full_mentor_is_refused(service: MentoringService) -> None:
    world, _ = paired(service)
    world.hire("T2")
    with pytest.raises(MentorAtCapacity):
        service.handle(assignment(world, "T2"))


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
        service.handle(assignment(world, "T1"))


def test_each_participant_answers_the_kickoff_questionnaire(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    for participant in ("T1", "M1"):
        service.handle(
            AnswerKickoff(
                stamp=Stamp(participant, DAY),
                mentorship_id=mentorship_id,
                goals="negotiate",
                communication="weekly call",
                off_limits="pay",
                confidentiality="stays between us",
            )
        )
    assert service.load(Mentorship, mentorship_id).kickoff_answered_by == {"T1", "M1"}


def test_a_goal_set_by_the_pair_can_be_achieved(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.handle(
        SetGoal(
            stamp=Stamp("T1", DAY),
            mentorship_id=mentorship_id,
            goal_id="g1",
            description="close a deal alone",
        )
    )
    service.handle(AchieveGoal(stamp=Stamp("T1", LATER), mentorship_id=mentorship_id, goal_id="g1"))
    assert service.load(Mentorship, mentorship_id).goals == {"g1": True}


def test_a_session_held_is_counted(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    assert service.handle(session(mentorship_id)) == mentorship_id
    assert service.load(Mentorship, mentorship_id).sessions_held == 1


def test_a_change_made_against_an_old_version_is_refused(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    stale = service.load(Mentorship, mentorship_id).version
    service.handle(session(mentorship_id))
    with pytest.raises(VersionConflict):
        service.handle(
            HoldSession(
                stamp=Stamp("M1", LATER),
                mentorship_id=mentorship_id,
                duration_minutes=30,
                mode=SessionMode.VIRTUAL,
                topics=(),
                expected_version=stale,
            )
        )
    assert service.load(Mentorship, mentorship_id).sessions_held == 1


def test_a_session_of_an_unknown_mentorship_is_refused(service: MentoringService) -> None:
    with pytest.raises(MentorshipNotFound):
        service.handle(session(UUID(int=7)))


def test_the_mentee_files_a_memo(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.handle(
        FileMemo(
            stamp=Stamp("T1", LATER),
            mentorship_id=mentorship_id,
            skills=("pricing",),
            text="private",
        )
    )
    assert service.load(Mentorship, mentorship_id).memos_filed == 1


def test_a_survey_answer_is_recorded(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    before = service.load(Mentorship, mentorship_id).version
    service.handle(
        AnswerSurvey(
            stamp=Stamp("T1", LATER),
            mentorship_id=mentorship_id,
            confidence=4,
            commitment=5,
            org_understanding=3,
            networking=4,
            pairing_fit=5,
        )
    )
    assert service.load(Mentorship, mentorship_id).version == before + 1


def test_ending_a_mentorship_frees_the_mentors_slot(service: MentoringService) -> None:
    world, mentorship_id = paired(service)
    service.handle(
        EndMentorship(
            stamp=Stamp("T1", LATER),
            mentorship_id=mentorship_id,
            reason=EndReason.COMPLETED,
            note="",
        )
    )
    assert free_slots(service, world.program_id, "M1") == 1
    assert service.employee("T1").mentorships == {}


def test_nothing_can_be_recorded_on_an_ended_mentorship(service: MentoringService) -> None:
    _, mentorship_id = paired(service)
    service.handle(
        EndMentorship(
            stamp=Stamp("M1", LATER),
            mentorship_id=mentorship_id,
            reason=EndReason.NO_FAULT,
            note="the chemistry isn't right",
        )
    )
    with pytest.raises(MentorshipEnded):
        service.handle(session(mentorship_id))


def test_a_success_story_is_recorded_for_a_program(service: MentoringService) -> None:
    world, mentorship_id = paired(service)
    story = RecordSuccessStory(
        command_id="story-1",
        stamp=Stamp("A1", LATER),
        program_id=world.program_id,
        title="Close rate up 15%",
        text="after a day with a mentor",
        employee_ids=("T1",),
    )
    story_id = service.handle(story)
    retried = RecordSuccessStory(
        command_id="story-1",
        stamp=Stamp("A1", LATER),
        program_id=world.program_id,
        title="Close rate up 15%",
        text="after a day with a mentor",
    )
    assert story_id == service.handle(retried)
