"""Enrolment: mentors volunteer or are nominated, train, state their offer, withdraw;
mentees enrol."""

from __future__ import annotations

from uuid import UUID

from domain.conflicts import reporting_chain
from domain.errors import AlreadyExists
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.programs import Program
from services.changes import Changes
from services.command import (
    Change,
    Command,
    arguments,
    command,
    expected_version,
    found_by,
    handles,
    handles_call,
)
from services.policies import round_open_to


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
    round_number = _mentor_round(changes, command)
    return changes.add(
        MentorEnrolment.volunteer(**arguments(command), round_number=round_number)
    ).id


@handles(NominateMentor)
def nominate_mentor(command: NominateMentor, changes: Changes) -> UUID:
    """The executive nominates the employee in the open round (once per program), if the
    program allows the actor to nominate them (NotAllowedToNominate otherwise)."""
    round_number = _mentor_round(changes, command)
    check_may_nominate(changes, command)
    return changes.add(MentorEnrolment.nominate(**arguments(command), round_number=round_number)).id


def the_mentor(command: _MentorChange, changes: Changes) -> MentorEnrolment:
    """The named mentor's enrolment (at the expected version), the mentor employed."""
    enrolment_id = MentorEnrolment.create_id(command.program_id, command.employee_id)
    enrolment = changes.get(MentorEnrolment, enrolment_id, expected_version(command))
    changes.employee(command.employee_id).check_employed_on(command.stamp.effective_date)
    return enrolment


_ENROLMENT = ("program_id", "employee_id")
handles_call(AcceptNomination, the_mentor, MentorEnrolment.accept_nomination, but=_ENROLMENT)
handles_call(DeclineNomination, the_mentor, MentorEnrolment.decline_nomination, but=_ENROLMENT)
handles_call(CompleteMentorTraining, the_mentor, MentorEnrolment.complete_training, but=_ENROLMENT)
handles_call(UpdateMentorProfile, the_mentor, MentorEnrolment.update_profile, but=_ENROLMENT)
handles_call(WithdrawMentor, the_mentor, MentorEnrolment.withdraw, but=_ENROLMENT)


@handles(EnrolMentee)
def enrol_mentee(command: EnrolMentee, changes: Changes) -> UUID:
    """The employee enrols as a mentee in the open round (once per program), if the round's
    hire limits admit them."""
    if changes.exists(MenteeEnrolment.create_id(command.program_id, command.employee_id)):
        raise AlreadyExists(f"{command.employee_id} is enrolled as a mentee already")
    round_number = _round(changes, command)
    changes.get(Program, command.program_id).check_round_admits_mentee(
        command.stamp.effective_date,
        command.employee_id,
        changes.employee(command.employee_id).hired_on,
    )
    enrolment = MenteeEnrolment.enrol(**arguments(command), round_number=round_number)
    return changes.add(enrolment).id


handles_call(
    SetNominatorLevel,
    found_by(Program, "program_id"),
    Program.set_nominator_level,
    but=("program_id",),
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


def _mentor_round(changes: Changes, command: VolunteerAsMentor | NominateMentor) -> int:
    """The round the employee joins as a mentor in (AlreadyExists if enrolled as one already)."""
    if changes.exists(MentorEnrolment.create_id(command.program_id, command.employee_id)):
        raise AlreadyExists(f"{command.employee_id} is enrolled as a mentor already")
    return _round(changes, command)


def _round(changes: Changes, command: _Enrolling) -> int:
    """The number of the program's round open to the employee (employed on the stamp's date)."""
    _, _, round_number = round_open_to(
        changes, command.program_id, command.employee_id, command.stamp.effective_date
    )
    return round_number
