"""Mentorships: assigned by admins or started by an accepted request; kickoff, goals, sessions,
memos, surveys, and the end."""

from __future__ import annotations

from dataclasses import field
from uuid import UUID, uuid4

from domain.mentorships import Mentorship
from domain.programs import Program
from domain.vocabulary import EndReason, SessionMode
from services import policies
from services.changes import Changes
from services.command import (
    Change,
    Command,
    arguments,
    command,
    found_by,
    handles,
    handles_call,
)
from services.matching import check_pair_allowed


@command
class AssignPair(Command[UUID]):
    """An admin pairs a mentee with a mentor directly; returns the mentorship id."""

    program_id: UUID
    mentee_id: str
    mentor_id: str
    topic: str
    mentorship_id: UUID = field(default_factory=uuid4)


@command
class AnswerKickoff(Change[UUID]):
    """A participant (the actor) answers the kickoff questionnaire; returns the mentorship id."""

    mentorship_id: UUID
    goals: str
    communication: str
    off_limits: str
    confidentiality: str


@command
class SetGoal(Change[UUID]):
    """A participant (the actor) sets a goal of the mentorship; returns the mentorship id."""

    mentorship_id: UUID
    goal_id: str
    description: str


@command
class AchieveGoal(Change[UUID]):
    """A participant (the actor) marks a goal achieved; returns the mentorship id."""

    mentorship_id: UUID
    goal_id: str


@command
class HoldSession(Change[UUID]):
    """A participant (the actor) logs a session held; returns the mentorship id."""

    mentorship_id: UUID
    duration_minutes: int
    mode: SessionMode
    topics: tuple[str, ...]


@command
class FileMemo(Change[UUID]):
    """The mentee (the actor) files a memo of skills learned; returns the mentorship id."""

    mentorship_id: UUID
    skills: tuple[str, ...]
    text: str


@command
class AnswerSurvey(Command[UUID]):
    """A participant (the actor) answers the survey (each score 1-5); returns the mentorship id."""

    mentorship_id: UUID
    confidence: int
    commitment: int
    org_understanding: int
    networking: int
    pairing_fit: int


@command
class EndMentorship(Change[UUID]):
    """A participant or an admin (the actor) ends the mentorship; returns the mentorship id."""

    mentorship_id: UUID
    reason: EndReason
    note: str


@handles(AssignPair)
def assign_pair(command: AssignPair, changes: Changes) -> UUID:
    stamp = command.stamp
    program = changes.get(Program, command.program_id)
    mentee = changes.employee(command.mentee_id)
    mentor = changes.employee(command.mentor_id)
    mentee.check_employed_on(stamp.effective_date)
    program.check_round_open(stamp.effective_date, mentee.department)
    check_pair_allowed(changes, program, mentee, mentor, stamp.effective_date)
    mentorship = Mentorship.assign(**arguments(command))
    policies.start_mentorship(changes, program, mentorship, mentee, mentor, stamp=stamp)
    return mentorship.id


the_mentorship = found_by(Mentorship, "mentorship_id")


@handles(AnswerKickoff)
def answer_kickoff(command: AnswerKickoff, changes: Changes) -> UUID:
    mentorship = the_mentorship(command, changes)
    mentorship.answer_kickoff(
        participant_id=command.actor, **arguments(command, but=("mentorship_id",))
    )
    return mentorship.id


# The other changes of a mentorship are one call of the method of the same name.
handles_call(SetGoal, the_mentorship, Mentorship.set_goal, but=("mentorship_id",))
handles_call(AchieveGoal, the_mentorship, Mentorship.achieve_goal, but=("mentorship_id",))
handles_call(HoldSession, the_mentorship, Mentorship.hold_session, but=("mentorship_id",))
handles_call(FileMemo, the_mentorship, Mentorship.file_memo, but=("mentorship_id",))
handles_call(AnswerSurvey, the_mentorship, Mentorship.answer_survey, but=("mentorship_id",))


@handles(EndMentorship)
def end_mentorship(command: EndMentorship, changes: Changes) -> UUID:
    """End the mentorship (completed / no_fault); frees the mentor's slot in the same save."""
    mentorship = the_mentorship(command, changes)
    policies.end_mentorship(
        changes, mentorship, reason=command.reason, note=command.note, stamp=command.stamp
    )
    return mentorship.id
