"""Current-state reads for the portal: a mentor's open requests and a roster, from the read
side (never loading aggregates).

A person's mentorships are listed by `routers/lists.py` (from the read side).

The portal reads only for the employee it acts for; admins and auditors for anyone.
"""

from __future__ import annotations

from uuid import UUID

from domain.errors import EmployeeNotFound, ProgramNotFound
from gateways.entrypoints.http.deps import PersonLevelReader, StateReader
from gateways.entrypoints.http.models import portal as models
from gateways.entrypoints.http.models.requests import RequestView
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, check_reads_for
from gateways.entrypoints.http.routers.lists import ReadSideDep
from projections.portal import queries
from projections.portal.pages import MAX_LIMIT

router = api_router("portal reads")


@router.get("/employees/{employee_id}/open-requests", summary="A mentor's open requests")
def open_requests(employee_id: EmployeePath, caller: StateReader,
                  reads: ReadSideDep) -> models.OpenRequests:
    """Pending requests addressed to the employee as a mentor now, oldest deadline first, from
    the read side (a ranked mentor sees a request only once it is addressed to them)."""
    check_reads_for(caller, employee_id)
    with reads.cursor() as cursor:
        if not queries.employee_exists(cursor, employee_id):
            raise EmployeeNotFound(f"employee {employee_id} not found")
        addressed = queries.open_requests(cursor, employee_id)
    return models.OpenRequests(
        mentor_id=employee_id, requests=[RequestView.model_validate(r) for r in addressed]
    )


@router.get("/programs/{program_id}/roster", summary="A program's roster")
def roster(program_id: UUID, caller: PersonLevelReader, reads: ReadSideDep) -> models.Roster:
    """Every mentor (with status and free slots) and mentee enrolled in the program, from the
    read side (the mentor list of `GET /programs/{program_id}/mentors`, every page)."""
    with reads.cursor() as cursor:
        if not queries.program_exists(cursor, program_id):
            raise ProgramNotFound(f"program {program_id} not found")
        mentors, page_cursor = [], None
        while True:
            page = queries.mentors(
                cursor, program_id, topic=None, available=None, department=None,
                location=None, limit=MAX_LIMIT, cursor=page_cursor,
            )
            mentors.extend(page.items)
            if page.next is None:
                break
            page_cursor = page.next
        mentees = queries.mentees(cursor, program_id)
    return models.Roster(
        program_id=program_id,
        mentors=[models.RosterMentor(
            employee_id=m["employee_id"], round_number=m["round_no"] or 0, status=m["status"],
            topics=m["topics"], capacity=m["capacity"], free_slots=m["free_slots"],
            trained=m["trained"],
        ) for m in mentors],
        mentees=[models.RosterMentee(
            employee_id=m["employee_id"], round_number=m["round_no"] or 0, topics=m["topics"],
        ) for m in mentees],
    )
