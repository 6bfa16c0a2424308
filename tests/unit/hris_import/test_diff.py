"""The diff's rules for people whose state and snapshot row disagree in ways the contract lacks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateways.entrypoints.hris_import.diff import (
    INCONSISTENT,
    MISSING,
    KnownEmployee,
    plan_import,
)
from gateways.entrypoints.hris_import.rows import SnapshotRow

AS_OF = dt.date(2025, 6, 30)
HIRED = dt.date(2020, 1, 1)


def row(**changes: Any) -> SnapshotRow:
    fields: dict[str, Any] = dict(line=2, employee_id="E1", hire_date=HIRED, department="Sales",
                                  job_level=3, manager_id="E9", location="Leeds")
    return SnapshotRow(**{**fields, **changes})


def known(**changes: Any) -> dict[str, KnownEmployee]:
    fields: dict[str, Any] = dict(hris_id="E1", hired_on=HIRED, left_on=None, department="Sales",
                                  job_level=3, manager_id="E9", location="Leeds")
    return {"E1": KnownEmployee(**{**fields, **changes})}


def test_someone_employed_missing_from_the_snapshot_is_reported_not_taken_as_a_leaver() -> None:
    plan = plan_import(known(), [], AS_OF)
    assert plan.messages == ()
    assert [(n.employee_id, n.kind) for n in plan.notices] == [("E1", MISSING)]


def test_someone_who_left_and_is_missing_from_the_snapshot_is_not_reported() -> None:
    assert plan_import(known(left_on=dt.date(2024, 1, 1)), [], AS_OF).notices == ()


def test_a_leaver_shown_employed_without_a_later_hire_date_is_reported() -> None:
    plan = plan_import(known(left_on=dt.date(2024, 1, 1)), [row()], AS_OF)
    assert plan.messages == () and plan.notices[0].kind == INCONSISTENT
    assert plan.notices[0].line == 2


def test_a_later_hire_date_for_someone_employed_sends_nothing_and_is_reported() -> None:
    plan = plan_import(known(), [row(hire_date=dt.date(2024, 1, 1), job_level=5)], AS_OF)
    assert plan.messages == () and plan.notices[0].kind == INCONSISTENT


def test_an_old_termination_before_the_current_hire_is_not_a_leaving() -> None:
    newcomer = row(hire_date=dt.date(2024, 1, 1), termination_date=dt.date(2019, 1, 1),
                   termination_reason="voluntary")
    plan = plan_import({}, [newcomer], AS_OF)
    assert [m.type for m in plan.messages] == ["hired"]


def test_changes_that_would_precede_the_recorded_hire_are_not_sent() -> None:
    plan = plan_import(known(hired_on=dt.date(2025, 7, 1)),
                       [row(hire_date=dt.date(2025, 7, 1), department="Legal")], AS_OF)
    assert plan.messages == () and plan.notices[0].kind == INCONSISTENT


def test_a_leaver_recorded_with_the_same_termination_needs_nothing() -> None:
    leaver = row(termination_date=dt.date(2024, 1, 1), termination_reason="voluntary")
    assert plan_import(known(left_on=dt.date(2024, 1, 1)), [leaver], AS_OF) == plan_import(
        {}, [], AS_OF
    )
