"""Programs and rounds (admins), and the program's state (every reader)."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.programs import Program
from gateways.entrypoints.http.deps import (
    AdminCaller,
    CommandDep,
    NewCommandDep,
    ProgramReader,
    ServiceDep,
)
from gateways.entrypoints.http.models.common import Recorded
from gateways.entrypoints.http.models.programs import (
    ChangeConflictRules,
    CloseProgram,
    CloseRound,
    ConflictRulesView,
    LaunchProgram,
    OpenRound,
    ProgramLaunched,
    ProgramView,
    RoundOpened,
)
from gateways.entrypoints.http.routers.common import api_router, set_etag

router = api_router("programs")


@router.post("/programs", status_code=201, summary="Launch a program")
def launch_program(
    caller: AdminCaller, context: NewCommandDep, body: LaunchProgram, service: ServiceDep,
    response: Response,
) -> ProgramLaunched:
    """Launch a program; its rounds open separately."""
    program_id = service.handle(body.to_command(context))
    response.headers["Location"] = f"/programs/{program_id}"
    return ProgramLaunched(program_id=program_id)


@router.post("/programs/{program_id}/rounds", status_code=201, summary="Open the next round")
def open_round(
    program_id: UUID, caller: AdminCaller, context: CommandDep, body: OpenRound,
    service: ServiceDep,
) -> RoundOpened:
    """Open the next round; If-Match guards against a stale program version."""
    number = service.handle(body.to_command(context, program_id=program_id))
    return RoundOpened(program_id=program_id, round_number=number)


@router.post("/programs/{program_id}/rounds/current/close", summary="Close the open round")
def close_round(
    program_id: UUID, caller: AdminCaller, context: CommandDep, body: CloseRound,
    service: ServiceDep,
) -> Recorded:
    """Close the open round: no enrolments or requests until the next one opens."""
    changed = service.handle(body.to_command(context, program_id=program_id))
    return Recorded(id=str(changed))


@router.post("/programs/{program_id}/close", summary="Close the program")
def close_program(
    program_id: UUID, caller: AdminCaller, context: CommandDep, body: CloseProgram,
    service: ServiceDep,
) -> Recorded:
    """Close the program for good."""
    changed = service.handle(body.to_command(context, program_id=program_id))
    return Recorded(id=str(changed))


@router.put("/programs/{program_id}/rules", summary="Change the program's conflict rules")
def change_conflict_rules(
    program_id: UUID, caller: AdminCaller, context: CommandDep, body: ChangeConflictRules,
    service: ServiceDep,
) -> Recorded:
    """Set the conflict-of-interest rules; If-Match guards against a stale program version."""
    changed = service.handle(body.to_command(context, program_id=program_id))
    return Recorded(id=str(changed))


@router.get("/programs/{program_id}", summary="A program's current state")
def get_program(
    program_id: UUID, caller: ProgramReader, service: ServiceDep, response: Response
) -> ProgramView:
    """The program as it is now; the ETag is its version."""
    program = service.load(Program, program_id)
    set_etag(response, program.version)
    return program_view(program)


def program_view(program: Program) -> ProgramView:
    """The response model of a program aggregate."""
    rules = program.rules
    return ProgramView(
        program_id=program.id, version=program.version, name=program.name,
        program_type=program.program_type, goal=program.goal, formality=program.formality,
        starts_on=program.starts_on, ends_on=program.ends_on,
        meeting_cadence=program.meeting_cadence,
        executive_sponsor_id=program.executive_sponsor_id,
        rules=ConflictRulesView(
            reporting_line_levels=rules.reporting_line_levels,
            forbid_same_manager=rules.forbid_same_manager,
            require_training=rules.require_training,
            allow_junior_mentors=rules.allow_junior_mentors,
        ),
        open_round=program.open_round, open_round_since=program.open_round_since,
        open_round_departments=list(program.open_round_departments),
        rounds_opened=program.rounds_opened, is_closed=program.is_closed,
    )
