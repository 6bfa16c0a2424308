"""What the system knows of the workforce: every employee's current state, from the event log.

The write side is the source (no projector needed): the ``Employee.Hired`` notifications name
every employee ever hired, and each is loaded through the service.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from domain.employees import Employee
from gateways.entrypoints.hris_import.diff import KnownEmployee
from services.mentoring import MentoringService

PAGE = 1000


def known_employees(service: MentoringService) -> dict[str, KnownEmployee]:
    """Every employee the event log knows, by HRIS id, as they are now."""
    topic = get_topic(Employee.Hired)
    known: dict[str, KnownEmployee] = {}
    start = 1
    while True:
        page = service.recorder.select_notifications(start, PAGE, topics=[topic])
        for notification in page:
            employee = service.load(Employee, UUID(str(notification.originator_id)))
            known[employee.hris_id] = known_state(employee)
        if len(page) < PAGE:
            return known
        start = page[-1].id + 1


def known_state(employee: Employee) -> KnownEmployee:
    """The facts the snapshot is compared with."""
    return KnownEmployee(
        hris_id=employee.hris_id,
        hired_on=employee.hired_on,
        left_on=employee.left_on,
        department=employee.department,
        job_level=employee.job_level,
        manager_id=employee.manager_id,
        location=employee.location,
        demographic_group=employee.demographic_group,
        last_rating=getattr(employee, "last_rating", None),
    )
