"""Mentee enrolment (the portal for the employee themself, or an admin) and its state."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.mentees import MenteeEnrolment
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import NewCommandDep, PortalCaller, ServiceDep, StateReader
from gateways.entrypoints.http.models.enrolment import EnrolMentee, EnrolmentRecorded, MenteeView
from gateways.entrypoints.http.routers.common import (
    EmployeePath,
    api_router,
    check_acts_for,
    set_etag,
)

router = api_router("mentees")
MENTEE = "/programs/{program_id}/mentees/{employee_id}"


@router.post(MENTEE + "/enrol", status_code=201, summary="Enrol as a mentee")
def enrol(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
          context: NewCommandDep, body: EnrolMentee, service: ServiceDep) -> EnrolmentRecorded:
    """The employee joins the program's open round as a mentee."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return EnrolmentRecorded(
        enrolment_id=enrolment_id, program_id=program_id, employee_id=employee_id
    )


@router.get(MENTEE, summary="A mentee's enrolment")
def get_mentee(program_id: UUID, employee_id: EmployeePath, caller: StateReader,
               service: ServiceDep, response: Response) -> MenteeView:
    """The enrolment as it is now; the portal sees only its acting employee's."""
    if caller.role is Role.PORTAL:
        check_acts_for(caller, employee_id)
    enrolment = service.load(MenteeEnrolment, MenteeEnrolment.create_id(program_id, employee_id))
    set_etag(response, enrolment.version)
    return mentee_view(enrolment)


def mentee_view(enrolment: MenteeEnrolment) -> MenteeView:
    """The response model of a mentee enrolment."""
    return MenteeView(
        enrolment_id=enrolment.id, version=enrolment.version, program_id=enrolment.program_id,
        employee_id=enrolment.employee_id, round_number=enrolment.round_number,
        topics=list(enrolment.topics), aim=enrolment.aim,
    )
