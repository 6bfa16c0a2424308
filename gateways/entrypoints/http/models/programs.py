"""Programs and rounds: launching, opening and closing rounds, closing; the program's state."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from domain.vocabulary import Formality, ProgramType  # the body fields; importable from here
from gateways.entrypoints.http.models.common import (
    BusinessDate,
    CommandBody,
    HrisId,
    Name,
    ReasonedBody,
    StateView,
    Text,
)
from services import enrolment, programs


class LaunchProgram(CommandBody, command=programs.LaunchProgram):
    """Launch a program with its conflict-of-interest rules."""

    name: Name
    program_type: ProgramType
    goal: Text
    formality: Formality
    starts_on: BusinessDate
    ends_on: BusinessDate | None = Field(default=None, description="None: open-ended")
    meeting_cadence: Name = Field(examples=["every two weeks"])
    executive_sponsor_id: HrisId
    reporting_line_levels: int = Field(default=2, ge=0, le=20)
    forbid_same_manager: bool = False
    require_training: bool = True


class OpenRound(CommandBody, command=programs.OpenRound):
    """Open the next round (cohort); no departments means every department."""

    round_name: Name
    departments: list[Name] = Field(default_factory=list, max_length=200)
    hired_on_or_after: BusinessDate | None = Field(
        default=None, description="Mentees must have been (latest) hired on or after this date"
    )
    max_tenure_days: int | None = Field(
        default=None, ge=0, le=36_500,
        description="Mentees must have been (latest) hired at most this many days before",
    )


class CloseRound(CommandBody, command=programs.CloseRound):
    """Close the open round."""


class CloseProgram(ReasonedBody, command=programs.CloseProgram):
    """Close the program for good."""


class ChangeConflictRules(CommandBody, command=programs.ChangeConflictRules):
    """Set which pairs the program refuses from now on (pairs already formed stay)."""

    reporting_line_levels: int = Field(ge=0, le=20, description="0 turns the rule off")
    forbid_same_manager: bool
    require_training: bool
    allow_junior_mentors: bool


class SetNominatorLevel(CommandBody, command=enrolment.SetNominatorLevel):
    """Who may nominate mentors besides the sponsor (and admins)."""

    nominator_level: int | None = Field(
        ge=1, le=30,
        description="employees at or above this job level; null: the managers in the nominee's "
        "reporting line",
    )


class ProgramLaunched(BaseModel):
    """The id of the launched program."""

    program_id: UUID


class RoundOpened(BaseModel):
    """The number of the round that opened."""

    program_id: UUID
    round_number: int


class ConflictRulesView(StateView):
    """Which pairs the program refuses."""

    reporting_line_levels: int
    forbid_same_manager: bool
    require_training: bool
    allow_junior_mentors: bool


class RoundHiresView(StateView):
    """Which hires a round admits as mentees (null: no limit)."""

    hired_on_or_after: date | None
    max_tenure_days: int | None


class ProgramView(StateView):
    """A program's current state."""

    program_id: UUID = Field(validation_alias="id")
    version: int
    name: str
    program_type: str
    goal: str
    formality: str
    starts_on: date
    ends_on: date | None
    meeting_cadence: str
    executive_sponsor_id: str
    rules: ConflictRulesView
    open_round: int | None
    open_round_since: date | None
    open_round_departments: list[str]
    open_round_hires: RoundHiresView = Field(
        description="the open round's limits on mentees' hire (null: no limit)"
    )
    rounds_opened: int
    is_closed: bool
    nominator_level: int | None = Field(
        default=None, description="who may nominate: at or above this level; null: managers"
    )
