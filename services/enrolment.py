"""Enrolment: mentors volunteer or are nominated, train, state their offer, withdraw;
mentees enrol."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict
from uuid import UUID

from domain.conflicts import reporting_chain
from domain.errors import AlreadyExists
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.programs import Program
from services.changes import Changes
from services.command import Change, Command, command, handles
from services.policies import round_open_to


class Joining(TypedDict):
    """Where an enrolment starts: the employee, the program and the round open to them."""

    employee_id: str
    program_id: UUID
    round_number: int


class Offer(TypedDict):
    """What a mentor offers, as the enrolment's methods take it."""

    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int


@command
class EnrolmentFields:
    """The fields naming an enrolment: the program and the enrolled employee."""

    program_id: UUID
    employee_id: str


@command
class OfferFields(EnrolmentFields):
    """The fields of a mentor's offer: topics, how many mentees, hours set aside a month."""

    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int

    @property
    def offer(self) -> Offer:
        """The offer the command states."""
        return Offer(
            topics=tuple(self.topics), capacity=self.capacity, hours_per_month=self.hours_per_month
        )


@command
class VolunteerAsMentor(OfferFields, Command[UUID]):
    """The employee opts in as a mentor in the open round; returns the enrolment id."""


@command
class NominateMentor(EnrolmentFields, Command[UUID]):
    """An executive (the actor) nominates the employee as a mentor; returns the enrolment id."""


@command
class AcceptNomination(OfferFields, Change[UUID]):
    """The nominee accepts, stating topics, capacity and time; returns the enrolment id."""


@command
class DeclineNomination(EnrolmentFields, Change[UUID]):
    """The nominee declines, saying why; returns the enrolment id."""

    reason: str


@command
class CompleteMentorTraining(EnrolmentFields, Command[UUID]):
    """The mentor completed the mentor training (recorded by an admin); returns the enrolment id."""

    course: str


@command
class UpdateMentorProfile(OfferFields, Change[UUID]):
    """The mentor changes topics, capacity or time set aside; returns the enrolment id."""


@command
class WithdrawMentor(EnrolmentFields, Change[UUID]):
    """The mentor stops taking new mentees, saying why; returns the enrolment id."""

    reason: str


@command
class EnrolMentee(EnrolmentFields, Command[UUID]):
    """The employee enrols as a mentee in the open round; returns the enrolment id."""

    topics: tuple[str, ...]
    aim: str


@command
class SetNominatorLevel(Change[UUID]):
    """An admin sets who may nominate mentors besides the sponsor: employees at or above
    ``nominator_level`` (None: the managers in the nominee's reporting line); returns the
    program id."""

    program_id: UUID
    nominator_level: int | None


_Enrolling = VolunteerAsMentor | NominateMentor | EnrolMentee
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
    joining = _mentor_joining(changes, command)
    return changes.add(
        MentorEnrolment.volunteer(**joining, **command.offer, stamp=command.stamp)
    ).id


@handles(NominateMentor)
def nominate_mentor(command: NominateMentor, changes: Changes) -> UUID:
    """The executive nominates the employee in the open round (once per program), if the
    program allows the actor to nominate them (NotAllowedToNominate otherwise)."""
    joining = _mentor_joining(changes, command)
    check_may_nominate(changes, command)
    return changes.add(MentorEnrolment.nominate(**joining, stamp=command.stamp)).id


@handles(AcceptNomination)
def accept_nomination(command: AcceptNomination, changes: Changes) -> UUID:
    """The nominee accepts, stating the offer."""
    return _change_mentor(
        changes,
        command,
        lambda mentor: mentor.accept_nomination(**command.offer, stamp=command.stamp),
    )


@handles(DeclineNomination)
def decline_nomination(command: DeclineNomination, changes: Changes) -> UUID:
    """The nominee declines."""
    return _change_mentor(
        changes,
        command,
        lambda mentor: mentor.decline_nomination(reason=command.reason, stamp=command.stamp),
    )


