"""Applying planned messages through the ingestion's path: applied once, refusals reported."""

from __future__ import annotations

import datetime as dt

from gateways.entrypoints.hris.outcomes import APPLIED
from gateways.entrypoints.hris_import.delivery import ALREADY_APPLIED, REJECTED, apply_here
from gateways.entrypoints.hris_import.importer import plan_snapshot
from gateways.entrypoints.hris_import.mapping import DEFAULT_MAPPING
from services.mentoring import MentoringService

HEADER = "employee_id,hire_date,department,job_level,location,manager_id\n"
AS_OF = dt.date(2025, 6, 30)


def in_memory() -> MentoringService:
    return MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_planned_messages_are_applied_once_and_a_refusal_is_reported_not_raised() -> None:
    service = in_memory()
    first = HEADER + "E1,2024-01-15,Sales,3,Leeds,\nE2,2024-01-15,Sales,3,Leeds,E1\n"
    planned = plan_snapshot(service, first, DEFAULT_MAPPING, AS_OF)
    assert apply_here(service, planned.plan.messages).outcomes == {APPLIED: 2}

    # E1 made their own manager: the domain refuses; E2's promotion still goes through.
    second = HEADER + "E1,2024-01-15,Sales,3,Leeds,E1\nE2,2024-01-15,Sales,4,Leeds,E1\n"
    planned = plan_snapshot(service, second, DEFAULT_MAPPING, AS_OF)
    delivered = apply_here(service, planned.plan.messages)
    assert delivered.outcomes == {APPLIED: 1, REJECTED: 1}
    (refusal,) = delivered.refusals
    assert refusal.message.employee_id == "E1"
    assert "cannot be their own manager" in refusal.describe()
    assert service.employee("E2").job_level == 4

    again = apply_here(service, planned.plan.messages)
    assert again.outcomes == {ALREADY_APPLIED: 1, REJECTED: 1}
