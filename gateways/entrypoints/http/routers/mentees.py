"""Mentee enrolment (the portal for the employee themself, or an admin) and its state."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.mentees import MenteeEnrolment
from gateways.entrypoints.http.deps import PortalCaller, ServiceDep, StateReader
from gateways.entrypoints.http.models import enrolment as models
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply, the_employee_in_path
from gateways.entrypoints.http.routers.common import (
    EmployeePath,
    api_router,
    check_reads_for,
    current,
)

router = api_router("mentees")
MENTEE = "/programs/{program_id}/mentees/{employee_id}"

CommandRoutes(router, MENTEE, actor=the_employee_in_path).post(
    "/enrol", models.EnrolMentee, PortalCaller, name="enrol", status_code=201,
    reply=Reply(models.EnrolmentRecorded, "enrolment_id"), summary="Enrol as a mentee",
    description="The employee joins the program's open round as a mentee.",
)


@router.get(MENTEE, summary="A mentee's enrolment")
def get_mentee(program_id: UUID, employee_id: EmployeePath, caller: StateReader,
               service: ServiceDep, response: Response) -> models.MenteeView:
    """The enrolment as it is now; the portal sees only its acting employee's."""
    check_reads_for(caller, employee_id)
    enrolment_id = MenteeEnrolment.create_id(program_id, employee_id)
    return current(response, models.MenteeView, service.load(MenteeEnrolment, enrolment_id))
