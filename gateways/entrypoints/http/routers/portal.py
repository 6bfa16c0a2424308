"""Current-state reads for the portal: a person's mentorships, a mentor's open requests, a roster.

The portal reads only for the employee it acts for; admins and auditors for anyone.
"""

from __future__ import annotations

from uuid import UUID

from domain.mentorships import Mentorship
from domain.programs import Program
from domain.requests import PENDING, MentorshipRequest
from gateways.entrypoints.http import reads
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import ProgramReader, ServiceDep, StateReader
from gateways.entrypoints.http.models.portal import (
    OpenRequests,
    PersonMentorships,
    Roster,
    RosterMentee,
    RosterMentor,
)
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, check_acts_for
from gateways.entrypoints.http.routers.mentorship_reads import mentorship_view
from gateways.entrypoints.http.routers.requests import request_view

router = api_router("portal reads")


@router.get("/employees/{employee_id}/mentorships", summary="A person's active mentorships")
def person_mentorships(employee_id: EmployeePath, caller: StateReader,
                       service: ServiceDep) -> PersonMentorships:
    """The employee's active mentorships, as mentee or as mentor."""
    if caller.role is Role.PORTAL:
        check_acts_for(caller, employee_id)
    employee = service.employee(employee_id)
    return PersonMentorships(
        employee_id=employee_id,
        mentorships=[
            mentorship_view(service.load(Mentorship, mentorship_id))
            for mentorship_id in sorted(employee.mentorships, key=str)
        ],
    )


@router.get("/employees/{employee_id}/open-requests", summary="A mentor's open requests")
def open_requests(employee_id: EmployeePath, caller: StateReader,
                  service: ServiceDep) -> OpenRequests:
    """Pending requests addressed to the employee as a mentor, oldest deadline first."""
    if caller.role is Role.PORTAL:
        check_acts_for(caller, employee_id)
    employee = service.employee(employee_id)
    pending = [service.load(MentorshipRequest, id_) for id_ in employee.open_request_ids]
    addressed = [r for r in pending if r.status == PENDING and r.mentor_id == employee_id]
    addressed.sort(key=lambda r: (r.respond_by, str(r.id)))
    return OpenRequests(mentor_id=employee_id, requests=[request_view(r) for r in addressed])


@router.get("/programs/{program_id}/roster", summary="A program's roster")
def roster(program_id: UUID, caller: ProgramReader, service: ServiceDep) -> Roster:
    """Every mentor (with status and free slots) and mentee enrolled in the program."""
    service.load(Program, program_id)
    mentors, mentees = reads.roster(service, program_id)
    return Roster(
        program_id=program_id,
        mentors=[
            RosterMentor(
                employee_id=m.employee_id, round_number=m.round_number, status=m.status,
                topics=list(m.topics), capacity=m.capacity, free_slots=m.free_slots,
                trained=m.trained,
            )
            for m in sorted(mentors, key=lambda m: m.employee_id)
        ],
        mentees=[
            RosterMentee(
                employee_id=m.employee_id, round_number=m.round_number, topics=list(m.topics)
            )
            for m in sorted(mentees, key=lambda m: m.employee_id)
        ],
    )
