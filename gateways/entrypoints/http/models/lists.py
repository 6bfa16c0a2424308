"""The portal's lists, read from the read side: one page of items and the cursor of the next.

Every list answers `items`, `next` (the cursor of the following page, null on the last one)
and `position` (the last event of the log the read side had projected when it answered).
"""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, Field

T = TypeVar("T")


class ListPage(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next: str | None = Field(description="pass as `cursor` for the next page; null: no more")
    position: int = Field(description="the log position the read side answered at")


class RoundItem(BaseModel):
    round_no: int
    round_name: str | None
    departments: list[str] | None
    opened_on: date | None
    closed_on: date | None = None
    hired_on_or_after: date | None = Field(
        default=None, description="mentees hired (latest hire) on or after; null: no limit"
    )
    max_tenure_days: int | None = Field(
        default=None, description="mentees hired at most this many days before; null: no limit"
    )


class ProgramItem(BaseModel):
    program_id: UUID
    name: str | None
    program_type: str | None
    formality: str | None
    starts_on: date | None
    ends_on: date | None
    meeting_cadence: str | None
    launched_on: date | None
    closed_on: date | None
    open_rounds: list[RoundItem]


class RequestItem(BaseModel):
    """A request as the employee sees it: sent (role mentee) or received (role mentor).

    For a mentor, `status`, `asked_on`, `respond_by` and `decided_on` are their own answer's;
    the other mentors the mentee ranked are never shown."""

    request_id: UUID
    role: str
    program_id: UUID | None
    round_no: int | None
    mentee_id: str | None
    mentor_id: str | None
    topic: str | None
    made_on: date
    asked_on: date | None
    respond_by: date | None
    status: str
    decided_on: date | None
    mentorship_id: UUID | None


class MentorshipItem(BaseModel):
    mentorship_id: UUID
    program_id: UUID | None
    round_no: int | None
    role: str
    mentee_id: str | None
    mentor_id: str | None
    origin: str | None
    topic: str | None
    started_on: date
    ended_on: date | None
    end_reason: str | None
    status: str
    sessions_held: int


class PersonMentorships(ListPage[MentorshipItem]):
    """An employee's mentorships; `mentorships` repeats `items` (the earlier name)."""

    employee_id: str
    mentorships: list[MentorshipItem]


class SessionItem(BaseModel):
    session_no: int = Field(description="the session's position in the log")
    held_on: date
    duration_minutes: int | None
    mode: str | None
    topics: list[str] | None


class GoalItem(BaseModel):
    goal_id: str
    set_on: date | None
    achieved_on: date | None
    achieved: bool


class SurveyItem(BaseModel):
    survey_no: int = Field(description="the answer's position in the log")
    respondent_id: str | None
    answered_on: date
    confidence: int | None
    commitment: int | None
    org_understanding: int | None
    networking: int | None
    pairing_fit: int | None


class StoryItem(BaseModel):
    story_id: UUID
    program_id: UUID | None
    mentorship_id: UUID | None
    recorded_on: date
    title: str | None
    people: int | None


class StoryRead(StoryItem):
    """One success story (its title, never its text), and the log position it was read at."""

    position: int


class MentorItem(BaseModel):
    enrolment_id: UUID
    employee_id: str | None
    round_no: int | None
    route: str | None
    status: str | None
    topics: list[str]
    capacity: int
    hours_per_month: int
    trained: bool
    free_slots: int
    department: str | None
    location: str | None
