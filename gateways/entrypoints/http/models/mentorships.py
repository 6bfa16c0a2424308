"""A mentorship's life: kickoff, goals, sessions, memos, surveys, the end; its state."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from domain.vocabulary import EndReason, SessionMode
from gateways.entrypoints.http.models.common import (
    CommandBody,
    LongText,
    Name,
    SortedNames,
    StateView,
    Text,
    Topics,
)
from services import mentorships

__all__ = ["EndReason", "SessionMode"]  # re-exported: the HTTP API speaks the domain's words

Score = Field(ge=1, le=5)


class OnlyWords:
    """Accept only some words of one vocabulary (a ``StrEnum``): the value is that word's
    member, the schema lists just those words, and any other input is refused as an ``enum``
    error naming them (as pydantic words it for a whole enum).

    Annotate ``str`` with it, not the enum: FastAPI lists every enum a field is annotated with
    in the OpenAPI components, and that entry would name all the vocabulary's words.
    """

    def __init__(self, *words: StrEnum) -> None:
        self.vocabulary = type(words[0])
        self.words = [word.value for word in words]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """The words as literals, then the vocabulary's member."""
        quoted = [repr(word) for word in self.words]
        expected = " or ".join(filter(None, [", ".join(quoted[:-1]), quoted[-1]]))
        return core_schema.custom_error_schema(
            core_schema.no_info_after_validator_function(
                self.vocabulary, core_schema.literal_schema(self.words)
            ),
            custom_error_type="enum",
            custom_error_context={"expected": expected},
        )


ParticipantEndReason = Annotated[
    str,
    OnlyWords(EndReason.COMPLETED, EndReason.NO_FAULT),
    Field(description="why it ends (a participant leaving is recorded by the HRIS feed)"),
]
"""An ``EndReason`` a participant may give: completed or no_fault."""


class AnswerKickoff(CommandBody, command=mentorships.AnswerKickoff):
    """The acting participant's kickoff answers (private to the pair and admins)."""

    goals: Text
    communication: Text
    off_limits: Text
    confidentiality: Text


class SetGoal(CommandBody, command=mentorships.SetGoal):
    """The pair sets a goal."""

    goal_id: Name
    description: Text


class AchieveGoal(CommandBody, command=mentorships.AchieveGoal):
    """The pair achieved the goal named in the path."""


class HoldSession(CommandBody, command=mentorships.HoldSession):
    """The pair met on the effective date."""

    duration_minutes: int = Field(ge=1, le=1440)
    mode: SessionMode
    topics: Topics = Field(default_factory=list)


class FileMemo(CommandBody, command=mentorships.FileMemo):
    """The mentee notes the skills learned (the text is private to the pair and admins)."""

    skills: Topics = Field(min_length=1)
    text: LongText


class AnswerSurvey(CommandBody, command=mentorships.AnswerSurvey):
    """The acting participant's survey scores, 1-5."""

    confidence: int = Score
    commitment: int = Score
    org_understanding: int = Score
    networking: int = Score
    pairing_fit: int = Score


class EndMentorship(CommandBody, command=mentorships.EndMentorship):
    """End the mentorship."""

    reason: ParticipantEndReason
    note: Text = ""


class MentorshipRecorded(BaseModel):
    """The mentorship the command changed."""

    mentorship_id: UUID


class MentorshipView(StateView):
    """A mentorship's state, without anything private."""

    mentorship_id: UUID = Field(validation_alias="id")
    version: int
    program_id: UUID
    mentee_id: str
    mentor_id: str
    topic: str
    started_on: date
    kickoff_answered_by: SortedNames
    goals: dict[str, bool]
    sessions_held: int
    memos_filed: int
    is_active: bool
    ended_reason: str | None


class KickoffAnswers(StateView):
    """One participant's kickoff answers."""

    participant_id: str
    answered_on: date = Field(validation_alias="effective_date")
    goals: str
    communication: str
    off_limits: str
    confidentiality: str


class Memo(StateView):
    """A memo the mentee filed."""

    filed_on: date = Field(validation_alias="effective_date")
    skills: list[str]
    text: str


class PrivateRecord(BaseModel):
    """What only the pair and admins may read: kickoff answers and memo texts."""

    mentorship_id: UUID
    kickoff: list[KickoffAnswers]
    memos: list[Memo]
