"""Employees, as the HRIS reports them: hired, promoted, transferred, manager changed, rehired,
left, rated. The HRIS event id is the command id, so a repeated message has no second effect.

Leaving runs the leaving policy in the same save: the leaver's open requests are withdrawn
(or, where they were the addressed mentor, declined and forwarded) and their mentorships end
with reason ``participant_left``. The HRIS knows no aggregate versions, so no command here
takes an expected version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict
from uuid import UUID

from domain.employees import Employee
from domain.errors import AlreadyExists
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from domain.vocabulary import EndReason, ExitReason
from services.changes import Changes
from services.command import Command, command, handles
from services.policies import MENTOR_LEFT, end_mentorship, forward_request

MENTEE_LEFT = "mentee left the company"


class Placement(TypedDict):
    """Where the HRIS places an employee, as the employee's methods take it."""

    department: str
    job_level: int
    manager_id: str | None
    location: str


@command
class PlacementFields:
    """The fields of a hire or rehire: the employee, their department, level, manager, location."""

    hris_id: str
    department: str
    job_level: int
    manager_id: str | None
    location: str

    @property
    def placement(self) -> Placement:
        """Where the command places the employee."""
        return Placement(
            department=self.department,
            job_level=self.job_level,
            manager_id=self.manager_id,
            location=self.location,
        )


@command
class HireEmployee(PlacementFields, Command[UUID]):
    """The HRIS hired the employee on the stamp's date; returns the employee's aggregate id."""

    demographic_group: str | None = None


@command
class PromoteEmployee(Command[UUID]):
    """The HRIS promoted the employee to a higher job level."""

    hris_id: str
    new_job_level: int


@command
class TransferEmployee(Command[UUID]):
    """The HRIS moved the employee to another department."""

    hris_id: str
    new_department: str


@command
class ChangeManager(Command[UUID]):
    """The HRIS changed the employee's manager (None: no manager)."""

    hris_id: str
    new_manager_id: str | None


@command
class RehireEmployee(PlacementFields, Command[UUID]):
    """The HRIS rehired a former employee."""


@command
class RecordLeaving(Command[UUID]):
    """The HRIS reports a leaver; everything they take part in closes in the same save."""

    hris_id: str
    reason: ExitReason


@command
class RatePerformance(Command[UUID]):
    """The HRIS rated the employee's performance for a review cycle, on a given scale."""

    hris_id: str
    rating: float
    scale_min: float
    scale_max: float
    cycle: str


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
        **command.placement,
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
        lambda e: e.rehire(**command.placement, stamp=command.stamp),
    )


@handles(RatePerformance)
def rate_performance(command: RatePerformance, changes: Changes) -> UUID:
    return change_employee(
        changes,
        command.hris_id,
        lambda e: e.rate_performance(
            rating=command.rating,
            scale_min=command.scale_min,
            scale_max=command.scale_max,
            cycle=command.cycle,
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
