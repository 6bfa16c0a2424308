"""Mentor enrolment: volunteering, nominations and their answers, training, profile, withdrawal.

The path names the mentor; the portal may act only for the employee in X-Acting-Employee,
except when nominating (the acting employee is the nominating executive).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.mentors import MentorEnrolment
from gateways.entrypoints.http.deps import (
    CommandDep,
    HrisCaller,
    NewCommandDep,
    PortalCaller,
    ServiceDep,
    StateReader,
)
from gateways.entrypoints.http.models.enrolment import (
    AcceptNomination,
    CompleteTraining,
    DeclineNomination,
    EnrolmentRecorded,
    MentorView,
    Nominate,
    UpdateMentorProfile,
    Volunteer,
    WithdrawMentor,
)
from gateways.entrypoints.http.routers.common import (
    EmployeePath,
    api_router,
    check_acts_for,
    set_etag,
)

router = api_router("mentors")
MENTOR = "/programs/{program_id}/mentors/{employee_id}"


def recorded(enrolment_id: UUID, program_id: UUID, employee_id: str) -> EnrolmentRecorded:
    """The response of every mentor command."""
    return EnrolmentRecorded(
        enrolment_id=enrolment_id, program_id=program_id, employee_id=employee_id
    )


@router.post(MENTOR + "/volunteer", status_code=201, summary="Volunteer as a mentor")
def volunteer(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
              context: NewCommandDep, body: Volunteer, service: ServiceDep) -> EnrolmentRecorded:
    """The employee opts in as a mentor in the program's open round."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.post(MENTOR + "/nomination", status_code=201, summary="Nominate a mentor")
def nominate(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
             context: NewCommandDep, body: Nominate, service: ServiceDep) -> EnrolmentRecorded:
    """The acting executive nominates the employee; the nominee answers later."""
    enrolment_id = service.handle(body.to_command(
        context, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.post(MENTOR + "/nomination/accept", summary="Accept a nomination")
def accept_nomination(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
                      context: CommandDep, body: AcceptNomination,
                      service: ServiceDep) -> EnrolmentRecorded:
    """The nominee accepts, stating topics, capacity and time."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.post(MENTOR + "/nomination/decline", summary="Decline a nomination")
def decline_nomination(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
                       context: CommandDep, body: DeclineNomination,
                       service: ServiceDep) -> EnrolmentRecorded:
    """The nominee declines, saying why."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.post(MENTOR + "/training", summary="Record completed mentor training")
def complete_training(program_id: UUID, employee_id: EmployeePath, caller: HrisCaller,
                      context: NewCommandDep, body: CompleteTraining,
                      service: ServiceDep) -> EnrolmentRecorded:
    """The learning system (via the HRIS role) or an admin records the training."""
    enrolment_id = service.handle(body.to_command(
        context, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.put(MENTOR + "/profile", summary="Update the mentor's offer")
def update_profile(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
                   context: CommandDep, body: UpdateMentorProfile,
                   service: ServiceDep) -> EnrolmentRecorded:
    """New topics, capacity or time; If-Match guards against a stale enrolment."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.post(MENTOR + "/withdraw", summary="Withdraw as a mentor")
def withdraw(program_id: UUID, employee_id: EmployeePath, caller: PortalCaller,
             context: CommandDep, body: WithdrawMentor, service: ServiceDep) -> EnrolmentRecorded:
    """The mentor stops taking new mentees; current mentorships go on."""
    check_acts_for(caller, employee_id)
    enrolment_id = service.handle(body.to_command(
        context, actor=employee_id, program_id=program_id, employee_id=employee_id
    ))
    return recorded(enrolment_id, program_id, employee_id)


@router.get(MENTOR, summary="A mentor's enrolment")
def get_mentor(program_id: UUID, employee_id: EmployeePath, caller: StateReader,
               service: ServiceDep, response: Response) -> MentorView:
    """The mentor's offer and status now; the ETag is the version."""
    enrolment = service.load(MentorEnrolment, MentorEnrolment.create_id(program_id, employee_id))
    set_etag(response, enrolment.version)
    return mentor_view(enrolment)


def mentor_view(enrolment: MentorEnrolment) -> MentorView:
    """The response model of a mentor enrolment."""
    return MentorView(
        enrolment_id=enrolment.id, version=enrolment.version, program_id=enrolment.program_id,
        employee_id=enrolment.employee_id, round_number=enrolment.round_number,
        status=enrolment.status, topics=list(enrolment.topics), capacity=enrolment.capacity,
        hours_per_month=enrolment.hours_per_month, trained=enrolment.trained,
        free_slots=enrolment.free_slots,
    )
