"""The Program aggregate: a mentoring program, its rounds (cohorts) and its conflict rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

from domain.base import MentoringAggregate, Stamp, same_named
from domain.errors import (
    HiredTooEarlyForRound,
    InvalidValue,
    NotEligibleForRound,
    ProgramClosed,
    ProgramNotFound,
    RoundAlreadyOpen,
    RoundNotOpen,
)
from domain.matching import MatchingWeights
from domain.permissions import NotAllowedToNominate, acts_with_authority
from domain.vocabulary import Formality, ProgramType

V = TypeVar("V", bound=StrEnum)


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

    not_found = ProgramNotFound
    noun = "program"

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
        """A round (cohort) opened; empty ``departments`` means every department.

        ``hired_on_or_after`` and ``max_tenure_days`` (None: no limit) open it to newer hires
        only (as mentees). Version 2 added them (version 1 rounds had no such limit).
        """

        class_version = 2

        round_number: int
        round_name: str
        departments: tuple[str, ...]
        hired_on_or_after: date | None
        max_tenure_days: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 rounds were open to employees of any tenure."""
            state["hired_on_or_after"] = None
            state["max_tenure_days"] = None

        def apply(self, aggregate: Program) -> None:
            aggregate.open_round = self.round_number
            aggregate.open_round_since = self.effective_date
            aggregate.open_round_departments = tuple(self.departments)
            aggregate.open_round_hires = RoundHires(self.hired_on_or_after, self.max_tenure_days)
            aggregate.rounds_opened = self.round_number

    class RoundClosed(MentoringAggregate.Event):
        """The open round closed: no more enrolments or requests until the next opens."""

        round_number: int

        def apply(self, aggregate: Program) -> None:
            aggregate.open_round = None
            aggregate.open_round_since = None
            aggregate.open_round_departments = ()
            aggregate.open_round_hires = RoundHires()

    class Closed(MentoringAggregate.Event):
        """The program closed for good."""

        reason: str

        def apply(self, aggregate: Program) -> None:
            aggregate.is_closed = True
            aggregate.open_round = None

    class ConflictRulesChanged(MentoringAggregate.Event):
        """An admin changed which pairs the program refuses (from now on)."""

        reporting_line_levels: int
        forbid_same_manager: bool
        require_training: bool
        allow_junior_mentors: bool

        def apply(self, aggregate: Program) -> None:
            aggregate.rules = same_named(ConflictRules, self)

    class MatchingWeightsChanged(MentoringAggregate.Event):
        """An admin set how suggestions and cohort matching weigh each reason (from now on)."""

        topic: float
        free_capacity: float
        cross_department: float
        level_gap: float
        level_gap_target: int
        location: float
        past_decline: float

        def apply(self, aggregate: Program) -> None:
            aggregate.matching_weights = MatchingWeights.of(self)

    class NominatorLevelSet(MentoringAggregate.Event):
        """An admin set who may nominate mentors besides the sponsor: employees at or above
        ``nominator_level`` (None: the managers in the nominee's reporting line)."""

        nominator_level: int | None

        def apply(self, aggregate: Program) -> None:
            aggregate.nominator_level = self.nominator_level

    @classmethod
    def launch(
        cls,
        *,
        program_id: UUID,
        name: str,
        program_type: str,
        goal: str,
        formality: str,
        starts_on: date,
        ends_on: date | None,
        meeting_cadence: str,
        executive_sponsor_id: str,
        rules: ConflictRules,
        stamp: Stamp,
    ) -> Program:
        """Launch a program (with the id the command chose) after checking its settings."""
        kind = vocabulary_value(ProgramType, program_type, "program type")
        structure = vocabulary_value(Formality, formality, "formality")
        if ends_on is not None and ends_on < starts_on:
            raise InvalidValue(f"the program cannot end ({ends_on}) before it starts ({starts_on})")
        check_rules(rules)
        return cls._create(
            cls.Launched,
            id=program_id,
            name=name,
            program_type=kind.value,
            goal=goal,
            formality=structure.value,
            starts_on=starts_on,
            ends_on=ends_on,
            meeting_cadence=meeting_cadence,
            executive_sponsor_id=executive_sponsor_id,
            reporting_line_levels=rules.reporting_line_levels,
            forbid_same_manager=rules.forbid_same_manager,
            require_training=rules.require_training,
            **stamp.fields,
        )

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
            allow_junior_mentors=program_type == ProgramType.REVERSE,
        )
        self.open_round: int | None = None
        self.open_round_since: date | None = None
        self.open_round_departments: tuple[str, ...] = ()
        self.open_round_hires = RoundHires()
        self.rounds_opened = 0
        self.is_closed = False
        self.nominator_level: int | None = None
        self.matching_weights = MatchingWeights()

    def check_not_closed(self) -> None:
        """Refuse any change to a closed program."""
        if self.is_closed:
            raise ProgramClosed(f"program {self.name!r} is closed")

    def open_next_round(
        self,
        *,
        round_name: str,
        departments: tuple[str, ...],
        stamp: Stamp,
        hires: RoundHires | None = None,
    ) -> int:
        """Open the next round (cohort), for newer hires only if ``hires`` limits it; returns
        its number."""
        self.check_not_closed()
        hires = hires or RoundHires()
        hires.check()
        if self.open_round is not None:
            raise RoundAlreadyOpen(f"round {self.open_round} of {self.name!r} is still open")
        day = stamp.effective_date
        if day < self.starts_on or (self.ends_on and day > self.ends_on):
            raise InvalidValue(f"{day} is outside the program's timeline")
        number = self.rounds_opened + 1
        self.trigger_event(
            self.RoundOpened,
            round_number=number,
            round_name=round_name,
            departments=tuple(departments),
            hired_on_or_after=hires.hired_on_or_after,
            max_tenure_days=hires.max_tenure_days,
            **stamp.fields,
        )
        return number

    def close_round(self, *, stamp: Stamp) -> None:
        """Close the open round."""
        self.check_not_closed()
        if self.open_round is None:
            raise RoundNotOpen(f"no round of {self.name!r} is open")
        self.trigger_event(self.RoundClosed, round_number=self.open_round, **stamp.fields)

    def close(self, *, reason: str, stamp: Stamp) -> None:
        """Close the program for good (its open round closes with it)."""
        self.check_not_closed()
        self.trigger_event(self.Closed, reason=reason, **stamp.fields)

    def change_rules(self, *, rules: ConflictRules, stamp: Stamp) -> None:
        """Change the program's conflict rules; pairs already formed stay as they are."""
        self.check_not_closed()
        check_rules(rules)
        self.trigger_event(self.ConflictRulesChanged, **asdict(rules), **stamp.fields)

    def change_matching_weights(self, *, weights: MatchingWeights, stamp: Stamp) -> None:
        """Set how suggestions and cohort matching weigh each reason of a pair's score."""
        self.check_not_closed()
        self.trigger_event(self.MatchingWeightsChanged, **asdict(weights), **stamp.fields)

    def set_nominator_level(self, *, nominator_level: int | None, stamp: Stamp) -> None:
        """Let employees at or above ``nominator_level`` nominate (None: the nominee's managers)."""
        self.check_not_closed()
        if nominator_level is not None and nominator_level < 0:
            raise InvalidValue("nominator_level cannot be negative")
        self.trigger_event(self.NominatorLevelSet, nominator_level=nominator_level, **stamp.fields)

    def check_may_nominate(
        self, *, nominator_id: str, nominator_level: int | None, nominee_line: tuple[str, ...]
    ) -> None:
        """Refuse a nomination unless it comes from the sponsor, an admin, or those the program
        allows: employees at or above its nominator level when it sets one, else the managers in
        the nominee's reporting line (``nominee_line``, nearest first)."""
        if nominator_id == self.executive_sponsor_id or acts_with_authority(nominator_id):
            return
        if self.nominator_level is None:
            if nominator_id in nominee_line:
                return
            allowed = "the sponsor and the nominee's managers"
        else:
            if nominator_level is not None and nominator_level >= self.nominator_level:
                return
            allowed = f"the sponsor and employees at level {self.nominator_level} or above"
        raise NotAllowedToNominate(f"{nominator_id} may not nominate here: only {allowed} may")

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

    def check_round_admits_mentee(self, day: date, employee_id: str, hired_on: date) -> None:
        """Refuse (HiredTooEarlyForRound) a mentee the open round's hire limits exclude, by
        their latest hire (``hired_on``); call after ``check_round_open``."""
        self.open_round_hires.check_admits(
            day, hired_on, employee_id, f"round {self.open_round} of {self.name!r}"
        )


