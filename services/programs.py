"""Programs: launch, open and close rounds, close the program."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from uuid import UUID, uuid4

from domain.base import same_named
from domain.programs import ConflictRules, Program, RoundHires
from domain.vocabulary import Formality, ProgramType
from services.changes import Changes
from services.command import Change, Command, arguments, command, found_by, handles, handles_call


@command
class LaunchProgram(Command[UUID]):
    """An admin launches a program with its conflict-of-interest rules; returns its id."""

    name: str
    program_type: ProgramType
    goal: str
    formality: Formality
    starts_on: date
    ends_on: date | None
    meeting_cadence: str
    executive_sponsor_id: str
    reporting_line_levels: int = 2
    forbid_same_manager: bool = False
    require_training: bool = True
    program_id: UUID = field(default_factory=uuid4)


@command
class OpenRound(Change[int]):
    """Open the program's next round (cohort); no departments means every department.

    ``hired_on_or_after`` and ``max_tenure_days`` (None: no limit) open it to newer hires only:
    mentees must have been (latest) hired on or after that date, at most that many days before
    they enrol or ask. Returns the round's number.
    """

    program_id: UUID
    round_name: str
    departments: tuple[str, ...] = ()
    hired_on_or_after: date | None = None
    max_tenure_days: int | None = None

    def decode_result(self, text: str) -> int:
        return int(text)


@command
class CloseRound(Change[UUID]):
    """Close the program's open round; returns the program id."""

    program_id: UUID


@command
class CloseProgram(Change[UUID]):
    """Close the program for good, saying why; returns the program id."""

    program_id: UUID
    reason: str


@command
class ChangeConflictRules(Change[UUID]):
    """An admin changes which pairs the program refuses; returns the program id."""

    program_id: UUID
    reporting_line_levels: int
    forbid_same_manager: bool
    require_training: bool
    allow_junior_mentors: bool


_RULES = ("reporting_line_levels", "forbid_same_manager", "require_training")


@handles(LaunchProgram)
def launch_program(command: LaunchProgram, changes: Changes) -> UUID:
    rules = ConflictRules(**{name: getattr(command, name) for name in _RULES})
    program = Program.launch(**arguments(command, but=_RULES), rules=rules)
    return changes.add(program).id


the_program = found_by(Program, "program_id")


@handles(OpenRound)
def open_round(command: OpenRound, changes: Changes) -> int:
    return the_program(command, changes).open_next_round(
        round_name=command.round_name,
        departments=tuple(command.departments),
        hires=RoundHires(command.hired_on_or_after, command.max_tenure_days),
        stamp=command.stamp,
    )


handles_call(CloseRound, the_program, Program.close_round, but=("program_id",))
handles_call(CloseProgram, the_program, Program.close, but=("program_id",))


@handles(ChangeConflictRules)
def change_conflict_rules(command: ChangeConflictRules, changes: Changes) -> UUID:
    program = the_program(command, changes)
    program.change_rules(rules=same_named(ConflictRules, command), stamp=command.stamp)
    return program.id
