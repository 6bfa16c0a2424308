"""Employee events → employee_changes, from which history, spells and employees derive, and
performance ratings → performance_ratings.

The participation bookkeeping events (MentorshipJoined/Left, RequestOpened/Closed) duplicate
facts of the mentorship and request events and are ignored here.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.employees import ERASED, Employee
from projections.handlers.base import RowProjection, person


class EmployeeProjection(RowProjection):
    """HR facts (hire, promotion, transfer, manager change, exit, rehire) become change rows;
    each performance rating becomes a rating row."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    def _change(self, event: Any, tracking: Tracking, change: str, **values: Any) -> None:
        self.rows.insert(
            "employee_changes",
            notification_id=tracking.notification_id,
            employee_id=event.originator_id,
            change=change,
            effective_date=event.effective_date,
            **values,
        )
        self.rows.touch_employee(event.originator_id)

    @process_event.register
    def _hired(self, event: Employee.Hired, tracking: Tracking) -> None:
        group = None if event.demographic_group == ERASED else event.demographic_group
        self._change(
            event, tracking, "hired", hris_id=event.hris_id, department=event.department,
            level=event.job_level, manager_id=person(event.manager_id), location=event.location,
            demographic_group=group,
        )

    @process_event.register
    def _promoted(self, event: Employee.Promoted, tracking: Tracking) -> None:
        self._change(event, tracking, "promoted", level=event.new_job_level)

    @process_event.register
    def _transferred(self, event: Employee.Transferred, tracking: Tracking) -> None:
        self._change(event, tracking, "transferred", department=event.new_department)

    @process_event.register
    def _manager_changed(self, event: Employee.ManagerChanged, tracking: Tracking) -> None:
        self._change(event, tracking, "manager_changed", manager_id=person(event.new_manager_id))

    @process_event.register
    def _left(self, event: Employee.Left, tracking: Tracking) -> None:
        self._change(event, tracking, "left", exit_reason=event.reason)

    @process_event.register
    def _rehired(self, event: Employee.Rehired, tracking: Tracking) -> None:
        self._change(
            event, tracking, "rehired", department=event.department, level=event.job_level,
            manager_id=person(event.manager_id), location=event.location,
        )

    @process_event.register
    def _erased(self, event: Employee.PersonalDataErased, tracking: Tracking) -> None:
        """The person's demographic group leaves the read side (it holds none of their texts);
        a rebuild reads it as erased, so both ways end with NULL."""
        self.rows.statements.append((
            "UPDATE employee_changes SET demographic_group = NULL WHERE employee_id = ?",
            [event.originator_id],
        ))
        self.rows.touch_employee(event.originator_id)

    @process_event.register
    def _rated(self, event: Employee.PerformanceRated, tracking: Tracking) -> None:
        """One row per rating, on the scale it used (insert-only; the set-based route in
        projections.bulk_routes writes the same); the analysis picks the latest per window."""
        self.rows.insert(
            "performance_ratings", notification_id=tracking.notification_id,
            employee_id=event.originator_id, effective_date=event.effective_date,
            cycle=event.cycle, rating=event.rating, scale_min=event.scale_min,
            scale_max=event.scale_max,
        )
