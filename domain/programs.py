"""The Program aggregate: a mentoring program, its rounds (cohorts) and its conflict rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import event

from domain.base import MentoringAggregate
from domain.errors import (
    InvalidValue,
    NotEligibleForRound,
    ProgramClosed,
    RoundAlreadyOpen,
    RoundNotOpen,
)

PROGRAM_TYPES = ("new-hire", "high-potential", "diversity", "reverse", "just-in-time", "general")
FORMALITIES = ("informal", "structured", "formal")


@dataclass(frozen=True)
class ConflictRules:
    """Which pairs a program refuses, besides the rules that always hold.

    Always: no self-match, no pair already active, nobody who left, no mentor at capacity.
    ``reporting_line_levels`` = 0 turns the reporting-line rule off; 2 means manager and
    manager's manager (in either direction).
    """

    reporting_line_levels: int = 2
    forbid_same_manager: bool = False
    require_training: bool = True
    allow_junior_mentors: bool = False


class Program(MentoringAggregate):
    """A mentoring program with a type, a timeline, rounds and its conflict-of-interest rules."""

    class Launched(MentoringAggregate.Created):
        """The program was launched; ``ends_on`` None means open-ended.

        Version 2 added ``require_training`` (version 1 programs always required it).
        """

        class_version = 2

        name: str
        program_type: str
        goal: str
        formality: str
        starts_on: date
        ends_on: date | None
        meeting_cadence: str
        executive_sponsor_id: str
        reporting_line_levels: int
        forbid_same_manager: bool
        require_training: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 had no ``require_training``: those programs required training."""
            state["require_training"] = True

    class RoundOpened(MentoringAggregate.Event):
        """A round (cohort) opened; empty ``departments`` means every department."""

        round_number: int
        round_name: str
        departments: tuple[str, ...]

    class RoundClosed(MentoringAggregate.Event):
        """The open round closed: no more enrolments or requests until the next opens."""

        round_number: int

    class Closed(MentoringAggregate.Event):
        """The program closed for good."""

        reason: str

    @classmethod
    def launch(
        cls,
        *,
        name: str,
        program_type: str,
        goal: str,
        formality: str,
        starts_on: date,
        ends_on: date | None,
        meeting_cadence: str,
        executive_sponsor_id: str,
        rules: ConflictRules,
        actor: str,
        effective_date: date,
    ) -> Program:
        """Launch a program after checking its settings."""
        if program_type not in PROGRAM_TYPES:
            raise InvalidValue(f"program type {program_type!r} is not one of {PROGRAM_TYPES}")
        if formality not in FORMALITIES:
            raise InvalidValue(f"formality {formality!r} is not one of {FORMALITIES}")
        if ends_on is not None and ends_on < starts_on:
            raise InvalidValue(f"the program cannot end ({ends_on}) before it starts ({starts_on})")
        if rules.reporting_line_levels < 0:
            raise InvalidValue("reporting_line_levels cannot be negative")
        return cls(
            name=name,
            program_type=program_type,
            goal=goal,
            formality=formality,
            starts_on=starts_on,
            ends_on=ends_on,
            meeting_cadence=meeting_cadence,
            executive_sponsor_id=executive_sponsor_id,
            reporting_line_levels=rules.reporting_line_levels,
            forbid_same_manager=rules.forbid_same_manager,
            require_training=rules.require_training,
            actor=actor,
            effective_date=effective_date,
        )

    @event(Launched)
    def __init__(
        self,
        name: str,
        program_type: str,
        goal: str,
        formality: str,
        starts_on: date,
        ends_on: date | None,
        meeting_cadence: str,
        executive_sponsor_id: str,
        reporting_line_levels: int,
        forbid_same_manager: bool,
        require_training: bool,
        actor: str,
        effective_date: date,
    ) -> None:
        self.name = name
        self.program_type = program_type
        self.goal = goal
        self.formality = formality
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.meeting_cadence = meeting_cadence
        self.executive_sponsor_id = executive_sponsor_id
        self.rules = ConflictRules(
            reporting_line_levels=reporting_line_levels,
            forbid_same_manager=forbid_same_manager,
            require_training=require_training,
            allow_junior_mentors=program_type == "reverse",
        )
        self.open_round: int | None = None
        self.open_round_since: date | None = None
        self.open_round_departments: tuple[str, ...] = ()
        self.rounds_opened = 0
        self.is_closed = False

    def check_not_closed(self) -> None:
        """Refuse any change to a closed program."""
        if self.is_closed:
            raise ProgramClosed(f"program {self.name!r} is closed")

    def open_next_round(
        self, round_name: str, departments: tuple[str, ...], actor: str, effective_date: date
    ) -> int:
        """Open the next round (cohort); returns its number."""
        self.check_not_closed()
        if self.open_round is not None:
            raise RoundAlreadyOpen(f"round {self.open_round} of {self.name!r} is still open")
        if effective_date < self.starts_on or (self.ends_on and effective_date > self.ends_on):
            raise InvalidValue(f"{effective_date} is outside the program's timeline")
        number = self.rounds_opened + 1
        self._round_opened(number, round_name, tuple(departments), actor, effective_date)
        return number

    @event(RoundOpened)
    def _round_opened(
        self,
        round_number: int,
        round_name: str,
        departments: tuple[str, ...],
        actor: str,
        effective_date: date,
    ) -> None:
        self.open_round = round_number
        self.open_round_since = effective_date
        self.open_round_departments = tuple(departments)
        self.rounds_opened = round_number

    def close_round(self, actor: str, effective_date: date) -> None:
        """Close the open round."""
        self.check_not_closed()
        if self.open_round is None:
            raise RoundNotOpen(f"no round of {self.name!r} is open")
        self._round_closed(self.open_round, actor, effective_date)

    @event(RoundClosed)
    def _round_closed(self, round_number: int, actor: str, effective_date: date) -> None:
        self.open_round = None
        self.open_round_since = None
        self.open_round_departments = ()

    def close(self, reason: str, actor: str, effective_date: date) -> None:
        """Close the program for good (its open round closes with it)."""
        self.check_not_closed()
        self._closed(reason, actor, effective_date)

    @event(Closed)
    def _closed(self, reason: str, actor: str, effective_date: date) -> None:
        self.is_closed = True
        self.open_round = None

    def check_round_open(self, day: date, department: str | None = None) -> int:
        """The number of the round open on ``day`` (for ``department``), or RoundNotOpen."""
        self.check_not_closed()
        if self.open_round is None or self.open_round_since is None:
            raise RoundNotOpen(f"no round of {self.name!r} is open")
        if day < self.open_round_since:
            raise RoundNotOpen(
                f"round {self.open_round} of {self.name!r} opened on {self.open_round_since},"
                f" after {day}"
            )
        departments = self.open_round_departments
        if department is not None and departments and department not in departments:
            raise NotEligibleForRound(
                f"round {self.open_round} of {self.name!r} is open to {', '.join(departments)}"
                f" only, not {department}"
            )
        return self.open_round
