"""Policies across aggregates, shared by several use cases.

- Forwarding: a declined or expired request goes to the mentee's next choice; choices who left
  the company are declined on their behalf ("mentor left the company") and skipped.
- Starting a mentorship takes a slot of the mentor's capacity, and both people join it.
- Ending a mentorship frees the mentor's slot and the pair's participation, in the same save.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import SYSTEM_ACTOR, Stamp
from domain.employees import Employee
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import Program
from domain.requests import PENDING, MentorshipRequest
from domain.vocabulary import EndReason, Role
from services.changes import Changes

MENTOR_LEFT = "mentor left the company"


def mentor_enrolment(changes: Changes, program_id: UUID, mentor_id: str) -> MentorEnrolment:
    """The mentor enrolment of ``mentor_id`` in the program (EnrolmentNotFound if none)."""
    return changes.get(MentorEnrolment, MentorEnrolment.create_id(program_id, mentor_id))


def round_open_to(
    changes: Changes, program_id: UUID, employee_id: str, day: date
) -> tuple[Program, Employee, int]:
    """The program, the employee (employed on ``day``) and the number of the round open to
    them on ``day`` (RoundNotOpen, NotEligibleForRound otherwise)."""
    program = changes.get(Program, program_id)
    employee = changes.employee(employee_id)
    employee.check_employed_on(day)
    return program, employee, program.check_round_open(day, employee.department)


def forward_request(changes: Changes, request: MentorshipRequest, day: date) -> None:
    """After a decline or expiry: ask the next choice still employed, or close the request."""
    stamp = Stamp(SYSTEM_ACTOR, day)
    changes.employee(request.mentor_id).close_request(request_id=request.id, stamp=stamp)
    while request.forward(stamp=stamp) is not None:
        mentor = changes.find_employee(request.mentor_id)
        if mentor is not None and mentor.is_employed and mentor.hired_on <= day:
            mentor.open_request(request_id=request.id, stamp=stamp)
            return
        request.decline(mentor_id=request.mentor_id, reason=MENTOR_LEFT, stamp=stamp)
    if request.status != PENDING:
        changes.employee(request.mentee_id).close_request(request_id=request.id, stamp=stamp)


def start_mentorship(
    changes: Changes,
    program: Program,
    mentorship: Mentorship,
    mentee: Employee,
    mentor: Employee,
    *,
    stamp: Stamp,
) -> None:
    """Start the new mentorship in the program: the mentor takes the mentee (capacity, training
    and topic checked), and both join it, each in their role."""
    enrolment = mentor_enrolment(changes, program.id, mentor.hris_id)
    enrolment.take_mentee(
        mentorship_id=mentorship.id,
        mentee_id=mentee.hris_id,
        require_training=program.rules.require_training,
        topic=mentorship.topic,
        stamp=stamp,
    )
    changes.add(mentorship)
    for person, partner, role in (
        (mentee, mentor.hris_id, Role.MENTEE),
        (mentor, mentee.hris_id, Role.MENTOR),
    ):
        person.join_mentorship(
            mentorship_id=mentorship.id,
            program_id=mentorship.program_id,
            partner_id=partner,
            role=role,
            stamp=stamp,
        )


def end_mentorship(
    changes: Changes, mentorship: Mentorship, *, reason: EndReason, note: str, stamp: Stamp
) -> None:
    """End the mentorship, free the mentor's slot and both participations."""
    mentorship.end(reason=reason, note=note, stamp=stamp)
    enrolment = mentor_enrolment(changes, mentorship.program_id, mentorship.mentor_id)
    enrolment.release_mentee(mentorship_id=mentorship.id, stamp=stamp)
    for person in (mentorship.mentee_id, mentorship.mentor_id):
        changes.employee(person).leave_mentorship(mentorship_id=mentorship.id, stamp=stamp)
