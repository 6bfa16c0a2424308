"""Programs and rounds (admins), and the program's state (every reader)."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.programs import Program
from gateways.entrypoints.http.deps import AdminCaller, PersonLevelReader, ServiceDep
from gateways.entrypoints.http.models import programs as models
from gateways.entrypoints.http.models.common import Recorded
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply
from gateways.entrypoints.http.routers.common import api_router, current

router = api_router("programs")
program = CommandRoutes(router, reply=Reply(Recorded, "id"))

program.post(
    "/programs", models.LaunchProgram, AdminCaller, name="launch_program", status_code=201,
    reply=Reply(models.ProgramLaunched, "program_id", location="/programs/{program_id}"),
    summary="Launch a program", description="Launch a program; its rounds open separately.",
)
program.post(
    "/programs/{program_id}/rounds", models.OpenRound, AdminCaller, name="open_round",
    status_code=201, reply=Reply(models.RoundOpened, "round_number"),
    summary="Open the next round",
    description="Open the next round; If-Match guards against a stale program version.",
)
program.post(
    "/programs/{program_id}/rounds/current/close", models.CloseRound, AdminCaller,
    name="close_round", summary="Close the open round",
    description="Close the open round: no enrolments or requests until the next one opens.",
)
program.post(
    "/programs/{program_id}/close", models.CloseProgram, AdminCaller, name="close_program",
    summary="Close the program", description="Close the program for good.",
)
program.put(
    "/programs/{program_id}/rules", models.ChangeConflictRules, AdminCaller,
    name="change_conflict_rules", summary="Change the program's conflict rules",
    description="Set the conflict-of-interest rules; If-Match guards against a stale program "
    "version.",
)

program.put(
    "/programs/{program_id}/nominators", models.SetNominatorLevel, AdminCaller,
    name="set_nominator_level", summary="Set who may nominate mentors",
    description="Besides the sponsor and admins: employees at or above a job level, or (null, "
    "the default) the managers in the nominee's reporting line. If-Match guards against a "
    "stale program version.",
)


@router.get("/programs/{program_id}", summary="A program's current state")
def get_program(
    program_id: UUID, caller: PersonLevelReader, service: ServiceDep, response: Response
) -> models.ProgramView:
    """The program as it is now; the ETag is its version."""
    return current(response, models.ProgramView, service.load(Program, program_id))
