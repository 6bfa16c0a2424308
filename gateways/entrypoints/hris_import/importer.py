"""One import: read the snapshot, compare it with the event log, plan the messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gateways.entrypoints.hris_import.diff import ImportPlan, plan_import
from gateways.entrypoints.hris_import.known import known_employees
from gateways.entrypoints.hris_import.mapping import ColumnMapping
from gateways.entrypoints.hris_import.rows import Snapshot, read_snapshot
from services.mentoring import MentoringService


@dataclass(frozen=True)
class Planned:
    """The snapshot as read, and what it takes to bring the system to it."""

    snapshot: Snapshot
    plan: ImportPlan
    known: int


def plan_snapshot(
    service: MentoringService, text: str, mapping: ColumnMapping, as_of: dt.date
) -> Planned:
    """Parse the snapshot's text and diff it with every employee the service knows."""
    snapshot = read_snapshot(text, mapping)
    known = known_employees(service)
    unreadable = {p.employee_id for p in snapshot.problems if p.employee_id}
    return Planned(snapshot, plan_import(known, snapshot.rows, as_of, unreadable), len(known))
