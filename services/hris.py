"""HRIS feed: hires, promotions, transfers, manager changes, leavers and rehires.

The upstream ``event_id`` is the command id, so a duplicate upstream event has no second effect.
Leaving runs the leaving policy in the same save: the leaver's open requests are withdrawn
(or, where they were the addressed mentor, declined and forwarded) and their mentorships end
with reason ``participant_left``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.base import HRIS_ACTOR
from domain.employees import Employee
from domain.errors import AlreadyExists, MentorshipNotFound, RequestNotFound
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from services.changes import Changes
from services.core import Decision, ServiceCore
from services.policies import MENTOR_LEFT, end_mentorship, forward_request


class HrisCommands(ServiceCore):
    """The commands the HRIS feed sends; each returns the employee's aggregate id.

    They take no expected version: the upstream feed knows no aggregate versions, and its
    ``event_id`` already makes redelivery harmless.
    """

    def hire_employee(
        self,
        *,
        event_id: str,
        hris_id: str,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        hired_on: date,
        demographic_group: str | None = None,
    ) -> UUID:
        """Record a hire (use ``rehire_employee`` for a former employee)."""

        def decide() -> Decision:
            if self._exists(Employee.create_id(hris_id)):
                raise AlreadyExists(f"employee {hris_id} exists already")
            employee = Employee(
                hris_id=hris_id,
                department=department,
                job_level=job_level,
                manager_id=manager_id,
                location=location,
                demographic_group=demographic_group,
                actor=HRIS_ACTOR,
                effective_date=hired_on,
            )
            return str(employee.id), [employee]

        return self._handle_id("hire_employee", event_id, HRIS_ACTOR, hired_on, decide)

    def promote_employee(
        self,
        *,
        event_id: str,
        hris_id: str,
        new_job_level: int,
        effective_date: date,
    ) -> UUID:
        """Record a promotion."""
        return self._change_employee(
            "promote_employee",
            event_id,
            hris_id,
            effective_date,
            lambda e: e.promote(new_job_level, HRIS_ACTOR, effective_date),
        )

    def transfer_employee(
        self,
        *,
        event_id: str,
        hris_id: str,
        new_department: str,
        effective_date: date,
    ) -> UUID:
        """Record a move to another department."""
        return self._change_employee(
            "transfer_employee",
            event_id,
            hris_id,
            effective_date,
            lambda e: e.transfer(new_department, HRIS_ACTOR, effective_date),
        )

    def change_manager(
        self,
        *,
        event_id: str,
        hris_id: str,
        new_manager_id: str | None,
        effective_date: date,
    ) -> UUID:
        """Record a new manager."""
        return self._change_employee(
            "change_manager",
            event_id,
            hris_id,
            effective_date,
            lambda e: e.change_manager(new_manager_id, HRIS_ACTOR, effective_date),
        )

    def rehire_employee(
        self,
        *,
        event_id: str,
        hris_id: str,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        effective_date: date,
    ) -> UUID:
        """Record that a former employee was hired again."""
        return self._change_employee(
            "rehire_employee",
            event_id,
            hris_id,
            effective_date,
            lambda e: e.rehire(
                department, job_level, manager_id, location, HRIS_ACTOR, effective_date
            ),
        )

    def record_leaving(
        self, *, event_id: str, hris_id: str, reason: str, effective_date: date
    ) -> UUID:
        """Record a leaver and, in the same save, close everything they take part in."""

        def decide() -> Decision:
            changes = Changes(self)
            employee = changes.employee(hris_id)
            employee.leave(reason, HRIS_ACTOR, effective_date)
            for request_id in sorted(employee.open_request_ids):
                request = changes.get(
                    MentorshipRequest, request_id, RequestNotFound, f"request {request_id}"
                )
                if request.mentee_id == hris_id:
                    request.withdraw(hris_id, "mentee left the company", HRIS_ACTOR, effective_date)
                    for person in (hris_id, request.mentor_id):
                        changes.employee(person).close_request(
                            request.id, HRIS_ACTOR, effective_date
                        )
                else:
                    request.decline(hris_id, MENTOR_LEFT, HRIS_ACTOR, effective_date)
                    forward_request(changes, request, effective_date)
            for mentorship_id in sorted(employee.mentorships):
                mentorship = changes.get(
                    Mentorship, mentorship_id, MentorshipNotFound, f"mentorship {mentorship_id}"
                )
                # A leave the HRIS reports late may predate the mentorship's start.
                end_mentorship(
                    changes,
                    mentorship,
                    "participant_left",
                    f"{hris_id} left the company",
                    HRIS_ACTOR,
                    max(effective_date, mentorship.started_on),
                )
            return str(employee.id), changes.all()

        return self._handle_id("record_leaving", event_id, HRIS_ACTOR, effective_date, decide)

    def _change_employee(
        self,
        command_name: str,
        event_id: str,
        hris_id: str,
        effective_date: date,
        change: Callable[[Employee], None],
    ) -> UUID:
        def decide() -> Decision:
            employee = self._employee(hris_id)
            change(employee)
            return str(employee.id), [employee]

        return self._handle_id(command_name, event_id, HRIS_ACTOR, effective_date, decide)

    def get_employee(self, hris_id: str) -> Employee:
        """The employee aggregate (EmployeeNotFound if never hired)."""
        return self._employee(hris_id)
