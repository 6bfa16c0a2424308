"""The dependencies of the routes, as Annotated aliases defined once.

Each role alias admits exactly the roles named; the role matrix test in tests/e2e pins them.
A dependency that does not block is ``async``: FastAPI runs a sync one in the thread pool, a
trip per request (tests/e2e/test_dependencies.py keeps the command routes free of them).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateways.entrypoints.http.auth.callers import Caller, require
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.idempotency.command import (
    CommandContext,
    command_context,
    creation_context,
)
from services.mentoring import MentoringService

admin_only = require(Role.ADMIN)
portal_or_admin = require(Role.PORTAL, Role.ADMIN)
hris_or_admin = require(Role.HRIS, Role.ADMIN)
state_readers = require(Role.PORTAL, Role.ADMIN, Role.AUDITOR)
employee_readers = require(Role.HRIS, Role.ADMIN, Role.AUDITOR)
private_readers = require(Role.PORTAL, Role.ADMIN)
program_readers = require(Role.PORTAL, Role.ADMIN, Role.ANALYST, Role.AUDITOR)
person_level_readers = require(Role.PORTAL, Role.ADMIN, Role.AUDITOR)
"""Reads naming people (rosters, a program's sponsor, stories of a pair): never analysts, who
see only figures about groups of at least 5 people (docs/security.md)."""


async def mentoring_service(request: Request) -> MentoringService:
    """The application the composition root built."""
    service: MentoringService = request.app.state.service
    return service


AdminCaller = Annotated[Caller, Depends(admin_only)]
PortalCaller = Annotated[Caller, Depends(portal_or_admin)]
HrisCaller = Annotated[Caller, Depends(hris_or_admin)]
StateReader = Annotated[Caller, Depends(state_readers)]
EmployeeReader = Annotated[Caller, Depends(employee_readers)]
PrivateReader = Annotated[Caller, Depends(private_readers)]
ProgramReader = Annotated[Caller, Depends(program_readers)]
PersonLevelReader = Annotated[Caller, Depends(person_level_readers)]
CommandDep = Annotated[CommandContext, Depends(command_context)]
"""A command on an existing aggregate: Idempotency-Key and If-Match."""
NewCommandDep = Annotated[CommandContext, Depends(creation_context)]
"""A command whose service checks no version: Idempotency-Key only; If-Match is refused."""
ServiceDep = Annotated[MentoringService, Depends(mentoring_service)]
