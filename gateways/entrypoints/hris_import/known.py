"""What the system knows of the workforce: every employee's current state, from the event log.

The write side is the source (no projector needed): the ``Employee.Hired`` events name every
employee ever hired, and each is loaded through the service.
"""

from __future__ import annotations

from domain.base import same_named
from domain.employees import Employee
from gateways.entrypoints.hris_import.diff import KnownEmployee
from gateways.recorded_facts import recorded
from services.mentoring import MentoringService


def known_employees(service: MentoringService) -> dict[str, KnownEmployee]:
    """Every employee the event log knows, by HRIS id, as they are now."""
    known: dict[str, KnownEmployee] = {}
    for hired in recorded(service, Employee.Hired):
        employee = service.load(Employee, hired.originator_id)
        known[employee.hris_id] = known_state(employee)
    return known


def known_state(employee: Employee) -> KnownEmployee:
    """The facts the snapshot is compared with."""
    return same_named(
        KnownEmployee, employee, last_rating=getattr(employee, "last_rating", None)
    )
