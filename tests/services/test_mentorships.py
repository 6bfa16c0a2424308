"""Mentorships through the service: assignment, the pair's records, the end, stories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
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
from services.command import Command
from services.mentoring import MentoringService
from services.mentorships import (
    AchieveGoal,
    AnswerKickoff,
    AnswerSurvey,
    FileMemo,
    HoldSession,
    SetGoal,
)
from services.stories import RecordSuccessStory
from tests.services.scenario import DAY, LATER, Scenario, company


@dataclass(frozen=True)
class Pair:
    """A mentorship of the scenario's world, and what its pair records on it."""

    world: Scenario
    mentorship_id: UUID

    def record(
        self, kind: Callable[..., Command[UUID]], actor: str = "T1", on: date = LATER, **fields: Any
    ) -> UUID:
        """``actor`` records ``kind`` with ``fields`` on the mentorship, dated ``on``."""
        return self.world.service.handle(
            kind(stamp=Stamp(actor, on), mentorship_id=self.mentorship_id, **fields)
        )

    def session(self, *, expected_version: int | None = None) -> UUID:
        """M1 logs a 30-minute virtual session (against ``expected_version`` if told)."""
        return self.record(
            HoldSession, "M1", duration_minutes=30, mode=SessionMode.VIRTUAL, topics=(),
            expected_version=expected_version,
        )

    def now(self) -> Mentorship:
        """The mentorship as stored now."""
        return self.world.service.load(Mentorship, self.mentorship_id)


@pytest.fixture
def pair(service: MentoringService) -> Pair:
    """T1 mentored by M1 (capacity 1) in an open program."""
    world = company(service, "M1")
    return Pair(world, world.pair(world.program_id, "T1", "M1"))


def free_slots(service: MentoringService, program_id: UUID, mentor_id: str) -> int:
    """The mentor's free slots in the program."""
    enrolment_id = MentorEnrolment.create_id(program_id, mentor_id)
    return service.load(MentorEnrolment, enrolment_id).free_slots


def test_an_admin_assignment_takes_the_mentors_slot(world: Scenario) -> None:
    for person in ("T1", "M1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1")
    mentorship_id = world.assign("T1", "M1")
    assert world.service.load(Mentorship, mentorship_id).mentee_id == "T1"
    assert free_slots(world.service, world.program_id, "M1") == 0
    assert mentorship_id in world.service.employee("M1").mentorships


def test_an_admin_assignment_to_a_full_mentor_is_refused(pair: Pair) -> None:
    pair.world.hire("T2")
    with pytest.raises(MentorAtCapacity):
        pair.world.assign("T2", "M1")


def test_an_admin_assignment_obeys_the_programs_same_manager_rule(world: Scenario) -> None:
    world.hire("B1")
    world.hire("T1", manager_id="B1")
    world.hire("M1", manager_id="B1")
    world.program(forbid_same_manager=True)
    world.mentor(world.program_id, "M1")
    with pytest.raises(SameManagerConflict):
        world.assign("T1", "M1")


def test_each_participant_answers_the_kickoff_questionnaire(pair: Pair) -> None:
    for participant in ("T1", "M1"):
        pair.record(
            AnswerKickoff, participant, DAY, goals="negotiate", communication="weekly call",
            off_limits="pay", confidentiality="stays between us",
        )
    assert pair.now().kickoff_answered_by == {"T1", "M1"}


def test_a_goal_set_by_the_pair_can_be_achieved(pair: Pair) -> None:
    pair.record(SetGoal, on=DAY, goal_id="g1", description="close a deal alone")
    pair.record(AchieveGoal, goal_id="g1")
    assert pair.now().goals == {"g1": True}


def test_a_session_held_is_counted(pair: Pair) -> None:
    assert pair.session() == pair.mentorship_id
    assert pair.now().sessions_held == 1


def test_a_change_made_against_an_old_version_is_refused(pair: Pair) -> None:
    stale = pair.now().version
    pair.session()
    with pytest.raises(VersionConflict):
        pair.session(expected_version=stale)
    assert pair.now().sessions_held == 1


def test_a_session_of_an_unknown_mentorship_is_refused(pair: Pair) -> None:
    unknown = replace(pair, mentorship_id=UUID(int=7))
    with pytest.raises(MentorshipNotFound):
        unknown.session()


def test_the_mentee_files_a_memo(pair: Pair) -> None:
    pair.record(FileMemo, skills=("pricing",), text="private")
    assert pair.now().memos_filed == 1


def test_a_survey_answer_is_recorded(pair: Pair) -> None:
    before = pair.now().version
    pair.record(
        AnswerSurvey, confidence=4, commitment=5, org_understanding=3, networking=4, pairing_fit=5
    )
    assert pair.now().version == before + 1


def test_ending_a_mentorship_frees_the_mentors_slot(pair: Pair) -> None:
    pair.world.end(pair.mentorship_id, "T1")
    assert free_slots(pair.world.service, pair.world.program_id, "M1") == 1
    assert pair.world.service.employee("T1").mentorships == {}


def test_nothing_can_be_recorded_on_an_ended_mentorship(pair: Pair) -> None:
    note = "the chemistry isn't right"
    pair.world.end(pair.mentorship_id, "M1", reason=EndReason.NO_FAULT, note=note)
    with pytest.raises(MentorshipEnded):
        pair.session()


def test_a_success_story_is_recorded_for_a_program(pair: Pair) -> None:
    story = RecordSuccessStory(
        command_id="story-1",
        stamp=Stamp("A1", LATER),
        program_id=pair.world.program_id,
        title="Close rate up 15%",
        text="after a day with a mentor",
        employee_ids=("T1",),
    )
    story_id = pair.world.service.handle(story)
    retried = replace(story, employee_ids=())  # the same command id: the first answer
    assert pair.world.service.handle(retried) == story_id
