"""Programs and rounds: launching, opening and closing rounds, closing; the program's state."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from domain.vocabulary import Formality, ProgramType  # the body fields; importable from here
from gateways.entrypoints.http.models.common import BusinessDate, CommandBody, HrisId, Name, Text
from services import programs


class LaunchProgram(CommandBody):
    """Launch a program with its conflict-of-interest rules."""

    command = programs.LaunchProgram

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


class OpenRound(CommandBody):
    """Open the next round (cohort); no departments means every department."""

    command = programs.OpenRound

    round_name: Name
    departments: list[Name] = Field(default_factory=list, max_length=200)


class CloseRound(CommandBody):
    """Close the open round."""

    command = programs.CloseRound


class CloseProgram(CommandBody):
    """Close the program for good."""

    command = programs.CloseProgram

    reason: Text


class ChangeConflictRules(CommandBody):
    """Set which pairs the program refuses from now on (pairs already formed stay)."""

    command = programs.ChangeConflictRules

    reporting_line_levels: int = Field(ge=0, le=20, description="0 turns the rule off")
    forbid_same_manager: bool
    require_training: bool
    allow_junior_mentors: bool


class ProgramLaunched(BaseModel):
    """The id of the launched program."""

    program_id: UUID


class RoundOpened(BaseModel):
    """The number of the round that opened."""

    program_id: UUID
    round_number: int


class ConflictRulesView(BaseModel):
    """Which pairs the program refuses."""

    reporting_line_levels: int
    forbid_same_manager: bool
    require_training: bool
    allow_junior_mentors: bool


class ProgramView(BaseModel):
    """A program's current state."""

    program_id: UUID
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
    rounds_opened: int
    is_closed: bool
