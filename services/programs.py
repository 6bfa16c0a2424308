"""Programs: launch, open and close rounds, close the program."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.errors import ProgramNotFound
from domain.programs import ConflictRules, Program
from services.core import Decision, ServiceCore


class ProgramCommands(ServiceCore):
    """Commands of program administrators."""

    def launch_program(
        self,
        *,
        command_id: str | None,
        actor: str,
        effective_date: date,
        name: str,
        program_type: str,
        goal: str,
        formality: str,
        starts_on: date,
        ends_on: date | None,
        meeting_cadence: str,
        executive_sponsor_id: str,
        reporting_line_levels: int = 2,
        forbid_same_manager: bool = False,
        require_training: bool = True,
    ) -> UUID:
        """Launch a program with its conflict rules; returns the program id."""

        def decide() -> Decision:
            program = Program.launch(
                name=name,
                program_type=program_type,
                goal=goal,
                formality=formality,
                starts_on=starts_on,
                ends_on=ends_on,
                meeting_cadence=meeting_cadence,
                executive_sponsor_id=executive_sponsor_id,
                rules=ConflictRules(
                    reporting_line_levels=reporting_line_levels,
                    forbid_same_manager=forbid_same_manager,
                    require_training=require_training,
                ),
                actor=actor,
                effective_date=effective_date,
            )
            return str(program.id), [program]

        return self._handle_id("launch_program", command_id, actor, effective_date, decide)

    def open_round(
        self,
        *,
        command_id: str | None,
        actor: str,
        effective_date: date,
        program_id: UUID,
        round_name: str,
        departments: tuple[str, ...] = (),
        expected_version: int | None = None,
    ) -> int:
        """Open the next round (empty ``departments``: everyone); returns its number."""

        def decide() -> Decision:
            program = self.get_program(program_id)
            self._check_version(program, expected_version)
            number = program.open_next_round(round_name, tuple(departments), actor, effective_date)
            return str(number), [program]

        return int(self._handle("open_round", command_id, actor, effective_date, decide))

    def close_round(
        self,
        *,
        command_id: str | None,
        actor: str,
        effective_date: date,
        program_id: UUID,
        expected_version: int | None = None,
    ) -> UUID:
        """Close the open round; returns the program id."""

        def decide() -> Decision:
            program = self.get_program(program_id)
            self._check_version(program, expected_version)
            program.close_round(actor, effective_date)
            return str(program.id), [program]

        return self._handle_id("close_round", command_id, actor, effective_date, decide)

    def close_program(
        self,
        *,
        command_id: str | None,
        actor: str,
        effective_date: date,
        program_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> UUID:
        """Close the program for good; returns the program id."""

        def decide() -> Decision:
            program = self.get_program(program_id)
            self._check_version(program, expected_version)
            program.close(reason, actor, effective_date)
            return str(program.id), [program]

        return self._handle_id("close_program", command_id, actor, effective_date, decide)

    def get_program(self, program_id: UUID) -> Program:
        """The program aggregate (ProgramNotFound if unknown)."""
        return self._load(Program, program_id, ProgramNotFound, f"program {program_id}")
