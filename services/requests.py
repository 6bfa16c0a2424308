"""Mentorship requests: make, accept, decline, withdraw, expire (with forwarding)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import SCHEDULER_ACTOR
from domain.errors import EnrolmentNotFound, ProgramNotFound, RequestNotFound
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.requests import PENDING, MentorshipRequest
from services.changes import Changes
from services.core import Decision, ServiceCore
from services.matching import check_pair_allowed
from services.policies import forward_request


def _mentor_enrolment(changes: Changes, program_id: UUID, mentor_id: str) -> MentorEnrolment:
    return changes.get(
        MentorEnrolment,
        MentorEnrolment.create_id(program_id, mentor_id),
        EnrolmentNotFound,
        f"mentor enrolment of {mentor_id}",
    )


class RequestCommands(ServiceCore):
    """Commands of mentees (ask, withdraw), mentors (accept, decline) and the scheduler."""

    def make_request(
        self,
        *,
        command_id: str | None,
        mentee_id: str,
        program_id: UUID,
        topic: str,
        choices: tuple[str, ...],
        reason: str,
        respond_by: date,
        effective_date: date,
    ) -> UUID:
        """The mentee asks ranked mentors (best first); returns the request id."""

        def decide() -> Decision:
            changes = Changes(self)
            program = changes.get(Program, program_id, ProgramNotFound, f"program {program_id}")
            mentee = changes.employee(mentee_id)
            mentee.check_employed_on(effective_date)
            round_number = program.check_round_open(effective_date, mentee.department)
            if not self._exists(MenteeEnrolment.create_id(program_id, mentee_id)):
                raise EnrolmentNotFound(f"{mentee_id} is not enrolled as a mentee")
            request = MentorshipRequest.make(
                mentee_id=mentee_id,
                program_id=program_id,
                round_number=round_number,
                topic=topic,
                choices=tuple(choices),
                reason=reason,
                respond_by=respond_by,
                actor=mentee_id,
                effective_date=effective_date,
            )
            for rank, mentor_id in enumerate(request.choices):
                mentor = changes.employee(mentor_id)
                check_pair_allowed(changes, program, mentee, mentor, effective_date)
                enrolment = _mentor_enrolment(changes, program_id, mentor_id)
                if rank == 0:
                    enrolment.check_can_take(topic, program.rules.require_training)
            changes.add(request)
            mentee.open_request(request.id, mentee_id, effective_date)
            changes.employee(request.mentor_id).open_request(request.id, mentee_id, effective_date)
            return str(request.id), changes.all()

        return self._handle_id("make_request", command_id, mentee_id, effective_date, decide)

    def accept_request(
        self,
        *,
        command_id: str | None,
        request_id: UUID,
        mentor_id: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The addressed mentor accepts: the mentorship starts and takes a slot, in one save."""

        def decide() -> Decision:
            changes = Changes(self)
            request = self._request(changes, request_id)
            self._check_version(request, expected_version)
            request.check_pending(effective_date)
            request.check_addressed_to(mentor_id)
            program = changes.get(Program, request.program_id, ProgramNotFound, "program")
            program.check_not_closed()
            mentee = changes.employee(request.mentee_id)
            mentor = changes.employee(mentor_id)
            check_pair_allowed(changes, program, mentee, mentor, effective_date)
            mentorship_id = Mentorship.id_for_request(request.id)
            _mentor_enrolment(changes, program.id, mentor_id).take_mentee(
                mentorship_id,
                mentee.hris_id,
                program.rules.require_training,
                mentor_id,
                effective_date,
                topic=request.topic,
            )
            request.accept(mentor_id, mentorship_id, mentor_id, effective_date)
            changes.add(
                Mentorship.match(
                    mentee_id=mentee.hris_id,
                    mentor_id=mentor_id,
                    program_id=program.id,
                    request_id=request.id,
                    topic=request.topic,
                    actor=mentor_id,
                    effective_date=effective_date,
                )
            )
            for person, partner, role in (
                (mentee, mentor_id, "mentee"),
                (mentor, mentee.hris_id, "mentor"),
            ):
                person.close_request(request.id, mentor_id, effective_date)
                person.join_mentorship(
                    mentorship_id, program.id, partner, role, mentor_id, effective_date
                )
            return str(mentorship_id), changes.all()

        return self._handle_id("accept_request", command_id, mentor_id, effective_date, decide)

    def decline_request(
        self,
        *,
        command_id: str | None,
        request_id: UUID,
        mentor_id: str,
        reason: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The addressed mentor declines; the request goes on to the next choice, if any."""

        def decide() -> Decision:
            changes = Changes(self)
            request = self._request(changes, request_id)
            self._check_version(request, expected_version)
            request.decline(mentor_id, reason, mentor_id, effective_date)
            forward_request(changes, request, effective_date)
            return str(request.id), changes.all()

        return self._handle_id("decline_request", command_id, mentor_id, effective_date, decide)

    def withdraw_request(
        self,
        *,
        command_id: str | None,
        request_id: UUID,
        mentee_id: str,
        reason: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The mentee withdraws a pending request."""

        def decide() -> Decision:
            changes = Changes(self)
            request = self._request(changes, request_id)
            self._check_version(request, expected_version)
            request.withdraw(mentee_id, reason, mentee_id, effective_date)
            for person in (request.mentee_id, request.mentor_id):
                changes.employee(person).close_request(request.id, mentee_id, effective_date)
            return str(request.id), changes.all()

        return self._handle_id("withdraw_request", command_id, mentee_id, effective_date, decide)

    def expire_request(
        self, *, request_id: UUID, today: date, command_id: str | None = None
    ) -> bool:
        """Expire the request if its respond-by date has passed; idempotent.

        Returns whether an expiry was recorded now (False: not due, or no longer pending).
        An expired request with a further ranked choice is forwarded to it in the same save.
        """

        def decide() -> Decision:
            changes = Changes(self)
            request = self._request(changes, request_id)
            if request.status != PENDING or today <= request.respond_by:
                return "", []
            request.expire(SCHEDULER_ACTOR, today)
            forward_request(changes, request, today)
            return "expired", changes.all()

        outcome = self._handle("expire_request", command_id, SCHEDULER_ACTOR, today, decide)
        return outcome == "expired"

    def expire_due_requests(self, *, request_ids: list[UUID], today: date) -> list[UUID]:
        """Expire each due request of ``request_ids`` (scheduler's list); return those expired."""
        return [rid for rid in request_ids if self.expire_request(request_id=rid, today=today)]

    def get_request(self, request_id: UUID) -> MentorshipRequest:
        """The request aggregate (RequestNotFound if unknown)."""
        return self._load(MentorshipRequest, request_id, RequestNotFound, f"request {request_id}")

    @staticmethod
    def _request(changes: Changes, request_id: UUID) -> MentorshipRequest:
        return changes.get(MentorshipRequest, request_id, RequestNotFound, f"request {request_id}")
