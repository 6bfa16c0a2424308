"""Employee: HRIS facts, their dates, and participation of leavers."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import Employee
from domain.errors import AlreadyEmployed, DatedBeforeHire, InvalidValue, NotEmployed
from domain.vocabulary import ExitReason, Role
from tests.unit.domain.support import DAY, HIRED, PROGRAM_ID, employee, given, new_events

HRIS = Stamp(HRIS_ACTOR, DAY)


def rehire(person: Employee, day: date) -> None:
    """Rehire ``person`` in IT, level 6, in Oslo, on ``day``."""
    person.rehire(
        department="IT", job_level=6, manager_id=None, location="Oslo", stamp=HRIS.on(day)
    )


def join(person: Employee, partner_id: str, day: date, mentorship_id: UUID | None = None) -> None:
    """``person`` starts a mentorship as the mentee of ``partner_id`` (who gives the command)."""
    person.join_mentorship(
        mentorship_id=mentorship_id or uuid4(),
        program_id=PROGRAM_ID,
        partner_id=partner_id,
        role=Role.MENTEE,
        stamp=Stamp(partner_id, day),
    )


def test_a_hire_records_the_hris_facts_and_the_hire_date() -> None:
    hired = employee("E1", manager_id="E0", job_level=3)
    [event] = hired.collect_events()
    assert isinstance(event, Employee.Hired)
    assert (event.hris_id, event.manager_id, event.job_level) == ("E1", "E0", 3)
    assert event.effective_date == HIRED and event.actor == "hris"


def test_the_hire_factory_records_the_hris_facts_on_the_stamp_date() -> None:
    hired = Employee.hire(
        hris_id="E1",
        department="Sales",
        job_level=3,
        manager_id="E0",
        location="Lyon",
        stamp=Stamp(HRIS_ACTOR, HIRED),
    )
    [event] = hired.collect_events()
    assert isinstance(event, Employee.Hired) and event.demographic_group is None
    assert hired.id == Employee.create_id("E1") and hired.hired_on == HIRED


def test_an_employee_id_is_derived_from_the_hris_id() -> None:
    assert employee("E1").id == employee("E1").id != employee("E2").id


def test_a_promotion_raises_the_job_level() -> None:
    person = given(employee("E1", job_level=3))
    person.promote(new_job_level=4, stamp=HRIS.on(DAY))
    assert new_events(person) == ["Promoted"] and person.job_level == 4


def test_a_promotion_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1", job_level=3))
    with pytest.raises(DatedBeforeHire):
        person.promote(new_job_level=4, stamp=HRIS.on(date(2019, 12, 31)))


def test_a_transfer_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(DatedBeforeHire):
        person.transfer(new_department="IT", stamp=HRIS.on(date(2019, 6, 1)))


def test_a_manager_change_is_recorded() -> None:
    person = given(employee("E1", manager_id="E0"))
    person.change_manager(new_manager_id="E7", stamp=HRIS.on(DAY))
    assert new_events(person) == ["ManagerChanged"] and person.manager_id == "E7"


def test_leaving_records_the_reason_and_the_date() -> None:
    person = given(employee("E1"))
    person.leave(reason=ExitReason.RETIREMENT, stamp=HRIS.on(DAY))
    assert new_events(person) == ["Left"]
    assert (person.left_on, person.leave_reason, person.is_employed) == (DAY, "retirement", False)


def test_leaving_with_an_unknown_reason_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue):
        person.leave(reason="bored", stamp=HRIS.on(DAY))


def test_a_promotion_after_leaving_is_refused() -> None:
    person = employee("E1", job_level=3)
    person.leave(reason="voluntary", stamp=HRIS.on(DAY))
    person = given(person)
    with pytest.raises(NotEmployed):
        person.promote(new_job_level=4, stamp=HRIS.on(date(2024, 4, 1)))


def test_a_rehire_makes_a_leaver_employed_again_from_the_new_date() -> None:
    person = employee("E1")
    person.leave(reason="voluntary", stamp=HRIS.on(DAY))
    person = given(person)
    rehire(person, date(2025, 1, 1))
    assert new_events(person) == ["Rehired"]
    assert person.is_employed and person.hired_on == date(2025, 1, 1)


def test_a_rehire_of_someone_still_employed_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(AlreadyEmployed):
        rehire(person, DAY)


def test_a_rehire_dated_before_leaving_is_refused() -> None:
    person = employee("E1")
    person.leave(reason="voluntary", stamp=HRIS.on(DAY))
    person = given(person)
    with pytest.raises(DatedBeforeHire):
        rehire(person, date(2024, 2, 1))


def test_a_leaver_cannot_join_a_mentorship() -> None:
    person = employee("E1")
    person.leave(reason="voluntary", stamp=HRIS.on(DAY))
    person = given(person)
    with pytest.raises(NotEmployed):
        join(person, "E2", date(2024, 4, 1))


def test_joining_a_mentorship_dated_before_the_hire_is_refused() -> None:
    person = given(employee("E1", hired_on=date(2024, 6, 1)))
    with pytest.raises(DatedBeforeHire):
        join(person, "E2", DAY)


def test_the_employee_remembers_open_requests_and_active_mentorships() -> None:
    person = employee("E1")
    request_id, mentorship_id = uuid4(), uuid4()
    person.open_request(request_id=request_id, stamp=Stamp("E1", DAY))
    join(person, "M1", DAY, mentorship_id)
    person = given(person)
    assert person.open_request_ids == {request_id}
    assert person.is_paired_with("M1", PROGRAM_ID)


def test_joining_a_mentorship_in_an_unknown_role_is_refused() -> None:
    person = given(employee("E1"))
    with pytest.raises(InvalidValue):
        person.join_mentorship(
            mentorship_id=uuid4(),
            program_id=PROGRAM_ID,
            partner_id="M1",
            role="sponsor",
            stamp=HRIS,
        )


def test_the_events_store_the_leave_reason_and_the_role_as_plain_strings() -> None:
    person = employee("E1")
    join(person, "M1", DAY)
    person.leave(reason=ExitReason.VOLUNTARY, stamp=HRIS)
    joined, left = person.collect_events()[1:]
    assert isinstance(joined, Employee.MentorshipJoined) and isinstance(left, Employee.Left)
    assert type(joined.role) is str and type(left.reason) is str


def test_closing_a_request_or_a_mentorship_that_is_not_open_records_nothing() -> None:
    person = given(employee("E1"))
    person.close_request(request_id=uuid4(), stamp=HRIS)
    person.leave_mentorship(mentorship_id=uuid4(), stamp=HRIS)
    assert new_events(person) == []
