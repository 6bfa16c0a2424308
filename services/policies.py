"""Policies across aggregates, shared by several use cases.

- Forwarding: a declined or expired request goes to the mentee's next choice; choices who left
  the company are declined on their behalf ("mentor left the company") and skipped.
- Ending a mentorship frees the mentor's slot and the pair's participation, in the same save.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import SYSTEM_ACTOR, Stamp
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import PENDING, MentorshipRequest
from domain.vocabulary import EndReason
from services.changes import Changes

MENTOR_LEFT = "mentor left the company"


def mentor_enrolment(changes: Changes, program_id: UUID, mentor_id: str) -> MentorEnrolment:
    """The mentor enrolment of ``mentor_id`` in the program (EnrolmentNotFound if none)."""
    return changes.get(MentorEnrolment, MentorEnrolment.create_id(program_id, mentor_id))


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


def end_mentorship(
    changes: Changes, mentorship: Mentorship, *, reason: EndReason, note: str, stamp: Stamp
) -> None:
    """End the mentorship, free the mentor's slot and both participations."""
    mentorship.end(reason=reason, note=note, stamp=stamp)
    enrolment = mentor_enrolment(changes, mentorship.program_id, mentorship.mentor_id)
    enrolment.release_mentee(mentorship_id=mentorship.id, stamp=stamp)
    for person in (mentorship.mentee_id, mentorship.mentor_id):
        changes.employee(person).leave_mentorship(mentorship_id=mentorship.id, stamp=stamp)