@dataclass(frozen=True)
class RoundHires:
    """Which hires a round admits as mentees: hired on or after a date, and/or at most so many
    days before the enrolment or request (None: no limit). The hire is the latest one, so a
    rehire counts from the rehire date."""

    hired_on_or_after: date | None = None
    max_tenure_days: int | None = None

    def check(self) -> None:
        """Refuse limits no round can have."""
        if self.max_tenure_days is not None and self.max_tenure_days < 0:
            raise InvalidValue("max_tenure_days cannot be negative")

    def check_admits(self, day: date, hired_on: date, who: str, round_name: str) -> None:
        """Refuse (HiredTooEarlyForRound) someone hired on ``hired_on`` joining on ``day``."""
        since = self.hired_on_or_after
        if since is not None and hired_on < since:
            raise HiredTooEarlyForRound(
                f"{round_name} is open to employees hired on or after {since};"
                f" {who} was hired on {hired_on}"
            )
        tenure = (day - hired_on).days
        if self.max_tenure_days is not None and tenure > self.max_tenure_days:
            raise HiredTooEarlyForRound(
                f"{round_name} is open to employees of at most {self.max_tenure_days} days'"
                f" tenure; {who} was hired on {hired_on} ({tenure} days before {day})"
            )


def check_rules(rules: ConflictRules) -> None:
    """Refuse conflict rules no program can have."""
    if rules.reporting_line_levels < 0:
        raise InvalidValue("reporting_line_levels cannot be negative")


def vocabulary_value(words: type[V], value: str, what: str) -> V:
    """``value`` as a member of ``words`` (InvalidValue, listing the allowed values, if not)."""
    try:
        return words(value)
    except ValueError:
        allowed = ", ".join(word.value for word in words)
        raise InvalidValue(f"{what} {value!r} is not one of {allowed}") from None