@handles(CompleteMentorTraining)
def complete_mentor_training(command: CompleteMentorTraining, changes: Changes) -> UUID:
    """Record the mentor training (no new event if recorded already)."""
    return _change_mentor(
        changes,
        command,
        lambda mentor: mentor.complete_training(course=command.course, stamp=command.stamp),
    )


@handles(UpdateMentorProfile)
def update_mentor_profile(command: UpdateMentorProfile, changes: Changes) -> UUID:
    """The mentor states a new offer."""
    return _change_mentor(
        changes, command, lambda mentor: mentor.update_profile(**command.offer, stamp=command.stamp)
    )


@handles(WithdrawMentor)
def withdraw_mentor(command: WithdrawMentor, changes: Changes) -> UUID:
    """The mentor stops taking new mentees."""
    return _change_mentor(
        changes, command, lambda mentor: mentor.withdraw(reason=command.reason, stamp=command.stamp)
    )


@handles(EnrolMentee)
def enrol_mentee(command: EnrolMentee, changes: Changes) -> UUID:
    """The employee enrols as a mentee in the open round (once per program), if the round's
    hire limits admit them."""
    if changes.exists(MenteeEnrolment.create_id(command.program_id, command.employee_id)):
        raise AlreadyExists(f"{command.employee_id} is enrolled as a mentee already")
    joining = _joining(changes, command)
    changes.get(Program, command.program_id).check_round_admits_mentee(
        command.stamp.effective_date,
        command.employee_id,
        changes.employee(command.employee_id).hired_on,
    )
    enrolment = MenteeEnrolment.enrol(
        **joining,
        topics=tuple(command.topics),
        aim=command.aim,
        stamp=command.stamp,
    )
    return changes.add(enrolment).id


def _change_mentor(
    changes: Changes, command: _MentorChange, change: Callable[[MentorEnrolment], None]
) -> UUID:
    """Change the named mentor's enrolment (at the expected version), the mentor employed."""

    def change_if_employed(enrolment: MentorEnrolment) -> None:
        changes.employee(command.employee_id).check_employed_on(command.stamp.effective_date)
        change(enrolment)

    enrolment_id = MentorEnrolment.create_id(command.program_id, command.employee_id)
    expected_version = command.expected_version if isinstance(command, Change) else None
    return changes.change(MentorEnrolment, enrolment_id, expected_version, change_if_employed)


@handles(SetNominatorLevel)
def set_nominator_level(command: SetNominatorLevel, changes: Changes) -> UUID:
    """Change who the program lets nominate (at the program version the command expects)."""
    return changes.change(
        Program,
        command.program_id,
        command.expected_version,
        lambda program: program.set_nominator_level(
            nominator_level=command.nominator_level, stamp=command.stamp
        ),
    )


NOMINEE_LINE_DEPTH = 32
"""How far up the nominee's reporting line a nominating manager may be."""


def check_may_nominate(changes: Changes, command: NominateMentor) -> None:
    """Refuse a nominator the program does not allow (the sponsor, admins and, by default, the
    nominee's managers may nominate; see ``Program.check_may_nominate``)."""
    actor = command.stamp.actor
    nominator = changes.find_employee(actor)
    nominee = changes.employee(command.employee_id)
    changes.get(Program, command.program_id).check_may_nominate(
        nominator_id=actor,
        nominator_level=None if nominator is None else nominator.job_level,
        nominee_line=reporting_chain(nominee, NOMINEE_LINE_DEPTH, changes.find_employee),
    )


def _mentor_joining(changes: Changes, command: VolunteerAsMentor | NominateMentor) -> Joining:
    """Where the employee joins as a mentor (AlreadyExists if enrolled as one already)."""
    if changes.exists(MentorEnrolment.create_id(command.program_id, command.employee_id)):
        raise AlreadyExists(f"{command.employee_id} is enrolled as a mentor already")
    return _joining(changes, command)


def _joining(changes: Changes, command: _Enrolling) -> Joining:
    """The program, the employee (employed on the stamp's date) and the round open to them."""
    program, _, round_number = round_open_to(
        changes, command.program_id, command.employee_id, command.stamp.effective_date
    )
    return Joining(
        employee_id=command.employee_id, program_id=program.id, round_number=round_number
    )
