"""Policies across aggregates, shared by several use cases.

- Forwarding: a declined or expired request goes to the mentee's next choice; choices who left
  the company are declined on their behalf ("mentor left the company") and skipped.
- Ending a mentorship frees the mentor's slot and the pair's participation, in the same save.
"""

from __future__ import annotations

from datetime import date

from domain.base import SYSTEM_ACTOR
from domain.errors import EnrolmentNotFound
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import PENDING, MentorshipRequest
from services.changes import Changes

MENTOR_LEFT = "mentor left the company"


def forward_request(changes: Changes, request: MentorshipRequest, day: date) -> None:
    """After a decline or expiry: ask the next choice still employed, or close the request."""
    changes.employee(request.mentor_id).close_request(request.id, SYSTEM_ACTOR, day)
    while request.forward(SYSTEM_ACTOR, day) is not None:
        mentor = changes.find_employee(request.mentor_id)
        if mentor is not None and mentor.is_employed and mentor.hired_on <= day:
            mentor.open_request(request.id, SYSTEM_ACTOR, day)
            return
        request.decline(request.mentor_id, MENTOR_LEFT, SYSTEM_ACTOR, day)
    if request.status != PENDING:
        changes.employee(request.mentee_id).close_request(request.id, SYSTEM_ACTOR, day)


def end_mentorship(
    changes: Changes,
    mentorship: Mentorship,
    reason: str,
    note: str,
    actor: str,
    day: date,
) -> None:
    """End the mentorship, free the mentor's slot and both participations."""
    mentorship.end(reason, note, actor, day)
    enrolment = changes.get(
        MentorEnrolment,
        MentorEnrolment.create_id(mentorship.program_id, mentorship.mentor_id),
        EnrolmentNotFound,
        f"mentor enrolment of {mentorship.mentor_id}",
    )
    enrolment.release_mentee(mentorship.id, actor, day)
    for person in (mentorship.mentee_id, mentorship.mentor_id):
        changes.employee(person).leave_mentorship(mentorship.id, actor, day)
