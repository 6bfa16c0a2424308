"""Employee: HRIS facts, their dates, and participation of leavers."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.employees import Employee
from domain.errors import AlreadyEmployed, DatedBeforeHire, InvalidValue, NotEmployed
from tests.unit.domain.support import DAY, HIRED, PROGRAM_ID, employee, given, new_events


def test_a_hire_records_the_hris_facts_and_the_hire_date() -> None:
    hired = employee("E1", manager_id="E0", job_level=3)
    [event] = hired.collect_events()
    assert isinstance(event, Employee.Hired)
    assert (event.hris_id, event.manager_id, event.job_level) == ("E1", "E0", 3)
    assert event.effective_date == HIRED and event.actor == "hris"


def test_an_employee_id_is_derived_from_the_hris_id() -> None:
    assert employee("E1").id == employee("E1").id != employee("E2").id


def test_a_promotion_raises_the_job_level() -> None:
    person = given(employee("E1", job_level=3))
    person.promote(4, "hris", DAY)
    assert new_events(person) == ["Promoted"] and person.job_level == 4


def test_a_promotion_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1", job_level=3))
    with pytest.raises(DatedBeforeHire):
        person.promote(4, "hris", date(2019, 12, 31))


def test_a_transfer_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(DatedBeforeHire):
        person.transfer("IT", "hris", date(2019, 6, 1))


def test_a_manager_change_is_recorded() -> None:
    person = given(employee("E1", manager_id="E0"))
    person.change_manager("E7", "hris", DAY)
    assert new_events(person) == ["ManagerChanged"] and person.manager_id == "E7"


def test_leaving_records_the_reason_and_the_date() -> None:
    person = given(employee("E1"))
    person.leave("retirement", "hris", DAY)
    assert new_events(person) == ["Left"]
    assert (person.left_on, person.leave_reason, person.is_employed) == (DAY, "retirement", False)


def test_leaving_with_an_unknown_reason_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue):
        person.leave("bored", "hris", DAY)


def test_a_promotion_after_leaving_is_refused() -> None:
    person = employee("E1", job_level=3)
    person.leave("voluntary", "hris", DAY)
    person = given(person)
    with pytest.raises(NotEmployed):
        person.promote(4, "hris", date(2024, 4, 1))


def test_a_rehire_makes_a_leaver_employed_again_from_the_new_date() -> None:
    person = employee("E1")
    person.leave("voluntary", "hris", DAY)
    person = given(person)
    person.rehire("IT", 6, None, "Oslo", "hris", date(2025, 1, 1))
    assert new_events(person) == ["Rehired"]
    assert person.is_employed and person.hired_on == date(2025, 1, 1)


def test_a_rehire_of_someone_still_employed_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(AlreadyEmployed):
        person.rehire("IT", 6, None, "Oslo", "hris", DAY)


def test_a_rehire_dated_before_leaving_is_refused() -> None:
    person = employee("E1")
    person.leave("voluntary", "hris", DAY)
    person = given(person)
    with pytest.raises(DatedBeforeHire):
        person.rehire("IT", 6, None, "Oslo", "hris", date(2024, 2, 1))


def test_a_leaver_cannot_join_a_mentorship() -> None:
    person = employee("E1")
    person.leave("voluntary", "hris", DAY)
    person = given(person)
    with pytest.raises(NotEmployed):
        person.join_mentorship(uuid4(), PROGRAM_ID, "E2", "mentee", "E2", date(2024, 4, 1))


def test_joining_a_mentorship_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1", hired_on=date(2024, 6, 1)))
    with pytest.raises(DatedBeforeHire):
        person.join_mentorship(uuid4(), PROGRAM_ID, "E2", "mentee", "E2", DAY)


def test_the_employee_remembers_open_requests_and_active_mentorships() -> None:
    person = employee("E1")
    request_id, mentorship_id = uuid4(), uuid4()
    person.open_request(request_id, "E1", DAY)
    person.join_mentorship(mentorship_id, PROGRAM_ID, "M1", "mentee", "M1", DAY)
    person = given(person)
    assert person.open_request_ids == {request_id}
    assert person.is_paired_with("M1", PROGRAM_ID)
