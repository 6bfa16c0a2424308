"""A mentorship's life: kickoff, goals, sessions, memos, surveys, the end; its state."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from gateways.http.models.common import CommandBody, LongText, Name, Text, Topics

Score = Field(ge=1, le=5)


class SessionMode(StrEnum):
    """How the pair met."""

    IN_PERSON = "in_person"
    VIRTUAL = "virtual"


class EndReason(StrEnum):
    """Why a mentorship ends (a participant leaving is recorded by the HRIS feed)."""

    COMPLETED = "completed"
    NO_FAULT = "no_fault"


class AnswerKickoff(CommandBody):
    """The acting participant's kickoff answers (private to the pair and admins)."""

    goals: Text
    communication: Text
    off_limits: Text
    confidentiality: Text


class SetGoal(CommandBody):
    """The pair sets a goal."""

    goal_id: Name
    description: Text


class AchieveGoal(CommandBody):
    """The pair achieved the goal named in the path."""


class HoldSession(CommandBody):
    """The pair met on the effective date."""

    duration_minutes: int = Field(ge=1, le=1440)
    mode: SessionMode
    topics: Topics = Field(default_factory=list)


class FileMemo(CommandBody):
    """The mentee notes the skills learned (the text is private to the pair and admins)."""

    skills: Topics = Field(min_length=1)
    text: LongText


class AnswerSurvey(CommandBody):
    """The acting participant's survey scores, 1-5."""

    confidence: int = Score
    commitment: int = Score
    org_understanding: int = Score
    networking: int = Score
    pairing_fit: int = Score


class EndMentorship(CommandBody):
    """End the mentorship."""

    reason: EndReason
    note: Text = ""


class MentorshipRecorded(BaseModel):
    """The mentorship the command changed."""

    mentorship_id: UUID


class MentorshipView(BaseModel):
    """A mentorship's state, without anything private."""

    mentorship_id: UUID
    version: int
    program_id: UUID
    mentee_id: str
    mentor_id: str
    topic: str
    started_on: date
    kickoff_answered_by: list[str]
    goals: dict[str, bool]
    sessions_held: int
    memos_filed: int
    is_active: bool
    ended_reason: str | None


class KickoffAnswers(BaseModel):
    """One participant's kickoff answers."""

    participant_id: str
    answered_on: date
    goals: str
    communication: str
    off_limits: str
    confidentiality: str


class Memo(BaseModel):
    """A memo the mentee filed."""

    filed_on: date
    skills: list[str]
    text: str


class PrivateRecord(BaseModel):
    """What only the pair and admins may read: kickoff answers and memo texts."""

    mentorship_id: UUID
    kickoff: list[KickoffAnswers]
    memos: list[Memo]
