"""Two consecutive snapshots of a 1,000-person company, diffed without any I/O."""

from __future__ import annotations

from gateways.entrypoints.hris_import.diff import KnownEmployee, plan_import
from gateways.entrypoints.hris_import.mapping import DEFAULT_MAPPING
from gateways.entrypoints.hris_import.rows import ERROR, WARNING, read_snapshot
from tests.unit.hris_import.company import (
    as_expected,
    first_snapshot,
    fold,
    second_snapshot,
)


def imported_first() -> dict[str, KnownEmployee]:
    first = first_snapshot()
    known: dict[str, KnownEmployee] = {}
    fold(known, plan_import(known, read_snapshot(first.text, DEFAULT_MAPPING).rows,
                            first.as_of).messages)
    return known


def test_the_first_snapshot_into_an_empty_system_hires_everyone_and_records_the_leavers() -> None:
    first = first_snapshot()
    snapshot = read_snapshot(first.text, DEFAULT_MAPPING)
    plan = plan_import({}, snapshot.rows, first.as_of)
    assert snapshot.problems == () and plan.notices == ()
    assert as_expected(plan.messages) == first.messages
    assert len(plan.messages) == 1020


def test_the_next_snapshot_produces_exactly_the_expected_messages_of_every_kind() -> None:
    known, second = imported_first(), second_snapshot()
    snapshot = read_snapshot(second.text, DEFAULT_MAPPING)
    unreadable = {p.employee_id for p in snapshot.problems if p.employee_id}
    plan = plan_import(known, snapshot.rows, second.as_of, unreadable)

    assert as_expected(plan.messages) == second.messages
    kinds = {m.type for m in plan.messages}
    assert kinds == {
        "hired", "rehired", "left", "promoted", "transferred", "manager_changed",
        "performance_rated",
    }
    assert {n.employee_id: n.kind for n in plan.notices} == second.notices


def test_malformed_rows_are_reported_by_line_and_do_not_stop_the_good_ones() -> None:
    second = second_snapshot()
    snapshot = read_snapshot(second.text, DEFAULT_MAPPING)
    errors = {p.line: p.employee_id or "" for p in snapshot.problems if p.severity == ERROR}
    assert errors == second.bad_lines
    reasons = [p.reason for p in snapshot.problems if p.severity == ERROR]
    assert reasons[0].startswith("job_level:") and reasons[1].startswith("hire_date:")
    assert "termination_reason is required" in reasons[2]
    assert reasons[3].startswith("termination_reason:") and reasons[4].startswith("department:")
    assert reasons[5] == "has 4 fields, the header has 12"
    warnings = [p for p in snapshot.problems if p.severity == WARNING]
    assert [(w.employee_id, w.reason.split(":")[0]) for w in warnings] == [
        ("E0900", "performance_rating")
    ]
    assert len(snapshot.rows) == 1000 - 5 - 5 + 50


def test_the_same_snapshot_twice_adds_nothing() -> None:
    known, second = imported_first(), second_snapshot()
    rows = read_snapshot(second.text, DEFAULT_MAPPING).rows
    fold(known, plan_import(known, rows, second.as_of).messages)
    again = plan_import(known, rows, second.as_of)
    assert again.messages == ()

    first = first_snapshot()
    known_first = imported_first()
    rows_first = read_snapshot(first.text, DEFAULT_MAPPING).rows
    assert plan_import(known_first, rows_first, first.as_of).messages == ()


def test_event_ids_are_unique_and_the_same_when_the_same_change_is_planned_again() -> None:
    known, second = imported_first(), second_snapshot()
    rows = read_snapshot(second.text, DEFAULT_MAPPING).rows
    ids = [m.event_id for m in plan_import(known, rows, second.as_of).messages]
    assert ids == [m.event_id for m in plan_import(known, rows, second.as_of).messages]
    assert len(set(ids)) == len(ids) and all(len(i) <= 128 for i in ids)
    assert ids[0].startswith("snapshot:E0002:left:2025-05-31:")
