"""Enrolment: mentors volunteer or are nominated, train, state their offer, withdraw;
mentees enrol."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.errors import AlreadyExists
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.programs import Program
from services.changes import Changes, check_version
from services.command import Change, Command, handles
from services.policies import mentor_enrolment


@dataclass(frozen=True, kw_only=True)
class VolunteerAsMentor(Command[UUID]):
    """The employee opts in as a mentor in the open round; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int


@dataclass(frozen=True, kw_only=True)
class NominateMentor(Command[UUID]):
    """An executive (the actor) nominates the employee as a mentor; returns the enrolment id."""

    program_id: UUID
    employee_id: str


@dataclass(frozen=True, kw_only=True)
class AcceptNomination(Change[UUID]):
    """The nominee accepts, stating topics, capacity and time; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int


@dataclass(frozen=True, kw_only=True)
class DeclineNomination(Change[UUID]):
    """The nominee declines, saying why; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class CompleteMentorTraining(Command[UUID]):
    """The mentor completed the mentor training (recorded by an admin); returns the enrolment id."""

    program_id: UUID
    employee_id: str
    course: str


@dataclass(frozen=True, kw_only=True)
class UpdateMentorProfile(Change[UUID]):
    """The mentor changes topics, capacity or time set aside; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int


@dataclass(frozen=True, kw_only=True)
class WithdrawMentor(Change[UUID]):
    """The mentor stops taking new mentees, saying why; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class EnrolMentee(Command[UUID]):
    """The employee enrols as a mentee in the open round; returns the enrolment id."""

    program_id: UUID
    employee_id: str
    topics: tuple[str, ...]
    aim: str


_MentorChange = (  # the commands on an existing mentor enrolment
    AcceptNomination
    | DeclineNomination
    | CompleteMentorTraining
    | UpdateMentorProfile
    | WithdrawMentor
)


@handles(VolunteerAsMentor)
def volunteer_as_mentor(command: VolunteerAsMentor, changes: Changes) -> UUID:
    """The employee volunteers in the open round (once per program)."""
    program, round_number = _check_can_enrol_mentor(
        changes, command.program_id, command.employee_id, command.stamp.effective_date
    )
    enrolment = MentorEnrolment.volunteer(
        employee_id=command.employee_id,
        program_id=program.id,
        round_number=round_number,
        topics=tuple(command.topics),
        capacity=command.capacity,
        hours_per_month=command.hours_per_month,
        stamp=command.stamp,
    )
    return changes.add(enrolment).id


@handles(NominateMentor)
def nominate_mentor(command: NominateMentor, changes: Changes) -> UUID:
    """The executive nominates the employee in the open round (once per program)."""
    program, round_number = _check_can_enrol_mentor(
        changes, command.program_id, command.employee_id, command.stamp.effective_date
    )
    enrolment = MentorEnrolment.nominate(
        employee_id=command.employee_id,
        program_id=program.id,
        round_number=round_number,
        stamp=command.stamp,
    )
    return changes.add(enrolment).id


@handles(AcceptNomination)
def accept_nomination(command: AcceptNomination, changes: Changes) -> UUID:
    """The nominee accepts, stating the offer."""
    return _change_mentor(
        changes,
        command,
        lambda enrolment: enrolment.accept_nomination(
            topics=tuple(command.topics),
            capacity=command.capacity,
            hours_per_month=command.hours_per_month,
            stamp=command.stamp,
        ),
    )


@handles(DeclineNomination)
def decline_nomination(command: DeclineNomination, changes: Changes) -> UUID:
    """The nominee declines."""
    return _change_mentor(
        changes,
        command,
        lambda enrolment: enrolment.decline_nomination(reason=command.reason, stamp=command.stamp),
    )


@handles(CompleteMentorTraining)
def complete_mentor_training(command: CompleteMentorTraining, changes: Changes) -> UUID:
    """Record the mentor training (no new event if recorded already)."""
    return _change_mentor(
        changes,
        command,
        lambda enrolment: enrolment.complete_training(course=command.course, stamp=command.stamp),
    )


@handles(UpdateMentorProfile)
def update_mentor_profile(command: UpdateMentorProfile, changes: Changes) -> UUID:
    """The mentor states a new offer."""
    return _change_mentor(
        changes,
        command,
        lambda enrolment: enrolment.update_profile(
            topics=tuple(command.topics),
            capacity=command.capacity,
            hours_per_month=command.hours_per_month,
            stamp=command.stamp,
        ),
    )


@handles(WithdrawMentor)
def withdraw_mentor(command: WithdrawMentor, changes: Changes) -> UUID:
    """The mentor stops taking new mentees."""
    return _change_mentor(
        changes,
        command,
        lambda enrolment: enrolment.withdraw(reason=command.reason, stamp=command.stamp),
    )


@handles(EnrolMentee)
def enrol_mentee(command: EnrolMentee, changes: Changes) -> UUID:
    """The employee enrols as a mentee in the open round (once per program)."""
    if changes.exists(MenteeEnrolment.create_id(command.program_id, command.employee_id)):
        raise AlreadyExists(f"{command.employee_id} is enrolled as a mentee already")
    program, round_number = _check_round_open(
        changes, command.program_id, command.employee_id, command.stamp.effective_date
    )
    enrolment = MenteeEnrolment.enrol(
        employee_id=command.employee_id,
        program_id=program.id,
        round_number=round_number,
        topics=tuple(command.topics),
        aim=command.aim,
        stamp=command.stamp,
    )
    return changes.add(enrolment).id


def _change_mentor(
    changes: Changes, command: _MentorChange, change: Callable[[MentorEnrolment], None]
) -> UUID:
    """Change the named mentor's enrolment (at the expected version), the mentor employed."""
    enrolment = mentor_enrolment(changes, command.program_id, command.employee_id)
    if isinstance(command, Change):
        check_version(enrolment, command.expected_version)
    changes.employee(command.employee_id).check_employed_on(command.stamp.effective_date)
    change(enrolment)
    return enrolment.id


def _check_can_enrol_mentor(
    changes: Changes, program_id: UUID, employee_id: str, day: date
) -> tuple[Program, int]:
    if changes.exists(MentorEnrolment.create_id(program_id, employee_id)):
        raise AlreadyExists(f"{employee_id} is enrolled as a mentor already")
    return _check_round_open(changes, program_id, employee_id, day)


def _check_round_open(
    changes: Changes, program_id: UUID, employee_id: str, day: date
) -> tuple[Program, int]:
    """The program and the number of its round the employee may join on ``day``."""
    program = changes.get(Program, program_id)
    employee = changes.employee(employee_id)
    employee.check_employed_on(day)
    return program, program.check_round_open(day, employee.department)
