"""Programs: launch, open and close rounds, close the program."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from datetime import date
from uuid import UUID, uuid4

from domain.programs import ConflictRules, Program, RoundHires
from domain.vocabulary import Formality, ProgramType
from services.changes import Changes
from services.command import Change, Command, command, handles


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


@handles(LaunchProgram)
def launch_program(command: LaunchProgram, changes: Changes) -> UUID:
    program = Program.launch(
        program_id=command.program_id,
        name=command.name,
        program_type=command.program_type,
        goal=command.goal,
        formality=command.formality,
        starts_on=command.starts_on,
        ends_on=command.ends_on,
        meeting_cadence=command.meeting_cadence,
        executive_sponsor_id=command.executive_sponsor_id,
        rules=ConflictRules(
            reporting_line_levels=command.reporting_line_levels,
            forbid_same_manager=command.forbid_same_manager,
            require_training=command.require_training,
        ),
        stamp=command.stamp,
    )
    return changes.add(program).id


@handles(OpenRound)
def open_round(command: OpenRound, changes: Changes) -> int:
    program = changes.get(Program, command.program_id, command.expected_version)
    return program.open_next_round(
        round_name=command.round_name,
        departments=tuple(command.departments),
        hires=RoundHires(command.hired_on_or_after, command.max_tenure_days),
        stamp=command.stamp,
    )


@handles(CloseRound)
def close_round(command: CloseRound, changes: Changes) -> UUID:
    return _change_program(
        changes, command, lambda program: program.close_round(stamp=command.stamp)
    )


@handles(CloseProgram)
def close_program(command: CloseProgram, changes: Changes) -> UUID:
    return _change_program(
        changes, command, lambda program: program.close(reason=command.reason, stamp=command.stamp)
    )


@handles(ChangeConflictRules)
def change_conflict_rules(command: ChangeConflictRules, changes: Changes) -> UUID:
    rules = ConflictRules(
        reporting_line_levels=command.reporting_line_levels,
        forbid_same_manager=command.forbid_same_manager,
        require_training=command.require_training,
        allow_junior_mentors=command.allow_junior_mentors,
    )
    return _change_program(
        changes, command, lambda program: program.change_rules(rules=rules, stamp=command.stamp)
    )


def _change_program(
    changes: Changes,
    command: CloseRound | CloseProgram | ChangeConflictRules,
    change: Callable[[Program], None],
) -> UUID:
    """Change the command's program (at the version the command expects); its id."""
    return changes.change(Program, command.program_id, command.expected_version, change)
