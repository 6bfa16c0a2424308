"""Employees, as the HRIS reports them: hired, promoted, transferred, manager changed, rehired,
left. The HRIS event id is the command id, so a repeated message has no second effect.

Leaving runs the leaving policy in the same save: the leaver's open requests are withdrawn
(or, where they were the addressed mentor, declined and forwarded) and their mentorships end
with reason ``participant_left``. The HRIS knows no aggregate versions, so no command here
takes an expected version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.employees import Employee
from domain.errors import AlreadyExists
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from domain.vocabulary import EndReason, ExitReason
from services.changes import Changes
from services.command import Command, handles
from services.policies import MENTOR_LEFT, end_mentorship, forward_request

MENTEE_LEFT = "mentee left the company"


@dataclass(frozen=True, kw_only=True)
class HireEmployee(Command[UUID]):
    """The HRIS hired the employee on the stamp's date; returns the employee's aggregate id."""

    hris_id: str
    department: str
    job_level: int
    manager_id: str | None
    location: str
    demographic_group: str | None = None


@dataclass(frozen=True, kw_only=True)
class PromoteEmployee(Command[UUID]):
    """The HRIS promoted the employee to a higher job level."""

    hris_id: str
    new_job_level: int


@dataclass(frozen=True, kw_only=True)
class TransferEmployee(Command[UUID]):
    """The HRIS moved the employee to another department."""

    hris_id: str
    new_department: str


@dataclass(frozen=True, kw_only=True)
class ChangeManager(Command[UUID]):
    """The HRIS changed the employee's manager (None: no manager)."""

    hris_id: str
    new_manager_id: str | None


@dataclass(frozen=True, kw_only=True)
class RehireEmployee(Command[UUID]):
    """The HRIS rehired a former employee."""

    hris_id: str
    department: str
    job_level: int
    manager_id: str | None
    location: str


@dataclass(frozen=True, kw_only=True)
class RecordLeaving(Command[UUID]):
    """The HRIS reports a leaver; everything they take part in closes in the same save."""

    hris_id: str
    reason: ExitReason


def change_employee(changes: Changes, hris_id: str, change: Callable[[Employee], None]) -> UUID:
    """Apply ``change`` to the employee with this HRIS id; returns the employee's id."""
    employee = changes.employee(hris_id)
    change(employee)
    return employee.id


@handles(HireEmployee)
def hire_employee(command: HireEmployee, changes: Changes) -> UUID:
    if changes.exists(Employee.create_id(command.hris_id)):
        raise AlreadyExists(f"employee {command.hris_id} exists already")
    employee = Employee.hire(
        hris_id=command.hris_id,
        department=command.department,
        job_level=command.job_level,
        manager_id=command.manager_id,
        location=command.location,
        demographic_group=command.demographic_group,
        stamp=command.stamp,
    )
    return changes.add(employee).id


@handles(PromoteEmployee)
def promote_employee(command: PromoteEmployee, changes: Changes) -> UUID:
    return change_employee(
        changes,
        command.hris_id,
        lambda e: e.promote(new_job_level=command.new_job_level, stamp=command.stamp),
    )


@handles(TransferEmployee)
def transfer_employee(command: TransferEmployee, changes: Changes) -> UUID:
    return change_employee(
        changes,
        command.hris_id,
        lambda e: e.transfer(new_department=command.new_department, stamp=command.stamp),
    )


@handles(ChangeManager)
def change_manager(command: ChangeManager, changes: Changes) -> UUID:
    return change_employee(
        changes,
        command.hris_id,
        lambda e: e.change_manager(new_manager_id=command.new_manager_id, stamp=command.stamp),
    )


@handles(RehireEmployee)
def rehire_employee(command: RehireEmployee, changes: Changes) -> UUID:
    return change_employee(
        changes,
        command.hris_id,
        lambda e: e.rehire(
            department=command.department,
            job_level=command.job_level,
            manager_id=command.manager_id,
            location=command.location,
            stamp=command.stamp,
        ),
    )


@handles(RecordLeaving)
def record_leaving(command: RecordLeaving, changes: Changes) -> UUID:
    hris_id, stamp = command.hris_id, command.stamp
    employee = changes.employee(hris_id)
    employee.leave(reason=command.reason, stamp=stamp)
    for request_id in sorted(employee.open_request_ids):
        close_request_of_leaver(changes, changes.get(MentorshipRequest, request_id), command)
    for mentorship_id in sorted(employee.mentorships):
        mentorship = changes.get(Mentorship, mentorship_id)
        # A leave the HRIS reports late may predate the mentorship's start.
        end_mentorship(
            changes,
            mentorship,
            reason=EndReason.PARTICIPANT_LEFT,
            note=f"{hris_id} left the company",
            stamp=stamp.on(max(stamp.effective_date, mentorship.started_on)),
        )
    return employee.id


def close_request_of_leaver(
    changes: Changes, request: MentorshipRequest, command: RecordLeaving
) -> None:
    """The leaver's mentee request is withdrawn; a request addressed to them goes on."""
    hris_id, stamp = command.hris_id, command.stamp
    if request.mentee_id == hris_id:
        request.withdraw(mentee_id=hris_id, reason=MENTEE_LEFT, stamp=stamp)
        for person in (hris_id, request.mentor_id):
            changes.employee(person).close_request(request_id=request.id, stamp=stamp)
    else:
        request.decline(mentor_id=hris_id, reason=MENTOR_LEFT, stamp=stamp)
        forward_request(changes, request, stamp.effective_date)
