"""Employees, as the HRIS reports them: hired, promoted, transferred, manager changed, rehired,
left, rated. The HRIS event id is the command id, so a repeated message has no second effect.

Leaving runs the leaving policy in the same save: the leaver's open requests are withdrawn
(or, where they were the addressed mentor, declined and forwarded) and their mentorships end
with reason ``participant_left``. The HRIS knows no aggregate versions, so no command here
takes an expected version.
"""

from __future__ import annotations

from uuid import UUID

from domain.employees import Employee
from domain.errors import AlreadyExists
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from domain.vocabulary import EndReason, ExitReason
from services.changes import Changes
from services.command import Command, arguments, command, handles, handles_call
from services.policies import MENTOR_LEFT, end_mentorship, forward_request

MENTEE_LEFT = "mentee left the company"


@command
class PlacementFields:
    """The fields of a hire or rehire: the employee, their department, level, manager, location."""

    hris_id: str
    department: str
    job_level: int
    manager_id: str | None
    location: str


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


_EmployeeChange = (
    PromoteEmployee | TransferEmployee | ChangeManager | RehireEmployee | RatePerformance
)


def the_employee(command: _EmployeeChange, changes: Changes) -> Employee:
    """The employee the command's ``hris_id`` names."""
    return changes.employee(command.hris_id)


@handles(HireEmployee)
def hire_employee(command: HireEmployee, changes: Changes) -> UUID:
    if changes.exists(Employee.create_id(command.hris_id)):
        raise AlreadyExists(f"employee {command.hris_id} exists already")
    return changes.add(Employee.hire(**arguments(command))).id


# The other HRIS changes of an employee but leaving are one call of the employee's method.
handles_call(PromoteEmployee, the_employee, Employee.promote, but=("hris_id",))
handles_call(TransferEmployee, the_employee, Employee.transfer, but=("hris_id",))
handles_call(ChangeManager, the_employee, Employee.change_manager, but=("hris_id",))
handles_call(RehireEmployee, the_employee, Employee.rehire, but=("hris_id",))
handles_call(RatePerformance, the_employee, Employee.rate_performance, but=("hris_id",))


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
