"""Mentorships: assigned by admins or started by an accepted request; kickoff, goals, sessions,
memos, surveys, and the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from uuid import UUID, uuid4

from domain.mentorships import Mentorship
from domain.programs import Program
from domain.vocabulary import EndReason, SessionMode
from services import policies
from services.changes import Changes
from services.command import Change, Command, command, handles
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


_MentorshipChange = AnswerKickoff | SetGoal | AchieveGoal | HoldSession | FileMemo | AnswerSurvey


@handles(AssignPair)
def assign_pair(command: AssignPair, changes: Changes) -> UUID:
    stamp = command.stamp
    program = changes.get(Program, command.program_id)
    mentee = changes.employee(command.mentee_id)
    mentor = changes.employee(command.mentor_id)
    mentee.check_employed_on(stamp.effective_date)
    program.check_round_open(stamp.effective_date, mentee.department)
    check_pair_allowed(changes, program, mentee, mentor, stamp.effective_date)
    mentorship = Mentorship.assign(
        mentorship_id=command.mentorship_id,
        mentee_id=mentee.hris_id,
        mentor_id=mentor.hris_id,
        program_id=program.id,
        topic=command.topic,
        stamp=stamp,
    )
    policies.start_mentorship(changes, program, mentorship, mentee, mentor, stamp=stamp)
    return mentorship.id


def change_mentorship(
    changes: Changes, command: _MentorshipChange, change: Callable[[Mentorship], None]
) -> UUID:
    """Change the command's mentorship (at the version a ``Change`` expects); its id."""
    expected_version = command.expected_version if isinstance(command, Change) else None
    return changes.change(Mentorship, command.mentorship_id, expected_version, change)


@handles(AnswerKickoff)
def answer_kickoff(command: AnswerKickoff, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.answer_kickoff(
            participant_id=command.actor,
            goals=command.goals,
            communication=command.communication,
            off_limits=command.off_limits,
            confidentiality=command.confidentiality,
            stamp=command.stamp,
        ),
    )


@handles(SetGoal)
def set_goal(command: SetGoal, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.set_goal(
            goal_id=command.goal_id, description=command.description, stamp=command.stamp
        ),
    )


@handles(AchieveGoal)
def achieve_goal(command: AchieveGoal, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.achieve_goal(goal_id=command.goal_id, stamp=command.stamp),
    )


@handles(HoldSession)
def hold_session(command: HoldSession, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.hold_session(
            duration_minutes=command.duration_minutes,
            mode=command.mode,
            topics=tuple(command.topics),
            stamp=command.stamp,
        ),
    )


@handles(FileMemo)
def file_memo(command: FileMemo, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.file_memo(
            skills=tuple(command.skills), text=command.text, stamp=command.stamp
        ),
    )


@handles(AnswerSurvey)
def answer_survey(command: AnswerSurvey, changes: Changes) -> UUID:
    return change_mentorship(
        changes,
        command,
        lambda mentorship: mentorship.answer_survey(
            confidence=command.confidence,
            commitment=command.commitment,
            org_understanding=command.org_understanding,
            networking=command.networking,
            pairing_fit=command.pairing_fit,
            stamp=command.stamp,
        ),
    )


@handles(EndMentorship)
def end_mentorship(command: EndMentorship, changes: Changes) -> UUID:
    """End the mentorship (completed / no_fault); frees the mentor's slot in the same save."""
    mentorship = changes.get(Mentorship, command.mentorship_id, command.expected_version)
    policies.end_mentorship(
        changes, mentorship, reason=command.reason, note=command.note, stamp=command.stamp
    )
    return mentorship.id
