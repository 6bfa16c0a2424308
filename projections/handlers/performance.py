"""Performance ratings → performance_ratings (one row per rating, on the scale it used)."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.employees import Employee
from projections.handlers.base import RowProjection

TABLE = "performance_ratings"
"""Insert-only (projections.schema.TABLES); the set-based route (bulk_routes) writes the same."""


class PerformanceProjection(RowProjection):
    """Each rating the HRIS records becomes a row; the analysis picks the latest per window."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Other events add no rows here."""

    @process_event.register
    def _rated(self, event: Employee.PerformanceRated, tracking: Tracking) -> None:
        self.rows.insert(
            TABLE, notification_id=tracking.notification_id, employee_id=event.originator_id,
            effective_date=event.effective_date, cycle=event.cycle, rating=event.rating,
            scale_min=event.scale_min, scale_max=event.scale_max,
        )
