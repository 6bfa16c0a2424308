"""Mentorship requests: the mentee asks and withdraws, the mentor accepts or declines, and a
request past its respond-by date expires (with forwarding to the next ranked choice)."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from uuid import UUID, uuid4

from domain.base import SCHEDULER_ACTOR, Stamp
from domain.errors import EnrolmentNotFound
from domain.mentees import MenteeEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.requests import PENDING, MentorshipRequest
from services.changes import Changes
from services.command import Change, Command, command, handles
from services.matching import check_pair_allowed
from services.policies import (
    forward_request,
    mentor_enrolment,
    round_open_to,
    start_mentorship,
)


@command
class MakeRequest(Command[UUID]):
    """The mentee (the actor) asks ranked mentors, best first; returns the request id."""

    program_id: UUID
    topic: str
    choices: tuple[str, ...]
    reason: str
    respond_by: date
    request_id: UUID = field(default_factory=uuid4)

    @property
    def mentee_id(self) -> str:
        """The mentee is whoever asks."""
        return self.actor


@command
class AcceptRequest(Change[UUID]):
    """The addressed mentor (the actor) accepts; returns the mentorship id."""

    request_id: UUID


@command
class DeclineRequest(Change[UUID]):
    """The addressed mentor (the actor) declines, saying why; returns the request id."""

    request_id: UUID
    reason: str


@command
class WithdrawRequest(Change[UUID]):
    """The mentee (the actor) withdraws a pending request; returns the request id."""

    request_id: UUID
    reason: str


@command
class ExpireRequest(Command[bool]):
    """Expire the request if its respond-by date has passed on the stamp's date (idempotent).

    Returns whether an expiry was recorded now (False: not due, or no longer pending). An
    expired request with a further ranked choice is forwarded to it in the same save.
    """

    request_id: UUID

    @classmethod
    def on(cls, request_id: UUID, today: date, command_id: str | None = None) -> ExpireRequest:
        """The scheduler's expiry of ``request_id`` as of ``today``."""
        return cls(
            request_id=request_id, stamp=Stamp(SCHEDULER_ACTOR, today), command_id=command_id
        )

    def encode_result(self, result: bool) -> str:
        return "expired" if result else ""

    def decode_result(self, text: str) -> bool:
        return text == "expired"


@handles(MakeRequest)
def make_request(command: MakeRequest, changes: Changes) -> UUID:
    day = command.stamp.effective_date
    program, mentee, round_number = round_open_to(
        changes, command.program_id, command.mentee_id, day
    )
    program.check_round_admits_mentee(day, mentee.hris_id, mentee.hired_on)
    if not changes.exists(MenteeEnrolment.create_id(program.id, command.mentee_id)):
        raise EnrolmentNotFound(f"{command.mentee_id} is not enrolled as a mentee")
    request = MentorshipRequest.make(
        request_id=command.request_id,
        mentee_id=command.mentee_id,
        program_id=program.id,
        round_number=round_number,
        topic=command.topic,
        choices=tuple(command.choices),
        reason=command.reason,
        respond_by=command.respond_by,
        stamp=command.stamp,
    )
    for rank, mentor_id in enumerate(request.choices):
        mentor = changes.employee(mentor_id)
        check_pair_allowed(changes, program, mentee, mentor, day)
        enrolment = mentor_enrolment(changes, program.id, mentor_id)
        if rank == 0:
            enrolment.check_can_take(command.topic, program.rules.require_training)
    changes.add(request)
    for person in (mentee, changes.employee(request.mentor_id)):
        person.open_request(request_id=request.id, stamp=command.stamp)
    return request.id


@handles(AcceptRequest)
def accept_request(command: AcceptRequest, changes: Changes) -> UUID:
    stamp, mentor_id = command.stamp, command.actor
    request = changes.get(MentorshipRequest, command.request_id, command.expected_version)
    request.check_pending(stamp.effective_date)
    request.check_addressed_to(mentor_id)
    program = changes.get(Program, request.program_id)
    program.check_not_closed()
    mentee = changes.employee(request.mentee_id)
    mentor = changes.employee(mentor_id)
    check_pair_allowed(changes, program, mentee, mentor, stamp.effective_date)
    mentorship = Mentorship.match(
        mentee_id=mentee.hris_id,
        mentor_id=mentor_id,
        program_id=program.id,
        request_id=request.id,
        topic=request.topic,
        stamp=stamp,
    )
    request.accept(mentor_id=mentor_id, mentorship_id=mentorship.id, stamp=stamp)
    for person in (mentee, mentor):
        person.close_request(request_id=request.id, stamp=stamp)
    start_mentorship(changes, program, mentorship, mentee, mentor, stamp=stamp)
    return mentorship.id


@handles(DeclineRequest)
def decline_request(command: DeclineRequest, changes: Changes) -> UUID:
    request = changes.get(MentorshipRequest, command.request_id, command.expected_version)
    request.decline(mentor_id=command.actor, reason=command.reason, stamp=command.stamp)
    forward_request(changes, request, command.stamp.effective_date)
    return request.id


@handles(WithdrawRequest)
def withdraw_request(command: WithdrawRequest, changes: Changes) -> UUID:
    request = changes.get(MentorshipRequest, command.request_id, command.expected_version)
    request.withdraw(mentee_id=command.actor, reason=command.reason, stamp=command.stamp)
    for person in (request.mentee_id, request.mentor_id):
        changes.employee(person).close_request(request_id=request.id, stamp=command.stamp)
    return request.id


@handles(ExpireRequest)
def expire_request(command: ExpireRequest, changes: Changes) -> bool:
    request = changes.get(MentorshipRequest, command.request_id)
    today = command.stamp.effective_date
    if request.status != PENDING or today <= request.respond_by:
        return False
    request.expire(stamp=command.stamp)
    forward_request(changes, request, today)
    return True
