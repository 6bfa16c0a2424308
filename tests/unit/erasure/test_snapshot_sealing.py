"""An employee's snapshot seals the demographic group under the person's key, as the hire does."""

from __future__ import annotations

from datetime import date

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import ERASED, Employee
from domain.snapshots import EmployeeSnapshot
from tests.unit.erasure.test_mapper import read_back, sealed_state

GROUP = "group-b"


def snapshot() -> EmployeeSnapshot:
    """E2's snapshot after their hire with a demographic group."""
    employee = Employee.hire(hris_id="E2", department="Sales", job_level=3, manager_id=None,
                             location="Lyon", demographic_group=GROUP,
                             stamp=Stamp(HRIS_ACTOR, date(2020, 1, 1)))
    return EmployeeSnapshot.take(employee)


def test_an_employee_snapshots_stored_state_holds_no_demographic_group() -> None:
    state = sealed_state(snapshot())
    assert GROUP.encode() not in state and b"Sales" in state


def test_an_employee_snapshot_reads_back_to_the_employee_with_their_group() -> None:
    event = read_back(snapshot())
    assert isinstance(event, EmployeeSnapshot)
    assert event.mutate(None).demographic_group == GROUP


def test_an_employee_snapshot_reads_as_erased_once_the_key_is_destroyed() -> None:
    event = read_back(snapshot(), erased="E2")
    assert isinstance(event, EmployeeSnapshot)
    assert event.mutate(None).demographic_group == ERASED
